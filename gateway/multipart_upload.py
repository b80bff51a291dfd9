"""A multipart/form-data body read as a stream: the one file part flows on to the blob
store chunk by chunk, the text fields are kept (small and few).

Starlette's own form parser spools files to temporary files first and has no cap per
file; here the file's bytes go straight to wherever `put` sends them, the cap is the
blob store's (`BlobTooLarge` the moment it is passed), and a body that ends before its
closing boundary is refused (`multipart_invalid`) and nothing of it is kept.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from gateway.errors import ApiError

FILE_FIELD = "file"
MAX_FIELDS = 16
MAX_FIELD_BYTES = 8 * 1024


def _invalid(why: str) -> ApiError:
    return ApiError("multipart_invalid", f"the multipart body is not usable: {why}")


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    content_type: str | None = None
    data: bytearray = field(default_factory=bytearray)


MAX_BOUNDARY_CHARS = 70


class MultipartUpload:
    """`file_chunks()` drives the whole body through the parser: feed it to the blob
    store; afterwards `fields`, `file_type` and `file_name` are known."""

    def __init__(self, request: Request) -> None:
        content_type, options = parse_options_header(request.headers.get("content-type"))
        boundary = options.get(b"boundary")
        if content_type != b"multipart/form-data" or not boundary:
            raise _invalid("Content-Type must be multipart/form-data with a boundary")
        if len(boundary) > MAX_BOUNDARY_CHARS:  # RFC 2046; the parser refuses longer ones
            raise _invalid(f"the boundary is longer than {MAX_BOUNDARY_CHARS} characters")
        self._request = request
        self.fields: dict[str, str] = {}
        self.file_type: str | None = None
        self.file_name: str | None = None
        self.has_file = False
        self._ended = False
        self._part = _Part()
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._file_out: list[bytes] = []  # file bytes parsed from the last chunk fed
        self._error: ApiError | None = None
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._on_part_begin,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_end": self._on_end,
            },
        )

    async def file_chunks(self) -> AsyncIterator[bytes]:
        try:
            async for piece in self._parsed():
                yield piece
        except ClientDisconnect:
            raise _invalid("the client went away before the end of the body") from None

    async def _parsed(self) -> AsyncIterator[bytes]:
        async for chunk in self._request.stream():
            if not chunk:
                continue
            try:
                self._parser.write(chunk)
            except ApiError:
                raise
            except Exception as e:  # python_multipart's MultipartParseError and kin
                raise _invalid(str(e) or type(e).__name__) from None
            if self._error is not None:
                raise self._error
            out, self._file_out = self._file_out, []
            for piece in out:
                yield piece
        if not self._ended:
            raise _invalid("the body ended before its closing boundary (truncated upload?)")
        if not self.has_file:
            raise ApiError("media_source_invalid", f"a multipart send needs a `{FILE_FIELD}` part")

    # ---- parser callbacks (synchronous, called from write) ---------------------------

    def _on_part_begin(self) -> None:
        self._part = _Part()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        name = bytes(self._header_field).decode("latin-1").strip().lower()
        value = bytes(self._header_value).decode("utf-8", "replace").strip()
        self._header_field, self._header_value = bytearray(), bytearray()
        if name == "content-disposition":
            _, options = parse_options_header(value)
            self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
            raw_filename = options.get(b"filename")
            if raw_filename is not None:
                self._part.filename = raw_filename.decode("utf-8", "replace")
        elif name == "content-type":
            self._part.content_type = value

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.name == FILE_FIELD:
            if self.has_file:  # a second file: its bytes must not join the first's
                self._error = _invalid(f"more than one `{FILE_FIELD}` part")
                return
            self._file_out.append(bytes(data[start:end]))
            return
        part.data += data[start:end]
        if len(part.data) > MAX_FIELD_BYTES:
            self._error = _invalid(f"the field {part.name!r} is over {MAX_FIELD_BYTES} bytes")

    def _on_part_end(self) -> None:
        part = self._part
        if part.name == FILE_FIELD:
            if self.has_file:
                self._error = _invalid(f"more than one `{FILE_FIELD}` part")
            self.has_file = True
            self.file_type = part.content_type
            self.file_name = part.filename
            return
        if not part.name:
            self._error = _invalid("a part without a name")
        elif part.name in self.fields:
            self._error = _invalid(f"the field {part.name!r} is given twice")
        elif len(self.fields) >= MAX_FIELDS:
            self._error = _invalid(f"more than {MAX_FIELDS} fields")
        else:
            try:
                self.fields[part.name] = part.data.decode("utf-8")
            except UnicodeDecodeError:
                self._error = _invalid(f"the field {part.name!r} is not UTF-8 text")

    def _on_end(self) -> None:
        self._ended = True
