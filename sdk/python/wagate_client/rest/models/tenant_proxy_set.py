from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TenantProxySet")


@_attrs_define
class TenantProxySet:
    """
    Attributes:
        url (str): `http://[user:pass@]host:port` (HTTP CONNECT) or `socks5://[user:pass@]host:port`,
            at most 1024 characters, visible ASCII, no path; user and password
            percent-encoded. Stored sealed; never shown again with its password.
    """

    url: str

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        tenant_proxy_set = cls(
            url=url,
        )

        return tenant_proxy_set
