"""The whatsmeow engine's number checks, contacts and groups: neonize's answers and group
events (the protobuf messages its Go side sends), mapped to the engine's types offline."""

from __future__ import annotations

import asyncio
import pickle
import threading

import pytest
from neonize.proto import Neonize_pb2 as N
from neonize.proto.waE2E import WAWebProtobufsE2E_pb2 as wa

from connector.engine import EngineError, EngineEvent, GroupUpdate, Person
from connector.engines.whatsmeow import group_mapping, mapping, protocol
from connector.engines.whatsmeow.engine import WhatsmeowEngineKind
from connector.engines.whatsmeow.worker import Worker
from connector.engines.whatsmeow.workers import WorkerEngine
from tests.connector.test_whatsmeow_dispatch import FromGo
from tests.connector.test_whatsmeow_mapping import incoming, jid, wire
from wagate.bus import GroupInfo, NumberStatus, Participant, ParticipantChange, Profile

GROUP = jid("120363025246125888", server="g.us")
OWNER, ALICE, BOB = "447700900001", "447700900002", "447700900003"
ALICE_LID = "190000000000002"


def test_a_group_message_names_its_group_and_its_author() -> None:
    message = mapping.incoming_message(
        incoming(
            wa.Message(conversation="dinner at 8"),
            sender=jid(ALICE_LID, server="lid"),
            sender_alt=jid(ALICE),
            chat=GROUP,
        )
    )
    assert message is not None
    assert (message.chat, message.sender, message.sender_lid) == (
        "120363025246125888@g.us",
        ALICE,
        ALICE_LID,
    )
    one_to_one = mapping.incoming_message(incoming(wa.Message(conversation="hi")))
    assert one_to_one is not None and one_to_one.chat == ""


def test_group_info_with_roles_numbers_and_lids() -> None:
    info = N.GroupInfo(
        JID=GROUP,
        OwnerJID=jid("190000000000001", server="lid"),
        OwnerPN=jid(OWNER),
        GroupName=N.GroupName(Name="Support"),
        GroupTopic=N.GroupTopic(Topic="Orders"),
        # neonize carries it as a 32-bit float: a value it can hold exactly
        GroupCreated=1_738_324_736,
        Participants=[
            N.GroupParticipant(
                JID=jid("190000000000001", server="lid"),
                PhoneNumber=jid(OWNER),
                IsSuperAdmin=True,
                IsAdmin=True,
            ),
            N.GroupParticipant(JID=jid(ALICE), LID=jid(ALICE_LID, server="lid"), IsAdmin=True),
            N.GroupParticipant(JID=jid("190000000000003", server="lid")),  # no number known
        ],
    )
    assert group_mapping.group_info(wire(info)) == GroupInfo(
        group_id="120363025246125888@g.us",
        subject="Support",
        description="Orders",
        owner=OWNER,
        owner_lid="190000000000001",
        created_at="2025-01-31T11:58:56.000Z",
        participants=[
            Participant(OWNER, "190000000000001", "superadmin"),
            Participant(ALICE, ALICE_LID, "admin"),
            Participant(None, "190000000000003", "member"),
        ],
    )


def test_participant_changes_answer_each_participant() -> None:
    results = [
        N.GroupParticipant(JID=jid(ALICE), LID=jid(ALICE_LID, server="lid")),
        N.GroupParticipant(JID=jid(BOB), Error=409),
        N.GroupParticipant(JID=jid("447700900004"), Error=404),
        N.GroupParticipant(JID=jid("447700900005"), Error=403),
        N.GroupParticipant(JID=jid("447700900006"), Error=500),
    ]
    assert group_mapping.participant_changes("add", [wire(r) for r in results]) == [
        ParticipantChange(ALICE, "ok", ALICE_LID),
        ParticipantChange(BOB, "already_member"),
        ParticipantChange("447700900004", "not_on_whatsapp"),
        ParticipantChange("447700900005", "forbidden"),
        ParticipantChange("447700900006", "failed"),
    ]
    removed = group_mapping.participant_changes("remove", [wire(results[2])])
    assert removed == [ParticipantChange("447700900004", "not_member")]


def test_a_group_notification_becomes_one_update_per_change() -> None:
    event = N.GroupInfoEvent(
        JID=GROUP,
        Sender=jid(OWNER),
        Timestamp=1_738_324_800,  # seconds (older neonize builds)
        Name=N.GroupName(Name="Support EU"),
        Topic=N.GroupTopic(Topic="", TopicDeleted=True),
        Join=[jid(ALICE), jid(BOB)],
        Promote=[jid(ALICE_LID, server="lid")],
    )
    by = Person(OWNER)
    at = 1_738_324_800_000
    group_id = "120363025246125888@g.us"
    assert group_mapping.group_updates(wire(event)) == [
        GroupUpdate(group_id, "add", by, at, (Person(ALICE), Person(BOB))),
        GroupUpdate(group_id, "promote", by, at, (Person(None, ALICE_LID),)),
        GroupUpdate(group_id, "subject", by, at, subject="Support EU"),
        GroupUpdate(group_id, "description", by, at, description=""),
    ]
    left = N.GroupInfoEvent(JID=GROUP, Sender=jid(BOB), Timestamp=at, Leave=[jid(BOB)])
    assert group_mapping.group_updates(wire(left)) == [
        GroupUpdate(group_id, "remove", Person(BOB), at, (Person(BOB),))
    ]


def test_a_group_made_with_the_session_in_it_is_an_add_of_its_members() -> None:
    members = [
        N.GroupParticipant(
            JID=jid(ALICE_LID, server="lid"), PhoneNumber=jid(ALICE), IsSuperAdmin=True
        ),
        N.GroupParticipant(JID=jid(OWNER)),
        N.GroupParticipant(JID=jid(BOB)),
    ]
    event = N.JoinedGroup(
        GroupInfo=N.GroupInfo(JID=GROUP, Participants=members),
        Sender=jid(ALICE_LID, server="lid"),
        SenderPN=jid(ALICE),
    )
    own = Person(OWNER)
    assert group_mapping.joined_group(wire(event), own, 5) == GroupUpdate(
        "120363025246125888@g.us", "add", Person(ALICE, ALICE_LID), 5, (own, Person(BOB))
    )
    bare = N.JoinedGroup(GroupInfo=N.GroupInfo(JID=GROUP), Sender=jid(ALICE))
    assert group_mapping.joined_group(wire(bare), own, 5).participants == (own,)


def test_number_checks_answer_every_number_asked_in_order() -> None:
    answers = [
        N.IsOnWhatsAppResponse(Query="+" + BOB, JID=jid(BOB), IsIn=True),
        N.IsOnWhatsAppResponse(Query="+447700900009", JID=jid("447700900009"), IsIn=False),
    ]
    asked = [ALICE, BOB, "447700900009"]
    assert group_mapping.number_statuses(asked, [wire(a) for a in answers]) == [
        NumberStatus(ALICE, False),  # left out of the answer: not on WhatsApp
        NumberStatus(BOB, True, f"{BOB}@s.whatsapp.net"),
        NumberStatus("447700900009", False),
    ]


def test_a_contact_profile_from_user_info_and_picture() -> None:
    info = N.GetUserInfoSingleReturnFunction(
        JID=jid(ALICE), UserInfo=N.UserInfo(Status="Out fishing")
    )
    info.UserInfo.VerifiedName.Details.verifiedName = "Fish & Co"
    picture = N.ProfilePictureInfo(URL="https://pps.whatsapp.net/v/1.jpg", ID="1")
    assert group_mapping.profile(ALICE, wire(info), wire(picture), ALICE_LID) == Profile(
        ALICE, ALICE_LID, "Out fishing", "https://pps.whatsapp.net/v/1.jpg", "Fish & Co"
    )
    assert group_mapping.profile(ALICE, None, None) == Profile(ALICE)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("failed to get group info: group not found", "group_not_found"),
        ("you're not participating in that group", "group_not_found"),
        ("server returned error 401", "not_group_admin"),
        ("you don't have the permission to get the group's invite link", "not_group_admin"),
        ("that group invite link is not valid", "invite_not_found"),
        ("that group invite link has been revoked", "invite_not_found"),
        ("request timed out", "group_call_failed"),
    ],
)
def test_refusals_of_group_calls_use_the_codes_of_every_engine(message: str, code: str) -> None:
    assert group_mapping.group_error(message, "group_call_failed").code == code


# ---- across the worker process boundary ------------------------------------------------


class _GroupsEngine:
    """The worker's engine, answering as neonize would have through the mapping."""

    async def check_numbers(self, phones: list[str]) -> list[NumberStatus]:
        return [
            NumberStatus(p, p == BOB, f"{p}@s.whatsapp.net" if p == BOB else "") for p in phones
        ]

    async def group_invite_code(self, group_id: str, revoke: bool) -> str:
        return f"{group_id}:{'new' if revoke else 'current'}"


class _InProcessWorker:
    """A worker process without the process: requests pickled both ways, as on the socket."""

    gone = False

    def __init__(self) -> None:
        self.worker = Worker(kind=None, writer=None)  # type: ignore[arg-type]
        self.worker._engines[7] = _GroupsEngine()  # type: ignore[assignment]

    async def request(self, message: protocol.Request, timeout_s: float) -> protocol.Reply:
        message = pickle.loads(pickle.dumps(message))
        try:
            value = await self.worker._run(message)
        except Exception as e:
            return protocol.Reply(message.request, failure=protocol.Failure("engine_error", str(e)))
        reply: protocol.Reply = pickle.loads(pickle.dumps(protocol.Reply(message.request, value)))
        return reply


async def test_group_calls_cross_to_the_worker_and_back() -> None:
    engine = WorkerEngine("co", _ignore, kind=None)  # type: ignore[arg-type]
    engine._session = 7
    engine._worker = _InProcessWorker()  # type: ignore[assignment]
    assert await engine.check_numbers([ALICE, BOB]) == [
        NumberStatus(ALICE, False),
        NumberStatus(BOB, True, f"{BOB}@s.whatsapp.net"),
    ]
    assert await engine.group_invite_code("1203@g.us", True) == "1203@g.us:new"
    # only the engine's own group calls cross: anything else is refused by the worker
    with pytest.raises(EngineError) as refused:
        await engine._by_name("logout")
    assert refused.value.code == "engine_error"


async def _ignore(event: object) -> None:
    pass


# ---- from Go's thread to the session ------------------------------------------------------


async def test_a_group_change_from_go_names_people_by_number_where_whatsmeow_knows_it() -> None:
    kind = WhatsmeowEngineKind("postgresql://unused@127.0.0.1/unused", "whatsmeow", 4)
    received: list[EngineEvent] = []
    arrived = asyncio.Event()

    async def sink(event: EngineEvent) -> None:
        received.append(event)
        arrived.set()

    engine = kind.create("co-grp", sink)
    client, _ = kind.new_client("co-grp", None)
    engine.listen(client)
    known = {ALICE_LID: jid(ALICE)}  # whatsmeow's LID store, as it answers

    async def get_pn_from_lid(lid: N.JID) -> N.JID:
        return known.get(lid.User, N.JID())  # an empty JID when it knows none

    client.get_pn_from_lid = get_pn_from_lid
    stranger = "190000000000009"
    change = N.GroupInfoEvent(
        JID=GROUP,
        Sender=jid(ALICE_LID, server="lid"),
        Timestamp=1_738_324_800_000,
        Join=[jid(BOB), jid(stranger, server="lid")],
    )
    thread = threading.Thread(target=FromGo(client).event, args=(change,))
    thread.start()
    await asyncio.to_thread(thread.join)
    await asyncio.wait_for(arrived.wait(), 5)
    assert received == [
        GroupUpdate(
            "120363025246125888@g.us",
            "add",
            Person(ALICE, ALICE_LID),
            1_738_324_800_000,
            (Person(BOB), Person(None, stranger)),  # never LID digits as a number
        )
    ]
    await engine.stop()
    await kind.close()
