"""Contains all the data models used in inputs/outputs"""

from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_list import ApiKeyList
from .api_key_response import ApiKeyResponse
from .attempt import Attempt
from .attempt_outcome import AttemptOutcome
from .blocklist import Blocklist
from .blocklist_changed import BlocklistChanged
from .business_profile import BusinessProfile
from .business_profile_hours_item import BusinessProfileHoursItem
from .call import Call
from .call_data import CallData
from .call_data_status import CallDataStatus
from .call_list import CallList
from .call_rejected import CallRejected
from .call_settings import CallSettings
from .call_settings_update import CallSettingsUpdate
from .call_status import CallStatus
from .captioned_media_message import CaptionedMediaMessage
from .captioned_media_upload import CaptionedMediaUpload
from .change_chat_state_response_200 import ChangeChatStateResponse200
from .channel import Channel
from .channel_post import ChannelPost
from .channel_role import ChannelRole
from .chat_presence import ChatPresence
from .chat_presence_state import ChatPresenceState
from .chat_state_change import ChatStateChange
from .contact_fields import ContactFields
from .contact_response import ContactResponse
from .contacts_message import ContactsMessage
from .delete_event_stream_response_200 import DeleteEventStreamResponse200
from .delete_response import DeleteResponse
from .delete_response_purged import DeleteResponsePurged
from .delete_webhook_endpoint_response_200 import DeleteWebhookEndpointResponse200
from .delivery_fields import DeliveryFields
from .delivery_status import DeliveryStatus
from .document_message import DocumentMessage
from .document_upload import DocumentUpload
from .edit_message import EditMessage
from .endpoint import Endpoint
from .endpoint_create import EndpointCreate
from .endpoint_disabled_reason_type_1 import EndpointDisabledReasonType1
from .endpoint_headers import EndpointHeaders
from .endpoint_list import EndpointList
from .endpoint_response import EndpointResponse
from .endpoint_update import EndpointUpdate
from .endpoint_with_secret import EndpointWithSecret
from .error import Error
from .error_data_type_0 import ErrorDataType0
from .error_data_type_1 import ErrorDataType1
from .error_data_type_2 import ErrorDataType2
from .error_data_type_3 import ErrorDataType3
from .event import Event
from .event_data import EventData
from .event_type import EventType
from .field_error import FieldError
from .follow_channel_response_200 import FollowChannelResponse200
from .forward_message import ForwardMessage
from .get_business_profile_response_200 import GetBusinessProfileResponse200
from .get_channel_response_200 import GetChannelResponse200
from .get_stored_message_response_200 import GetStoredMessageResponse200
from .get_webhook_delivery_response_200 import GetWebhookDeliveryResponse200
from .group import Group
from .group_create import GroupCreate
from .group_id_response import GroupIdResponse
from .group_invite import GroupInvite
from .group_join import GroupJoin
from .group_list import GroupList
from .group_participants_item import GroupParticipantsItem
from .group_participants_item_role import GroupParticipantsItemRole
from .group_picture_response import GroupPictureResponse
from .group_picture_upload import GroupPictureUpload
from .group_response import GroupResponse
from .group_settings import GroupSettings
from .group_settings_change import GroupSettingsChange
from .group_settings_change_disappearing_timer import GroupSettingsChangeDisappearingTimer
from .group_settings_change_member_add_mode import GroupSettingsChangeMemberAddMode
from .group_settings_member_add_mode import GroupSettingsMemberAddMode
from .group_update import GroupUpdate
from .group_update_data import GroupUpdateData
from .group_update_data_action import GroupUpdateDataAction
from .health_check_failed_data import HealthCheckFailedData
from .history_request import HistoryRequest
from .history_requested import HistoryRequested
from .history_sync_data import HistorySyncData
from .history_sync_data_status import HistorySyncDataStatus
from .join_request_list import JoinRequestList
from .join_request_list_requests_item import JoinRequestListRequestsItem
from .join_requests_answer import JoinRequestsAnswer
from .join_requests_answer_action import JoinRequestsAnswerAction
from .lid_pair_response import LidPairResponse
from .link_preview_fields import LinkPreviewFields
from .list_channel_posts_response_200 import ListChannelPostsResponse200
from .list_channels_response_200 import ListChannelsResponse200
from .list_chat_messages_direction import ListChatMessagesDirection
from .list_chat_messages_response_200 import ListChatMessagesResponse200
from .list_chats_response_200 import ListChatsResponse200
from .list_contacts_response_200 import ListContactsResponse200
from .list_webhook_attempts_response_200 import ListWebhookAttemptsResponse200
from .list_webhook_deliveries_response_200 import ListWebhookDeliveriesResponse200
from .location_message import LocationMessage
from .mark_read import MarkRead
from .marked_read import MarkedRead
from .media_announcement import MediaAnnouncement
from .media_announcement_type import MediaAnnouncementType
from .media_message import MediaMessage
from .media_send_response import MediaSendResponse
from .media_send_response_kind import MediaSendResponseKind
from .media_upload import MediaUpload
from .message_data import MessageData
from .message_data_contacts_item import MessageDataContactsItem
from .message_data_location import MessageDataLocation
from .message_data_poll import MessageDataPoll
from .message_data_type import MessageDataType
from .message_edited_data import MessageEditedData
from .message_revoked_data import MessageRevokedData
from .message_store import MessageStore
from .metrics_response import MetricsResponse
from .metrics_summary import MetricsSummary
from .metrics_summary_sessions_by_state import MetricsSummarySessionsByState
from .number_check import NumberCheck
from .number_check_response import NumberCheckResponse
from .number_check_response_numbers_item import NumberCheckResponseNumbersItem
from .outgoing_message import OutgoingMessage
from .pacing_response import PacingResponse
from .pacing_settings import PacingSettings
from .pairing_code_request import PairingCodeRequest
from .participants_change import ParticipantsChange
from .participants_change_action import ParticipantsChangeAction
from .participants_changed import ParticipantsChanged
from .participants_changed_action import ParticipantsChangedAction
from .participants_changed_participants_item import ParticipantsChangedParticipantsItem
from .participants_changed_participants_item_status import ParticipantsChangedParticipantsItemStatus
from .person import Person
from .picture_upload import PictureUpload
from .pin_message import PinMessage
from .pin_message_duration import PinMessageDuration
from .poll_message import PollMessage
from .poll_vote_data import PollVoteData
from .presence import Presence
from .presence_data import PresenceData
from .presence_data_state import PresenceDataState
from .presence_set import PresenceSet
from .presence_set_state import PresenceSetState
from .presence_subscribed import PresenceSubscribed
from .privacy_change import PrivacyChange
from .privacy_change_about_type_1 import PrivacyChangeAboutType1
from .privacy_change_about_type_2_type_1 import PrivacyChangeAboutType2Type1
from .privacy_change_about_type_3_type_1 import PrivacyChangeAboutType3Type1
from .privacy_change_calls_type_1 import PrivacyChangeCallsType1
from .privacy_change_calls_type_2_type_1 import PrivacyChangeCallsType2Type1
from .privacy_change_calls_type_3_type_1 import PrivacyChangeCallsType3Type1
from .privacy_change_groups_type_1 import PrivacyChangeGroupsType1
from .privacy_change_groups_type_2_type_1 import PrivacyChangeGroupsType2Type1
from .privacy_change_groups_type_3_type_1 import PrivacyChangeGroupsType3Type1
from .privacy_change_last_seen_type_1 import PrivacyChangeLastSeenType1
from .privacy_change_last_seen_type_2_type_1 import PrivacyChangeLastSeenType2Type1
from .privacy_change_last_seen_type_3_type_1 import PrivacyChangeLastSeenType3Type1
from .privacy_change_online_type_1 import PrivacyChangeOnlineType1
from .privacy_change_online_type_2_type_1 import PrivacyChangeOnlineType2Type1
from .privacy_change_online_type_3_type_1 import PrivacyChangeOnlineType3Type1
from .privacy_change_picture_type_1 import PrivacyChangePictureType1
from .privacy_change_picture_type_2_type_1 import PrivacyChangePictureType2Type1
from .privacy_change_picture_type_3_type_1 import PrivacyChangePictureType3Type1
from .privacy_change_read_receipts_type_1 import PrivacyChangeReadReceiptsType1
from .privacy_change_read_receipts_type_2_type_1 import PrivacyChangeReadReceiptsType2Type1
from .privacy_change_read_receipts_type_3_type_1 import PrivacyChangeReadReceiptsType3Type1
from .privacy_settings import PrivacySettings
from .profile_update import ProfileUpdate
from .reaction_data import ReactionData
from .reaction_message import ReactionMessage
from .receipt_data import ReceiptData
from .receipt_data_status import ReceiptDataStatus
from .remove_profile_picture_response_200 import RemoveProfilePictureResponse200
from .replay_request import ReplayRequest
from .replay_request_statuses_item import ReplayRequestStatusesItem
from .replay_webhook_deliveries_response_202 import ReplayWebhookDeliveriesResponse202
from .replay_webhook_delivery_response_202 import ReplayWebhookDeliveryResponse202
from .replay_webhook_delivery_response_202_previous_status import (
    ReplayWebhookDeliveryResponse202PreviousStatus,
)
from .rotate_secret import RotateSecret
from .scope import Scope
from .search_messages_response_200 import SearchMessagesResponse200
from .send_request import SendRequest
from .send_response import SendResponse
from .send_webhook_test_response_202 import SendWebhookTestResponse202
from .session_fields import SessionFields
from .session_fields_engine import SessionFieldsEngine
from .session_list import SessionList
from .session_status import SessionStatus
from .set_profile_picture_response_200 import SetProfilePictureResponse200
from .status_data import StatusData
from .stored_chat import StoredChat
from .stored_chat_kind import StoredChatKind
from .stored_chat_last_message import StoredChatLastMessage
from .stored_chat_last_message_direction import StoredChatLastMessageDirection
from .stored_contact import StoredContact
from .stored_message import StoredMessage
from .stored_message_content_type_0 import StoredMessageContentType0
from .stored_message_direction import StoredMessageDirection
from .stored_message_edits_item import StoredMessageEditsItem
from .stored_message_kind import StoredMessageKind
from .stored_message_media_type_0 import StoredMessageMediaType0
from .stored_message_poll_type_0 import StoredMessagePollType0
from .stored_message_poll_type_0_tally import StoredMessagePollType0Tally
from .stored_message_poll_type_0_votes import StoredMessagePollType0Votes
from .stored_message_reactions_item import StoredMessageReactionsItem
from .stored_message_status import StoredMessageStatus
from .stored_message_status_history_item import StoredMessageStatusHistoryItem
from .stream import Stream
from .stream_create import StreamCreate
from .stream_create_kind import StreamCreateKind
from .stream_gap import StreamGap
from .stream_kind import StreamKind
from .stream_list import StreamList
from .stream_response import StreamResponse
from .subscribed import Subscribed
from .tenant import Tenant
from .tenant_create import TenantCreate
from .tenant_create_engine_type_1 import TenantCreateEngineType1
from .tenant_create_engine_type_2_type_1 import TenantCreateEngineType2Type1
from .tenant_create_engine_type_3_type_1 import TenantCreateEngineType3Type1
from .tenant_create_message_store import TenantCreateMessageStore
from .tenant_engine_type_1 import TenantEngineType1
from .tenant_engine_type_2_type_1 import TenantEngineType2Type1
from .tenant_engine_type_3_type_1 import TenantEngineType3Type1
from .tenant_list import TenantList
from .tenant_proxy_response import TenantProxyResponse
from .tenant_proxy_response_proxy_type_1 import TenantProxyResponseProxyType1
from .tenant_proxy_set import TenantProxySet
from .tenant_response import TenantResponse
from .tenant_update import TenantUpdate
from .tenant_update_engine_type_1 import TenantUpdateEngineType1
from .tenant_update_engine_type_2_type_1 import TenantUpdateEngineType2Type1
from .tenant_update_engine_type_3_type_1 import TenantUpdateEngineType3Type1
from .text_message import TextMessage
from .transition_data import TransitionData
from .unfollow_channel_response_200 import UnfollowChannelResponse200
from .update_profile_response_200 import UpdateProfileResponse200
from .view_once_message import ViewOnceMessage
from .view_once_upload import ViewOnceUpload
from .webhook_event_type_type_1 import WebhookEventTypeType1
from .webhook_headers_type_0 import WebhookHeadersType0
from .webhook_payload import WebhookPayload
from .webhook_payload_data import WebhookPayloadData

__all__ = (
    "ApiKey",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyList",
    "ApiKeyResponse",
    "Attempt",
    "AttemptOutcome",
    "Blocklist",
    "BlocklistChanged",
    "BusinessProfile",
    "BusinessProfileHoursItem",
    "Call",
    "CallData",
    "CallDataStatus",
    "CallList",
    "CallRejected",
    "CallSettings",
    "CallSettingsUpdate",
    "CallStatus",
    "CaptionedMediaMessage",
    "CaptionedMediaUpload",
    "ChangeChatStateResponse200",
    "Channel",
    "ChannelPost",
    "ChannelRole",
    "ChatPresence",
    "ChatPresenceState",
    "ChatStateChange",
    "ContactFields",
    "ContactResponse",
    "ContactsMessage",
    "DeleteEventStreamResponse200",
    "DeleteResponse",
    "DeleteResponsePurged",
    "DeleteWebhookEndpointResponse200",
    "DeliveryFields",
    "DeliveryStatus",
    "DocumentMessage",
    "DocumentUpload",
    "EditMessage",
    "Endpoint",
    "EndpointCreate",
    "EndpointDisabledReasonType1",
    "EndpointHeaders",
    "EndpointList",
    "EndpointResponse",
    "EndpointUpdate",
    "EndpointWithSecret",
    "Error",
    "ErrorDataType0",
    "ErrorDataType1",
    "ErrorDataType2",
    "ErrorDataType3",
    "Event",
    "EventData",
    "EventType",
    "FieldError",
    "FollowChannelResponse200",
    "ForwardMessage",
    "GetBusinessProfileResponse200",
    "GetChannelResponse200",
    "GetStoredMessageResponse200",
    "GetWebhookDeliveryResponse200",
    "Group",
    "GroupCreate",
    "GroupIdResponse",
    "GroupInvite",
    "GroupJoin",
    "GroupList",
    "GroupParticipantsItem",
    "GroupParticipantsItemRole",
    "GroupPictureResponse",
    "GroupPictureUpload",
    "GroupResponse",
    "GroupSettings",
    "GroupSettingsChange",
    "GroupSettingsChangeDisappearingTimer",
    "GroupSettingsChangeMemberAddMode",
    "GroupSettingsMemberAddMode",
    "GroupUpdate",
    "GroupUpdateData",
    "GroupUpdateDataAction",
    "HealthCheckFailedData",
    "HistoryRequest",
    "HistoryRequested",
    "HistorySyncData",
    "HistorySyncDataStatus",
    "JoinRequestList",
    "JoinRequestListRequestsItem",
    "JoinRequestsAnswer",
    "JoinRequestsAnswerAction",
    "LidPairResponse",
    "LinkPreviewFields",
    "ListChannelPostsResponse200",
    "ListChannelsResponse200",
    "ListChatMessagesDirection",
    "ListChatMessagesResponse200",
    "ListChatsResponse200",
    "ListContactsResponse200",
    "ListWebhookAttemptsResponse200",
    "ListWebhookDeliveriesResponse200",
    "LocationMessage",
    "MarkedRead",
    "MarkRead",
    "MediaAnnouncement",
    "MediaAnnouncementType",
    "MediaMessage",
    "MediaSendResponse",
    "MediaSendResponseKind",
    "MediaUpload",
    "MessageData",
    "MessageDataContactsItem",
    "MessageDataLocation",
    "MessageDataPoll",
    "MessageDataType",
    "MessageEditedData",
    "MessageRevokedData",
    "MessageStore",
    "MetricsResponse",
    "MetricsSummary",
    "MetricsSummarySessionsByState",
    "NumberCheck",
    "NumberCheckResponse",
    "NumberCheckResponseNumbersItem",
    "OutgoingMessage",
    "PacingResponse",
    "PacingSettings",
    "PairingCodeRequest",
    "ParticipantsChange",
    "ParticipantsChangeAction",
    "ParticipantsChanged",
    "ParticipantsChangedAction",
    "ParticipantsChangedParticipantsItem",
    "ParticipantsChangedParticipantsItemStatus",
    "Person",
    "PictureUpload",
    "PinMessage",
    "PinMessageDuration",
    "PollMessage",
    "PollVoteData",
    "Presence",
    "PresenceData",
    "PresenceDataState",
    "PresenceSet",
    "PresenceSetState",
    "PresenceSubscribed",
    "PrivacyChange",
    "PrivacyChangeAboutType1",
    "PrivacyChangeAboutType2Type1",
    "PrivacyChangeAboutType3Type1",
    "PrivacyChangeCallsType1",
    "PrivacyChangeCallsType2Type1",
    "PrivacyChangeCallsType3Type1",
    "PrivacyChangeGroupsType1",
    "PrivacyChangeGroupsType2Type1",
    "PrivacyChangeGroupsType3Type1",
    "PrivacyChangeLastSeenType1",
    "PrivacyChangeLastSeenType2Type1",
    "PrivacyChangeLastSeenType3Type1",
    "PrivacyChangeOnlineType1",
    "PrivacyChangeOnlineType2Type1",
    "PrivacyChangeOnlineType3Type1",
    "PrivacyChangePictureType1",
    "PrivacyChangePictureType2Type1",
    "PrivacyChangePictureType3Type1",
    "PrivacyChangeReadReceiptsType1",
    "PrivacyChangeReadReceiptsType2Type1",
    "PrivacyChangeReadReceiptsType3Type1",
    "PrivacySettings",
    "ProfileUpdate",
    "ReactionData",
    "ReactionMessage",
    "ReceiptData",
    "ReceiptDataStatus",
    "RemoveProfilePictureResponse200",
    "ReplayRequest",
    "ReplayRequestStatusesItem",
    "ReplayWebhookDeliveriesResponse202",
    "ReplayWebhookDeliveryResponse202",
    "ReplayWebhookDeliveryResponse202PreviousStatus",
    "RotateSecret",
    "Scope",
    "SearchMessagesResponse200",
    "SendRequest",
    "SendResponse",
    "SendWebhookTestResponse202",
    "SessionFields",
    "SessionFieldsEngine",
    "SessionList",
    "SessionStatus",
    "SetProfilePictureResponse200",
    "StatusData",
    "StoredChat",
    "StoredChatKind",
    "StoredChatLastMessage",
    "StoredChatLastMessageDirection",
    "StoredContact",
    "StoredMessage",
    "StoredMessageContentType0",
    "StoredMessageDirection",
    "StoredMessageEditsItem",
    "StoredMessageKind",
    "StoredMessageMediaType0",
    "StoredMessagePollType0",
    "StoredMessagePollType0Tally",
    "StoredMessagePollType0Votes",
    "StoredMessageReactionsItem",
    "StoredMessageStatus",
    "StoredMessageStatusHistoryItem",
    "Stream",
    "StreamCreate",
    "StreamCreateKind",
    "StreamGap",
    "StreamKind",
    "StreamList",
    "StreamResponse",
    "Subscribed",
    "Tenant",
    "TenantCreate",
    "TenantCreateEngineType1",
    "TenantCreateEngineType2Type1",
    "TenantCreateEngineType3Type1",
    "TenantCreateMessageStore",
    "TenantEngineType1",
    "TenantEngineType2Type1",
    "TenantEngineType3Type1",
    "TenantList",
    "TenantProxyResponse",
    "TenantProxyResponseProxyType1",
    "TenantProxySet",
    "TenantResponse",
    "TenantUpdate",
    "TenantUpdateEngineType1",
    "TenantUpdateEngineType2Type1",
    "TenantUpdateEngineType3Type1",
    "TextMessage",
    "TransitionData",
    "UnfollowChannelResponse200",
    "UpdateProfileResponse200",
    "ViewOnceMessage",
    "ViewOnceUpload",
    "WebhookEventTypeType1",
    "WebhookHeadersType0",
    "WebhookPayload",
    "WebhookPayloadData",
)
