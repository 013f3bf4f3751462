"""Real local receivers for the outside channels: an aiosmtpd SMTP server and an HTTP robot endpoint."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from tests.conftest import stable_free_port


@dataclass
class Mailbox:
    messages: list[tuple[str, str]] = field(default_factory=list)  # (recipient, subject)
    bodies: list[tuple[str, str]] = field(default_factory=list)  # (recipient, decoded text)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = message_from_bytes(envelope.content, policy=default)
        subject = str(make_header(decode_header(mail["Subject"])))
        assert isinstance(mail, EmailMessage)
        text = mail.get_content()
        for recipient in envelope.rcpt_tos:
            self.messages.append((recipient, subject))
            self.bodies.append((recipient, text))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = stable_free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@dataclass
class Robot:
    """Receives robot messages; the path ``/flaky-N`` answers HTTP 500 to its first N calls."""

    calls: list[tuple[str, str]] = field(default_factory=list)  # (path, text)
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, path: str, body: bytes) -> int:
        with self.lock:
            if path.startswith("/flaky-"):
                failed = self.failures.get(path, 0)
                if failed < int(path.rsplit("-", 1)[1]):
                    self.failures[path] = failed + 1
                    return 500
            self.calls.append((path, json.loads(body)["text"]["content"]))
            return 200


@contextmanager
def robot_server() -> Iterator[tuple[Robot, str]]:
    robot = Robot()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = robot.receive(self.path, body)
            payload = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", stable_free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield robot, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
