"""A media send command, made ready for the engine: the file found (an upload in the blob
store) or fetched (a URL), checked, converted when it is a voice note that is not OGG/Opus,
then handed to `Engine.send` as an Attachment streamed from the blob store.

The preparation runs inside the session's send, after the send is claimed in the message
log: a command re-delivered after a crash whose message had gone out is answered
from the log without fetching or converting anything again. Files the connector made for
a command (fetched, converted) are deleted when it is done; an upload's row is brought
forward to expire an hour later (a retry with the same bytes may still use it).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import asyncpg

from connector.engine import Attachment, EngineError, OutgoingMedia
from connector.media.blob_bytes import BlobBytes
from connector.media.link_preview import LinkPreviews
from connector.media.url_fetch import UrlFetcher
from connector.media.voice import VoiceConverter
from wagate.blobs import BlobMissing, BlobStore, BlobTooLarge
from wagate.blobs.keys import work_key
from wagate.config import ConnectorSettings
from wagate.content import MediaFile
from wagate.media_types import MediaRefused, check, max_bytes
from wagate.tables import media

SENT_UPLOAD_KEPT = timedelta(hours=1)
# the codes with which a media send stops before anything went out (the message log
# entry is dropped: the same command may be tried again)
NOT_SENT_CODES = frozenset(
    {
        "media_not_found",
        "media_too_large",
        "media_type_mismatch",
        "media_type_not_allowed",
        "media_fetch_failed",
        "media_fetch_timeout",
        "url_not_allowed",
        "voice_conversion_unavailable",
        "voice_conversion_failed",
    }
)


@dataclass
class Prepared:
    """What one command sent, and what to clean up after it."""

    media: OutgoingMedia | None = None
    converted: bool = False
    work_keys: list[str] = field(default_factory=list)
    upload_id: str | None = None


class MediaSending:
    def __init__(
        self,
        settings: ConnectorSettings,
        pg: asyncpg.Pool,
        blobs: BlobStore,
        fetcher: UrlFetcher,
        voice: VoiceConverter,
    ) -> None:
        self._settings = settings
        self._pg = pg
        self._blobs = blobs
        self._fetcher = fetcher
        self._voice = voice
        self.previews = LinkPreviews(fetcher, blobs)  # a text's, through the same fetcher

    def prepare(self, tenant_id: str, file: MediaFile) -> Prepared:
        """What `finish` cleans up whatever the outcome: an upload's row is named from the
        start, so a send refused before its file is looked at (the session not connected,
        a quote not found) keeps the upload an hour, not the day a queued one gets."""
        if file.url is None and file.media_id is None and file.sha256 is not None:
            return Prepared(upload_id=media.outgoing_id(tenant_id, file.sha256))
        return Prepared()

    async def attachment(
        self, prepared: Prepared, tenant_id: str, command_id: str, file: MediaFile
    ) -> Attachment:
        """The file found or fetched, checked and converted: what the engine sends."""
        key, size = await self._source(prepared, tenant_id, command_id, file)
        assert prepared.media is not None
        return Attachment(prepared.media, BlobBytes(self._blobs, key, size))

    async def _source(
        self, prepared: Prepared, tenant_id: str, command_id: str, p: MediaFile
    ) -> tuple[str, int]:
        settings, cap = self._settings, max_bytes(self._settings, p.kind)
        if p.url is not None:
            key = work_key(tenant_id, command_id, "fetched")
            prepared.work_keys.append(key)
            info, declared = await self._fetcher.fetch(tenant_id, p.url, self._blobs, key, cap)
            try:
                checked = check(settings, p.kind, p.mimetype or _said(declared), info.head,
                                info.size_bytes)  # fmt: skip
            except MediaRefused as e:
                raise EngineError(e.code, e.message) from None
            mimetype, sha256, size, convert = (
                checked.mimetype, info.sha256, info.size_bytes, checked.needs_conversion
            )  # fmt: skip
        else:
            assert p.mimetype is not None and (p.sha256 is not None or p.media_id is not None)
            if p.media_id is None:
                prepared.upload_id = media.outgoing_id(tenant_id, str(p.sha256))
            row = await media.find(self._pg, tenant_id, p.media_id or str(prepared.upload_id))
            if row is None or row.blob_key is None:
                raise EngineError(
                    "media_not_found", "the uploaded file is gone (kept for 24 hours); send again"
                )
            key, mimetype, size = row.blob_key, p.mimetype, row.size_bytes
            sha256 = p.sha256 or row.sha256
            convert = p.convert
        if convert:
            target = work_key(tenant_id, command_id, "voice.ogg")
            prepared.work_keys.append(target)
            try:
                info = await self._voice.to_ogg_opus(self._blobs, key, target, cap)
            except BlobTooLarge:
                raise EngineError(
                    "media_too_large", f"the converted voice note is over {cap} bytes"
                ) from None
            key, sha256, size = target, info.sha256, info.size_bytes
            mimetype, prepared.converted = "audio/ogg; codecs=opus", True
        prepared.media = OutgoingMedia(
            kind=p.kind,
            mimetype=mimetype,
            size_bytes=size,
            sha256=sha256,
            caption=p.caption,
            filename=p.filename,
            view_once=p.view_once is True,
            forwarded=p.forwarded is True,
            mentions=tuple(p.mentions or ()),
            mention_all=p.mention_all is True,
        )
        return key, size

    async def upload_bytes(self, tenant_id: str, sha256: str, kind: str) -> bytes:
        """The whole of an upload the gateway stored, for a call that takes its bytes at
        once (a profile picture), bounded by the kind's cap."""
        row = await media.find(self._pg, tenant_id, media.outgoing_id(tenant_id, sha256))
        if row is None or row.blob_key is None:
            raise _upload_gone()
        if row.size_bytes > max_bytes(self._settings, kind):
            raise EngineError("media_too_large", f"the file is over the {kind} cap")
        try:
            return b"".join([chunk async for chunk in self._blobs.get(row.blob_key)])
        except BlobMissing:  # swept since: as if the row were gone
            raise _upload_gone() from None

    async def finish(self, prepared: Prepared) -> None:
        """After the command, sent or not: drop what was made for it."""
        for key in prepared.work_keys:
            with contextlib.suppress(Exception):
                await self._blobs.delete(key)
        if prepared.upload_id is not None:
            with contextlib.suppress(Exception):
                await media.expire_by(
                    self._pg, prepared.upload_id, datetime.now(UTC) + SENT_UPLOAD_KEPT
                )


def _upload_gone() -> EngineError:
    return EngineError("media_not_found", "the uploaded file is gone; upload it again")


def _said(content_type: str | None) -> str | None:
    if not content_type or content_type.split(";")[0].strip().lower() in (
        "application/octet-stream",
        "binary/octet-stream",
    ):
        return None
    return content_type
