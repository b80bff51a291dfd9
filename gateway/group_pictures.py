"""A group picture as WhatsApp takes it: a square JPEG of at most 640x640 (larger or
other formats are refused by WhatsApp's server as not acceptable). The upload (the `file`
part of a multipart/form-data body, as media uploads) is decoded for real, so a file that
only looks like an image is refused, then cropped to its centre square, scaled down and
written as a JPEG, in a worker thread: decoding is CPU work.
"""

from __future__ import annotations

import asyncio
import io
import warnings

from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict
from starlette.requests import Request

from gateway.errors import ApiError, refuse_declared_over
from gateway.multipart_upload import MultipartUpload
from gateway.schemas import validate

PICTURE_SIDE = 640  # WhatsApp's group (and profile) picture size
MAX_UPLOAD_BYTES = 5 << 20
MULTIPART_OVERHEAD = 16 * 1024  # boundaries and part headers around the file
# decoded size cap: a small file that decodes to a vast image (a "bomb") is refused
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85


class GroupPictureUpload(BaseModel):
    """The multipart body's fields besides its `file` part: none."""

    model_config = ConfigDict(extra="forbid", strict=True)


async def read_picture(request: Request) -> bytes:
    """The `file` part's bytes: 413 body_too_large past MAX_UPLOAD_BYTES."""
    await refuse_declared_over(request, MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD, _too_large)
    upload = MultipartUpload(request)
    data = bytearray()
    async for chunk in upload.file_chunks():
        data += chunk
        if len(data) > MAX_UPLOAD_BYTES:
            raise _too_large()
    validate(GroupPictureUpload, dict(upload.fields))
    return bytes(data)


def _too_large() -> ApiError:
    return ApiError("body_too_large", f"a group picture may have at most {MAX_UPLOAD_BYTES} bytes")


def _refused(message: str) -> ApiError:
    return ApiError("invalid_image", message)


def _square_jpeg(data: bytes) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _refused(f"the image is over {MAX_PIXELS} pixels")
                image.load()
                side = min(image.size)
                left, top = (image.width - side) // 2, (image.height - side) // 2
                square = image.crop((left, top, left + side, top + side))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning) as e:
        raise _refused(f"not a JPEG, PNG or WebP image that decodes ({type(e).__name__})") from None
    if side > PICTURE_SIDE:
        square = square.resize((PICTURE_SIDE, PICTURE_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


async def jpeg_for_whatsapp(data: bytes) -> bytes:
    """The upload as the JPEG WhatsApp takes; ApiError("invalid_image") for anything
    that is not an image Pillow decodes."""
    if not data:
        raise _refused("the file is empty")
    return await asyncio.to_thread(_square_jpeg, data)
