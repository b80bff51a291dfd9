"""The S3-compatible backend (AWS S3, MinIO, Ceph, R2, ...) through aiobotocore.

`put` streams: the first part is buffered up to PART_BYTES; a smaller blob goes up in one
PutObject, a larger one as a multipart upload of PART_BYTES parts (S3's minimum is 5 MiB
but the last), aborted if the stream fails or passes its cap, so a gateway holds at most
one part per upload in memory. `get` yields the object's body in chunks as it arrives.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from wagate.blobs.store import (
    CHUNK_BYTES,
    BlobInfo,
    BlobMissing,
    BlobUnavailable,
    Digest,
    check_key,
)

PART_BYTES = 8 * 1024 * 1024
_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3BlobStore:
    def __init__(
        self,
        *,
        endpoint: str | None,
        bucket: str,
        region: str,
        access_key: str | None,
        secret_key: str | None,
        prefix: str = "",
    ) -> None:
        self._bucket = bucket
        self._prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._options: dict[str, Any] = {
            "endpoint_url": endpoint,
            "region_name": region,
            "aws_access_key_id": access_key,
            "aws_secret_access_key": secret_key,
            "config": AioConfig(
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                max_pool_connections=32,
            ),
        }
        self._exit: contextlib.AsyncExitStack | None = None
        self._client: Any = None

    async def _s3(self) -> Any:
        if self._client is None:
            self._exit = contextlib.AsyncExitStack()
            self._client = await self._exit.enter_async_context(
                get_session().create_client("s3", **self._options)
            )
        return self._client

    def _key(self, key: str) -> str:
        return self._prefix + check_key(key)

    async def put(
        self, key: str, chunks: AsyncIterable[bytes], max_bytes: int | None = None
    ) -> BlobInfo:
        s3, name = await self._s3(), self._key(key)
        digest = Digest(max_bytes)
        buffer = bytearray()
        upload_id: str | None = None
        parts: list[dict[str, Any]] = []
        try:
            async for chunk in chunks:
                digest.add(chunk)
                buffer += chunk
                if len(buffer) >= PART_BYTES:
                    if upload_id is None:
                        async with _unavailable("start an upload"):
                            created = await s3.create_multipart_upload(
                                Bucket=self._bucket, Key=name
                            )
                        upload_id = created["UploadId"]
                    parts.append(await self._part(s3, name, upload_id, len(parts) + 1, buffer))
                    buffer = bytearray()
            async with _unavailable("store"):
                if upload_id is None:
                    await s3.put_object(Bucket=self._bucket, Key=name, Body=bytes(buffer))
                else:
                    if buffer:
                        parts.append(await self._part(s3, name, upload_id, len(parts) + 1, buffer))
                    await s3.complete_multipart_upload(
                        Bucket=self._bucket,
                        Key=name,
                        UploadId=upload_id,
                        MultipartUpload={"Parts": parts},
                    )
        except BaseException:
            if upload_id is not None:
                with contextlib.suppress(Exception):
                    await s3.abort_multipart_upload(
                        Bucket=self._bucket, Key=name, UploadId=upload_id
                    )
            raise
        return digest.info()

    async def _part(
        self, s3: Any, name: str, upload_id: str, number: int, data: bytearray
    ) -> dict[str, Any]:
        async with _unavailable("upload a part"):
            answer = await s3.upload_part(
                Bucket=self._bucket,
                Key=name,
                UploadId=upload_id,
                PartNumber=number,
                Body=bytes(data),
            )
        return {"PartNumber": number, "ETag": answer["ETag"]}

    async def get(self, key: str) -> AsyncIterator[bytes]:
        s3 = await self._s3()
        try:
            answer = await s3.get_object(Bucket=self._bucket, Key=self._key(key))
        except ClientError as e:
            if _code(e) in _MISSING:
                raise BlobMissing(key) from None
            raise BlobUnavailable(f"S3 refused to read: {_code(e)}") from None
        except (BotoCoreError, OSError) as e:
            raise BlobUnavailable(f"S3 unreachable: {e}") from None
        async with _unavailable("read"), answer["Body"] as body:
            async for chunk in body.iter_chunks(CHUNK_BYTES):
                yield chunk

    async def stat(self, key: str) -> int | None:
        s3 = await self._s3()
        try:
            head = await s3.head_object(Bucket=self._bucket, Key=self._key(key))
        except ClientError as e:
            if _code(e) in _MISSING:
                return None
            raise BlobUnavailable(f"S3 refused to stat: {_code(e)}") from None
        except (BotoCoreError, OSError) as e:
            raise BlobUnavailable(f"S3 unreachable: {e}") from None
        return int(head["ContentLength"])

    async def delete(self, key: str) -> None:
        s3 = await self._s3()
        async with _unavailable("delete"):
            await s3.delete_object(Bucket=self._bucket, Key=self._key(key))

    async def ensure_bucket(self) -> None:
        """Create the bucket if missing (development and tests; production buckets are
        made by their operators, with their own policies)."""
        s3 = await self._s3()
        try:
            await s3.head_bucket(Bucket=self._bucket)
        except ClientError:
            await s3.create_bucket(Bucket=self._bucket)

    async def close(self) -> None:
        if self._exit is not None:
            await self._exit.aclose()
        self._client = self._exit = None


@contextlib.asynccontextmanager
async def _unavailable(doing: str) -> AsyncIterator[None]:
    """S3's own failures (unreachable, timing out, answering an error) as BlobUnavailable;
    anything else (the caller's stream failing, a cap) passes as it is."""
    try:
        yield
    except ClientError as e:
        raise BlobUnavailable(f"S3 refused to {doing}: {_code(e)}") from None
    except (BotoCoreError, OSError) as e:
        raise BlobUnavailable(f"S3 unreachable to {doing}: {e}") from None


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
