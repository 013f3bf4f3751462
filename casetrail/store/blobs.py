"""Content-addressed, write-once blob store (PDFs, recordings, photos) on the local filesystem.

A blob's name is its sha256; it is written to a temporary file while hashing, then renamed into
place and made read-only, so a reader never sees a partial blob and nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import AsyncIterable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "tmp").mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self.put_chunks([data])

    def put_chunks(self, chunks: Iterable[bytes]) -> StoredBlob:
        with self.writer() as pending:
            for chunk in chunks:
                pending.write(chunk)
            return pending.commit()

    async def put_stream(self, chunks: AsyncIterable[bytes]) -> StoredBlob:
        with self.writer() as pending:
            async for chunk in chunks:
                pending.write(chunk)
            return pending.commit()

    @contextmanager
    def writer(self) -> Iterator[PendingBlob]:
        """A blob being written; discarded unless committed (nothing partial is ever kept)."""
        pending = PendingBlob(self)
        try:
            yield pending
        finally:
            pending.discard()

    def adopt(self, tmp: Path, sha256: str, size: int) -> StoredBlob:
        """Move an already hashed file (e.g. a finished resumable upload) into the store."""
        return self._commit(tmp, sha256, size)

    def _commit(self, tmp: Path, sha256: str, size: int) -> StoredBlob:
        final = self.path(sha256)
        if final.exists():  # same content already stored: write-once, keep the original
            tmp.unlink(missing_ok=True)
            return StoredBlob(sha256, size)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP)
        os.replace(tmp, final)
        return StoredBlob(sha256, size)

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def iter_chunks(self, sha256: str, start: int = 0) -> Iterable[bytes]:
        with self.path(sha256).open("rb") as source:
            source.seek(start)
            while chunk := source.read(CHUNK):
                yield chunk

    def verify(self, sha256: str) -> bool:
        digest = hashlib.sha256()
        for chunk in self.iter_chunks(sha256):
            digest.update(chunk)
        return digest.hexdigest() == sha256


class PendingBlob:
    """A temporary file hashed as it is written."""

    def __init__(self, store: BlobStore) -> None:
        self._store = store
        fd, name = tempfile.mkstemp(dir=store.root / "tmp")
        self._file = os.fdopen(fd, "wb")
        self._path = Path(name)
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self._digest.update(chunk)
        self._file.write(chunk)
        self.size += len(chunk)

    def commit(self) -> StoredBlob:
        self._file.close()
        return self._store.adopt(self._path, self._digest.hexdigest(), self.size)

    def discard(self) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)


def default_store() -> BlobStore:
    from casetrail.config import get_settings

    return BlobStore(get_settings().home_path / "blobs")
