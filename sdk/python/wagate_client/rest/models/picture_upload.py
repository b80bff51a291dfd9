from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import File

T = TypeVar("T", bound="PictureUpload")


@_attrs_define
class PictureUpload:
    """A profile picture: the JPEG as the `file` part, no other field.

    Attributes:
        file (File): The JPEG (at most `WAGATE_MEDIA_MAX_IMAGE` bytes, 192 to 4096 pixels a side).
    """

    file: File

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
            }
        )

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        picture_upload = cls(
            file=file,
        )

        return picture_upload
