"""The streaming multipart reader refuses what it cannot parse with a 400, never a 500."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from gateway.errors import ApiError
from gateway.multipart_upload import MultipartUpload


def _request(content_type: str) -> Request:
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(b"content-type", content_type.encode())],
    }
    return Request(scope)


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "a" * 71,  # past RFC 2046's 70 (was a 500)
        "multipart/form-data; boundary=" + "a" * 5000,
        "application/json",
    ],
)
def test_an_unusable_content_type_is_a_400(content_type: str) -> None:
    with pytest.raises(ApiError) as refused:
        MultipartUpload(_request(content_type))
    assert (refused.value.status, refused.value.code) == (400, "multipart_invalid")


def test_a_boundary_of_70_characters_is_taken() -> None:
    MultipartUpload(_request("multipart/form-data; boundary=" + "b" * 70))
