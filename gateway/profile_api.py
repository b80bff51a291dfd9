"""The account's own profile, and a business's.

`PUT /sessions/{companyId}/profile` sets the push name (the name the account's messages
carry, through WhatsApp's app state) and/or the about text; `PUT .../profile/picture`
takes a JPEG as the `file` part of a multipart body (stored and checked as a media
upload is: the image cap, the bytes sniffed, then its size read from its header);
`DELETE` removes it.
`GET .../contacts/{phone}/business` reads a business account's profile. Changes act in
WhatsApp as the session's number, as a send does: they need `send`; the read, `read`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import WithJsonSchema
from starlette.requests import Request
from starlette.responses import Response

from gateway.access import tenant_for
from gateway.answers import tenant_ok
from gateway.bus_client import tenant_call
from gateway.errors import ApiError
from gateway.group_schemas import phone_param
from gateway.media_api import store_upload
from gateway.multipart_upload import MultipartUpload
from gateway.principal import Scope
from gateway.routing import route
from gateway.schemas import read_body, refuse_null, validate
from gateway.send import refuse_before_storing
from gateway.services import services
from wagate import bus
from wagate.blobs import BlobMissing, BlobStore
from wagate.config import GatewaySettings
from wagate.content import MediaFile
from wagate.picture import PictureRefused, checked_size
from wagate.tables import media

MAX_PUSH_NAME_CHARS = 25  # WhatsApp's apps' limit
MAX_ABOUT_CHARS = 139  # WhatsApp's limit on the about text
JPEG = "image/jpeg"


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # absent: unchanged; null is refused; an empty about clears it
    pushName: Annotated[
        str | None,
        WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_PUSH_NAME_CHARS}),
    ] = Field(default=None, min_length=1, max_length=MAX_PUSH_NAME_CHARS)
    about: Annotated[
        str | None, WithJsonSchema({"type": "string", "maxLength": MAX_ABOUT_CHARS})
    ] = Field(default=None, max_length=MAX_ABOUT_CHARS)

    _not_null = field_validator("pushName", "about")(refuse_null)

    @model_validator(mode="after")
    def _something(self) -> ProfileUpdate:
        if not self.model_fields_set:
            raise ValueError("give pushName, about or both")
        return self


async def update_profile(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    settings: GatewaySettings = services(request).settings
    body = await read_body(request, ProfileUpdate, settings.max_body_bytes)
    await tenant_call(request, tenant_id, bus.SetProfile(body.pushName, body.about), bus.Done)
    return tenant_ok(tenant_id, body.model_dump(exclude_unset=True))


class PictureUpload(BaseModel):
    """The text fields of a picture's multipart body: none (its bytes are the `file`
    part, and their sniffed type decides)."""

    model_config = ConfigDict(extra="forbid", strict=True)


async def set_picture(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    upload = MultipartUpload(request)
    await refuse_before_storing(request, tenant_id)
    file = await store_upload(request, tenant_id, "image", upload.file_chunks(), None)
    validate(PictureUpload, dict(upload.fields))
    if file.mimetype != JPEG:
        raise ApiError("media_type_not_allowed", f"a profile picture must be {JPEG}")
    width, height = await _picture_size(request, tenant_id, file)
    await tenant_call(request, tenant_id, bus.SetProfilePicture(file.sha256), bus.Done)
    return tenant_ok(tenant_id, {"width": width, "height": height, "sha256": file.sha256})


async def _picture_size(request: Request, tenant_id: str, file: MediaFile) -> tuple[int, int]:
    """Read from the stored upload's JPEG header (within the image cap it was held to)."""
    assert file.sha256 is not None
    db = services(request).db
    row = await media.find(await db.pool(), tenant_id, media.outgoing_id(tenant_id, file.sha256))
    if row is None or row.blob_key is None:
        raise ApiError("media_not_found", "the picture's upload is gone; upload it again")
    blobs: BlobStore = services(request).blobs
    try:
        data = b"".join([chunk async for chunk in blobs.get(row.blob_key)])
    except BlobMissing:  # swept between the upload and now
        raise ApiError("media_not_found", "the picture's upload is gone; upload it again") from None
    try:
        return checked_size(data)
    except PictureRefused as e:
        raise ApiError("picture_invalid", str(e)) from None


async def remove_picture(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.SEND)
    await tenant_call(request, tenant_id, bus.SetProfilePicture(None), bus.Done)
    return tenant_ok(tenant_id, {"removed": True})


def business_json(found: bus.BusinessProfile) -> dict[str, Any]:
    return {
        "phone": found.phone,
        "address": found.address or None,
        "email": found.email or None,
        "categories": found.categories,
        "hoursTimeZone": found.hours_time_zone or None,
        "hours": [
            {
                "dayOfWeek": h.day_of_week,
                "mode": h.mode,
                "openTime": h.open_time or None,
                "closeTime": h.close_time or None,
            }
            for h in found.hours
        ],
    }


async def business_profile(request: Request) -> Response:
    _, tenant_id = await tenant_for(request, Scope.READ)
    phone = phone_param(request.path_params["phone"])
    found = await tenant_call(
        request, tenant_id, bus.BusinessProfileQuery(phone), bus.BusinessProfile
    )
    return tenant_ok(tenant_id, {"business": business_json(found)})


routes = [
    route("/sessions/{companyId}/profile", PUT=update_profile),
    route("/sessions/{companyId}/profile/picture", PUT=set_picture, DELETE=remove_picture),
    route("/sessions/{companyId}/contacts/{phone}/business", GET=business_profile),
]
