"""Resumable uploads (tus-like), streamed to disk in constant memory and hashed while streaming.

The partial file is the source of truth for the offset: what was written before a broken
connection stays, and ``HEAD`` reports it. The sha256 state is kept per upload in this process
(hashlib objects cannot be persisted); when a resume lands on another process or after a restart,
the partial file is re-hashed once (1.2 s per GiB on an idle 2-CPU machine, see bench/ingest.py)
rather than keeping a hash that could not survive anyway. An exclusive lock on the partial file
keeps two requests from appending at once.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from casetrail.errors import ProcedureViolation, TooLarge
from casetrail.store.blobs import CHUNK, BlobStore, StoredBlob

# Bytes gathered before one write+hash in a worker thread: large enough that the thread hop is
# cheap, small enough that memory stays constant (two blocks in flight at most).
BLOCK = CHUNK
OFFSET_HEADER = "Upload-Offset"


@dataclass
class EvidenceStorage:
    """Where evidence lives: the write-once blob store and the folder of partial uploads."""

    blobs: BlobStore
    uploads: Path
    max_bytes: int
    _hashes: OrderedDict[uuid.UUID, tuple[int, Any]] = field(default_factory=OrderedDict)

    def __post_init__(self) -> None:
        self.uploads.mkdir(parents=True, exist_ok=True)

    def part_path(self, upload_id: uuid.UUID) -> Path:
        return self.uploads / f"{upload_id}.part"

    def create_part(self, upload_id: uuid.UUID) -> None:
        self.part_path(upload_id).touch(exist_ok=False)

    def offset(self, upload_id: uuid.UUID) -> int:
        try:
            return self.part_path(upload_id).stat().st_size
        except FileNotFoundError:
            return 0

    async def settled_offset(self, upload_id: uuid.UUID, *, wait: float = 10.0) -> int:
        """The offset once no request is writing: after a broken connection the server may still be
        draining what arrived, and a client resuming from a half-read offset would get a 409."""
        path = self.part_path(upload_id)
        loop = asyncio.get_running_loop()
        give_up = loop.time() + wait
        try:
            with path.open("rb") as part:
                while True:
                    try:
                        fcntl.flock(part.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                    except BlockingIOError:
                        if loop.time() > give_up:
                            raise ProcedureViolation(
                                "该上传正在由另一请求写入，请稍后重试", rule="upload_in_progress"
                            ) from None
                        await asyncio.sleep(0.05)
                        continue
                    try:
                        return os.fstat(part.fileno()).st_size
                    finally:
                        fcntl.flock(part.fileno(), fcntl.LOCK_UN)
        except FileNotFoundError:
            return 0

    def head(self, upload_id: uuid.UUID, size: int) -> bytes:
        """The first ``size`` bytes of a received file: what its type is sniffed from."""
        with self.part_path(upload_id).open("rb") as part:
            return part.read(size)

    def discard(self, upload_id: uuid.UUID) -> None:
        self.forget(upload_id)
        self.part_path(upload_id).unlink(missing_ok=True)

    def adopt(self, upload_id: uuid.UUID, sha256: str, size: int) -> StoredBlob:
        self.forget(upload_id)
        return self.blobs.adopt(self.part_path(upload_id), sha256, size)

    # ---- hash state ---------------------------------------------------------------------

    def forget(self, upload_id: uuid.UUID) -> None:
        self._hashes.pop(upload_id, None)

    def digest_at(self, upload_id: uuid.UUID, offset: int) -> Any:
        """The sha256 state after ``offset`` bytes: kept from the last request, or re-hashed."""
        cached = self._hashes.pop(upload_id, None)
        if cached is not None and cached[0] == offset:
            return cached[1]
        digest = hashlib.sha256()
        with self.part_path(upload_id).open("rb") as source:
            remaining = offset
            while remaining and (chunk := source.read(min(CHUNK, remaining))):
                digest.update(chunk)
                remaining -= len(chunk)
        return digest

    def remember(self, upload_id: uuid.UUID, offset: int, digest: Any) -> None:
        self._hashes[upload_id] = (offset, digest)
        while len(self._hashes) > 1024:  # bounded: a forgotten state is re-hashed, never wrong
            self._hashes.popitem(last=False)


@dataclass(frozen=True)
class Received:
    offset: int
    sha256: str | None  # the digest once the declared size is reached
    disconnected: bool


@contextmanager
def _locked_part(path: Path) -> Iterator[IO[bytes]]:
    with path.open("r+b") as part:
        try:
            fcntl.flock(part.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ProcedureViolation(
                "该上传正在由另一请求写入，请稍后用 HEAD 查询偏移量后续传", rule="upload_in_progress"
            ) from None
        yield part


async def receive(
    storage: EvidenceStorage,
    upload_id: uuid.UUID,
    *,
    declared_size: int,
    client_offset: int,
    chunks: AsyncIterator[bytes],
    disconnect: type[Exception],
) -> Received:
    """Append the request body at ``client_offset``; a broken connection keeps what arrived."""
    with _locked_part(storage.part_path(upload_id)) as part:
        offset = os.fstat(part.fileno()).st_size
        if client_offset != offset:
            raise ProcedureViolation(
                f"{OFFSET_HEADER} 应为 {offset}（服务器已收到 {offset} 字节），实际为 {client_offset}",
                field=OFFSET_HEADER,
                rule="offset_mismatch",
            )
        digest = await asyncio.to_thread(storage.digest_at, upload_id, offset)
        part.seek(offset)
        writer = _Writer(part, digest)
        disconnected = False
        try:
            async for chunk in chunks:
                if writer.total + offset + len(chunk) > declared_size:
                    raise TooLarge(
                        f"数据超过声明的文件大小 {declared_size} 字节",
                        field="size",
                        rule="exceeds_declared_size",
                    )
                await writer.add(chunk)
        except disconnect:
            disconnected = True
        except BaseException:
            # Nothing of a refused request is kept: back to where it started, hash state dropped.
            await writer.settle()
            part.truncate(offset)
            storage.forget(upload_id)
            raise
        await writer.flush()
        new_offset = offset + writer.total
        storage.remember(upload_id, new_offset, digest)
        done = new_offset == declared_size
        return Received(new_offset, digest.hexdigest() if done else None, disconnected)


class _Writer:
    """Write+hash blocks in a worker thread while the event loop reads the next block."""

    def __init__(self, part: IO[bytes], digest: Any) -> None:
        self._part = part
        self._digest = digest
        self._buffer = bytearray()
        self._pending: asyncio.Future[None] | None = None
        self.total = 0

    async def add(self, chunk: bytes) -> None:
        self._buffer += chunk
        self.total += len(chunk)
        if len(self._buffer) >= BLOCK:
            await self.settle()
            block, self._buffer = self._buffer, bytearray()
            self._pending = asyncio.ensure_future(asyncio.to_thread(self._consume, block))

    async def settle(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await pending

    async def flush(self) -> None:
        await self.settle()
        if self._buffer:
            block, self._buffer = self._buffer, bytearray()
            await asyncio.to_thread(self._consume, block)
        self._part.flush()

    def _consume(self, block: bytearray) -> None:
        # hashlib releases the GIL on large buffers, so this overlaps with receiving.
        self._digest.update(block)
        self._part.write(block)
