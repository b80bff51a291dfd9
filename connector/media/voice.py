"""Voice notes are OGG/Opus on WhatsApp: other audio is converted with ffmpeg, if the
machine has one (WAGATE_FFMPEG), or refused with `voice_conversion_unavailable`."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from connector.engine import EngineError
from wagate.blobs import BlobInfo, BlobStore

CONVERT_TIMEOUT_S = 120.0
_CHUNK = 256 * 1024


class VoiceConverter:
    def __init__(self, ffmpeg: str) -> None:
        self._ffmpeg = ffmpeg

    def available(self) -> str | None:
        return shutil.which(self._ffmpeg)

    async def to_ogg_opus(
        self, blobs: BlobStore, source: str, target: str, max_bytes: int
    ) -> BlobInfo:
        """`source` (any audio ffmpeg reads) as OGG/Opus under `target`. The bytes go
        through temporary files: many containers (MP4/M4A) cannot be read from a pipe."""
        ffmpeg = self.available()
        if ffmpeg is None:
            raise EngineError(
                "voice_conversion_unavailable",
                "a voice note must be OGG/Opus, and this deployment has no ffmpeg to convert "
                "it; send OGG/Opus, or send it as audio",
            )
        with tempfile.TemporaryDirectory(prefix="wagate-voice-") as workdir:
            given, made = Path(workdir) / "in", Path(workdir) / "out.ogg"
            with given.open("wb") as out:
                async for chunk in blobs.get(source):
                    await asyncio.to_thread(out.write, chunk)
            process = await asyncio.create_subprocess_exec(
                ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(given),
                "-vn", "-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k",
                "-application", "voip", "-f", "ogg", str(made),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            try:
                async with asyncio.timeout(CONVERT_TIMEOUT_S):
                    _, errors = await process.communicate()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
                raise EngineError("voice_conversion_failed", "ffmpeg took too long") from None
            if process.returncode != 0 or not made.exists():
                detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                raise EngineError(
                    "voice_conversion_failed", f"ffmpeg could not convert the audio: {detail[0]}"
                )
            return await blobs.put(target, _read(made), max_bytes=max_bytes)


async def _read(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while chunk := await asyncio.to_thread(handle.read, _CHUNK):
            yield chunk
