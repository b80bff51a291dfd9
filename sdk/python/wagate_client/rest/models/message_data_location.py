from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageDataLocation")


@_attrs_define
class MessageDataLocation:
    """
    Attributes:
        latitude (float):
        longitude (float):
        name (str | Unset):
        address (str | Unset):
        live (bool | Unset): One update of a contact's live location share (WhatsApp numbers them:
            `sequenceNumber`); each update is a `message` event of its own.
        sequence_number (int | Unset):
        accuracy_meters (int | Unset):
        speed_mps (float | Unset):
        heading_degrees (int | Unset): Degrees clockwise from magnetic north.
        caption (str | Unset):
    """

    latitude: float
    longitude: float
    name: str | Unset = UNSET
    address: str | Unset = UNSET
    live: bool | Unset = UNSET
    sequence_number: int | Unset = UNSET
    accuracy_meters: int | Unset = UNSET
    speed_mps: float | Unset = UNSET
    heading_degrees: int | Unset = UNSET
    caption: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        latitude = self.latitude

        longitude = self.longitude

        name = self.name

        address = self.address

        live = self.live

        sequence_number = self.sequence_number

        accuracy_meters = self.accuracy_meters

        speed_mps = self.speed_mps

        heading_degrees = self.heading_degrees

        caption = self.caption

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "latitude": latitude,
                "longitude": longitude,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if address is not UNSET:
            field_dict["address"] = address
        if live is not UNSET:
            field_dict["live"] = live
        if sequence_number is not UNSET:
            field_dict["sequenceNumber"] = sequence_number
        if accuracy_meters is not UNSET:
            field_dict["accuracyMeters"] = accuracy_meters
        if speed_mps is not UNSET:
            field_dict["speedMps"] = speed_mps
        if heading_degrees is not UNSET:
            field_dict["headingDegrees"] = heading_degrees
        if caption is not UNSET:
            field_dict["caption"] = caption

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        name = d.pop("name", UNSET)

        address = d.pop("address", UNSET)

        live = d.pop("live", UNSET)

        sequence_number = d.pop("sequenceNumber", UNSET)

        accuracy_meters = d.pop("accuracyMeters", UNSET)

        speed_mps = d.pop("speedMps", UNSET)

        heading_degrees = d.pop("headingDegrees", UNSET)

        caption = d.pop("caption", UNSET)

        message_data_location = cls(
            latitude=latitude,
            longitude=longitude,
            name=name,
            address=address,
            live=live,
            sequence_number=sequence_number,
            accuracy_meters=accuracy_meters,
            speed_mps=speed_mps,
            heading_degrees=heading_degrees,
            caption=caption,
        )

        return message_data_location
