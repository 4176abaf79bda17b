"""The two outside channels a delivery goes by: email over SMTP and a signed webhook.

Each sender takes one :class:`Outgoing` message and an address, and either returns or raises
:class:`SendError` with a reason an administrator can read (in Vietnamese). Nothing here touches
the database: :mod:`directives.services.delivery` decides what to send and records the outcome.
"""

import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from directives.config import Settings

SMTP_TIMEOUT_S = 15
WEBHOOK_TIMEOUT_S = 5
SIGNATURE_HEADER = "X-Directives-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


class SendError(Exception):
    """A delivery that did not go through, with its reason in Vietnamese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outgoing:
    """What a channel sends of one message."""

    message_id: int
    key: str
    kind: str
    unit_id: int | None
    unit_name: str | None
    subject: str
    body: str
    link: str | None
    created_at: datetime


def email_message(outgoing: Outgoing, address: str, settings: Settings) -> EmailMessage:
    """The email of a message: UTF-8 subject and body, a Message-ID made from its key (a
    mail server or reader can tell two copies of one message)."""
    mail = EmailMessage()
    mail["Subject"] = outgoing.subject
    mail["From"] = settings.smtp_from
    mail["To"] = address
    mail["Date"] = format_datetime(outgoing.created_at)
    digest = hashlib.sha256(outgoing.key.encode()).hexdigest()[:32]
    sender_domain = settings.smtp_from.rpartition("@")[2] or "localhost"
    mail["Message-ID"] = f"<{digest}@{sender_domain}>"
    mail.set_content(outgoing.body, charset="utf-8")
    return mail


class Mailer:
    """One SMTP connection for a batch of emails, opened at the first send and reused; a failed
    send closes it (the next one connects again). Use as a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        host = settings.smtp_host or ""
        smtp = smtplib.SMTP(host, settings.smtp_port, timeout=SMTP_TIMEOUT_S)
        try:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, outgoing: Outgoing, address: str) -> None:
        settings = self.settings
        if not settings.smtp_host:
            raise SendError("Chưa cấu hình máy chủ thư (DIRECTIVES_SMTP_HOST).")
        where = f"máy chủ thư {settings.smtp_host}:{settings.smtp_port}"
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(email_message(outgoing, address, settings))
        except smtplib.SMTPRecipientsRefused as error:
            raise SendError(f"{where} từ chối địa chỉ người nhận {address}.") from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise SendError(_reason(error, where)) from error


def _reason(error: BaseException, where: str) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"{where} không chấp nhận tài khoản gửi thư ({error.smtp_code})."
    if isinstance(error, TimeoutError):
        return f"Quá thời gian chờ {where}."
    if isinstance(error, ConnectionRefusedError):
        return f"Không kết nối được {where}: máy chủ từ chối kết nối."
    if isinstance(error, smtplib.SMTPException):
        return f"{where} báo lỗi khi gửi thư ({error})."
    strerror = getattr(error, "strerror", None)
    return f"Không kết nối được {where} ({strerror or error})."


def send_email(outgoing: Outgoing, address: str, settings: Settings) -> None:
    """One email on a connection of its own."""
    with Mailer(settings) as mailer:
        mailer.send(outgoing, address)


def payload(outgoing: Outgoing) -> bytes:
    """The webhook's JSON body, UTF-8, keys sorted (what the signature is made over)."""
    data = {
        "message_id": outgoing.message_id,
        "key": outgoing.key,
        "kind": outgoing.kind,
        "unit_id": outgoing.unit_id,
        "unit": outgoing.unit_name,
        "subject": outgoing.subject,
        "body": outgoing.body,
        "link": outgoing.link,
        "created_at": outgoing.created_at.isoformat(),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def signature(body: bytes, secret: str) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of the body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(outgoing: Outgoing, url: str, settings: Settings) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise SendError(f"Địa chỉ webhook '{url}' phải bắt đầu bằng http:// hoặc https://.")
    body = payload(outgoing)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        IDEMPOTENCY_HEADER: outgoing.key,
        SIGNATURE_HEADER: signature(body, settings.webhook_secret or ""),
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_S) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        raise SendError(f"Webhook {url} trả về mã lỗi {error.code}.") from error
    except TimeoutError as error:
        raise SendError(f"Quá thời gian chờ webhook {url}.") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SendError(f"Không gửi được tới webhook {url} ({reason}).") from error
