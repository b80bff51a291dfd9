"""Media for tests and benchmarks: small files of every kind whose first bytes are what
their type says (so sniffing accepts them), and a local HTTP server that serves files
by URL and misbehaves on demand (a 500, an answer that never comes, a redirect to a
cloud metadata address)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import math
import os
import struct
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from PIL import Image


def png(size: int = 64, seed: int = 0) -> bytes:
    """A PNG of noise, about `size` bytes (noise does not compress)."""
    side = max(8, int(math.sqrt(size / 3)))
    pixels = os.urandom(side * side * 3) if seed == 0 else _seeded(side * side * 3, seed)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "PNG", compress_level=0)
    return out.getvalue()


def jpeg(side: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (side, side), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def webp(side: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (side, side), (30, 200, 30, 255)).save(out, "WEBP")
    return out.getvalue()


def mp4(payload: int = 2048) -> bytes:
    """An ISO-BMFF header (`ftyp` isom) and filler: what sniffing calls video/mp4."""
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isomiso2"
    return ftyp + struct.pack(">I4s", 8 + payload, b"mdat") + os.urandom(payload)


def mp3(payload: int = 2048) -> bytes:
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + os.urandom(payload)


def ogg_opus(payload: int = 1024) -> bytes:
    """An Ogg page whose packet is Opus's identification header, then filler."""
    head = b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
    page = b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" + b"\x00" * 8 + b"\x01"
    return page + bytes([len(head)]) + head + os.urandom(payload)


def wav(seconds: float = 0.3) -> bytes:
    """Real audio (a tone) that ffmpeg converts: a voice note that is not OGG/Opus."""
    rate = 8000
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(rate * seconds))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return out.getvalue()


def pdf(payload: int = 2048) -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(payload) + b"\n%%EOF\n"


def _seeded(n: int, seed: int) -> bytes:
    import random

    return random.Random(seed).randbytes(n)


# one file of each kind, with the type it is sent as
def samples() -> dict[str, tuple[bytes, str]]:
    return {
        "image": (png(4000), "image/png"),
        "video": (mp4(), "video/mp4"),
        "audio": (mp3(), "audio/mpeg"),
        "voice": (ogg_opus(), "audio/ogg"),
        "document": (pdf(), "application/pdf"),
        "sticker": (webp(), "image/webp"),
    }


@dataclass
class FileServer:
    """GET /f/<name>: a registered file; /status/<n>: that status; /hang: no answer;
    /redirect?to=<url>: a 302 there; /r/<name>: a 302 to a registered Location, sent as
    it is (UTF-8, no percent-encoding). Runs on the caller's event loop."""

    port: int = 0
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, name: str, body: bytes, content_type: str) -> str:
        self.files[name] = (body, content_type)
        return self.url(f"/f/{name}")

    def add_redirect(self, name: str, location: str) -> str:
        self.redirects[name] = location
        return self.url(f"/r/{name}")

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
            target = request.split(b" ", 2)[1].decode()
            self.hits.append(target)
            if target == "/hang":
                await asyncio.sleep(3600)
            if target.startswith("/status/"):
                status = int(target.rsplit("/", 1)[1])
                await _answer(writer, status, b"no", "text/plain")
            elif target.startswith("/redirect?to="):
                location = target.split("=", 1)[1]
                await _answer(writer, 302, b"", "text/plain", {"location": location})
            elif target.startswith("/r/") and target[3:] in self.redirects:
                location = self.redirects[target[3:]]
                await _answer(writer, 302, b"", "text/plain", {"location": location})
            elif target.startswith("/f/") and target[3:] in self.files:
                body, content_type = self.files[target[3:]]
                await _answer(writer, 200, body, content_type)
            else:
                await _answer(writer, 404, b"not here", "text/plain")
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()


async def _answer(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    lines = [f"HTTP/1.1 {status} X", f"content-type: {content_type}"]
    lines += [f"content-length: {len(body)}", "connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()


@contextlib.asynccontextmanager
async def file_server() -> AsyncIterator[FileServer]:
    server_state = FileServer()
    server = await asyncio.start_server(server_state._handle, "127.0.0.1", 0)
    server_state.port = server.sockets[0].getsockname()[1]
    try:
        yield server_state
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 1)
