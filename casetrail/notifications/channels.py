"""The outside channels: SMTP email and group-robot webhooks (企业微信 and 钉钉 both take the same
``{"msgtype": "text", "text": {"content": …}}`` body). A failure raises ``ChannelFailed`` with a
Chinese reason; the caller retries with backoff and records the reason for ops."""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import httpx

from casetrail.config import Settings


class ChannelFailed(Exception):
    """The message did not go out; ``str()`` is the reason shown in ops."""


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str | None
    idempotency_key: str  # goes into the Message-ID: a re-sent copy is recognisably the same message


def _email(settings: Settings, to: str, message: Message) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.smtp_sender
    mail["To"] = to
    mail["Subject"] = f"【案件期限提醒】{message.title}"
    domain = settings.smtp_sender.rpartition("@")[2] or "casetrail"
    mail["Message-ID"] = make_msgid(idstring=message.idempotency_key.replace(":", "."), domain=domain)
    text = message.body + (f"\n\n查看：{message.link}" if message.link else "")
    mail.set_content(text)
    return mail


def _send_email(settings: Settings, to: str, message: Message) -> None:
    if not settings.smtp_host:
        raise ChannelFailed("未配置邮件服务器（CASETRAIL_SMTP_HOST），无法发送邮件")
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(_email(settings, to, message))
    except (OSError, smtplib.SMTPException) as error:
        raise ChannelFailed(f"邮件发送失败（{settings.smtp_host}:{settings.smtp_port}）：{error}") from error


async def send_email(settings: Settings, *, to: str, message: Message) -> None:
    # smtplib blocks: a thread keeps the worker's event loop free.
    await asyncio.to_thread(_send_email, settings, to, message)


async def send_webhook(*, url: str, message: Message) -> None:
    text = f"{message.title}\n{message.body}" + (f"\n{message.link}" if message.link else "")
    try:
        async with httpx.AsyncClient(timeout=15) as client:
            response = await client.post(url, json={"msgtype": "text", "text": {"content": text}})
    except httpx.HTTPError as error:
        raise ChannelFailed(f"群机器人接口无法连接：{error}") from error
    if response.status_code >= 300:
        raise ChannelFailed(f"群机器人接口返回 HTTP {response.status_code}")
    # 企业微信 and 钉钉 answer 200 with {"errcode": non-zero} when they refuse a message.
    try:
        errcode = response.json().get("errcode", 0)
    except ValueError:
        errcode = 0
    if errcode:
        raise ChannelFailed(f"群机器人拒收消息（errcode {errcode}）")
