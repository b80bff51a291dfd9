"""Contains all the data models used in inputs/outputs"""

from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_list import ApiKeyList
from .api_key_response import ApiKeyResponse
from .attempt import Attempt
from .attempt_outcome import AttemptOutcome
from .business_profile import BusinessProfile
from .business_profile_hours_item import BusinessProfileHoursItem
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
from .event import Event
from .event_data import EventData
from .event_type import EventType
from .field_error import FieldError
from .follow_channel_response_200 import FollowChannelResponse200
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
from .group_response import GroupResponse
from .group_update import GroupUpdate
from .group_update_data import GroupUpdateData
from .group_update_data_action import GroupUpdateDataAction
from .health_check_failed_data import HealthCheckFailedData
from .history_request import HistoryRequest
from .history_requested import HistoryRequested
from .history_sync_data import HistorySyncData
from .history_sync_data_status import HistorySyncDataStatus
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
from .tenant_response import TenantResponse
from .tenant_update import TenantUpdate
from .tenant_update_engine_type_1 import TenantUpdateEngineType1
from .tenant_update_engine_type_2_type_1 import TenantUpdateEngineType2Type1
from .tenant_update_engine_type_3_type_1 import TenantUpdateEngineType3Type1
from .text_message import TextMessage
from .transition_data import TransitionData
from .unfollow_channel_response_200 import UnfollowChannelResponse200
from .update_profile_response_200 import UpdateProfileResponse200
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
    "BusinessProfile",
    "BusinessProfileHoursItem",
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
    "Event",
    "EventData",
    "EventType",
    "FieldError",
    "FollowChannelResponse200",
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
    "GroupResponse",
    "GroupUpdate",
    "GroupUpdateData",
    "GroupUpdateDataAction",
    "HealthCheckFailedData",
    "HistoryRequest",
    "HistoryRequested",
    "HistorySyncData",
    "HistorySyncDataStatus",
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
    "TenantResponse",
    "TenantUpdate",
    "TenantUpdateEngineType1",
    "TenantUpdateEngineType2Type1",
    "TenantUpdateEngineType3Type1",
    "TextMessage",
    "TransitionData",
    "UnfollowChannelResponse200",
    "UpdateProfileResponse200",
    "WebhookEventTypeType1",
    "WebhookHeadersType0",
    "WebhookPayload",
    "WebhookPayloadData",
)
