"""E-mail delivery: through an SMTP server, or into an outbox folder when none is configured.

With ``RAVIV_SMTP_HOST`` set, :func:`send` hands the message to that server (aiosmtplib, so the
event loop is never blocked). Without it, the message is written as an ``.eml`` file to the
outbox folder, where a developer reads it with any mail client or :func:`read_outbox`.
"""

from __future__ import annotations

import asyncio
import email.errors
import email.policy
import ipaddress
import os
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Literal

import aiosmtplib
import structlog

from raviv.settings import SettingsError, env_choice, env_int, env_secret

__all__ = [
    "Delivery",
    "MailError",
    "MailSettings",
    "Message",
    "build_email",
    "get_mail_settings",
    "read_outbox",
    "send",
]

Security = Literal["starttls", "tls", "none"]

DEFAULT_FROM = "raviv <noreply@localhost>"

_log = structlog.get_logger(__name__)

# Headers that build_email writes itself; a Message may not set them through `headers`.
_MANAGED_HEADERS = frozenset(
    {"from", "to", "subject", "date", "message-id", "mime-version", "content-type"}
    | {"content-transfer-encoding", "bcc"}
)


class MailError(Exception):
    """A message could not be delivered (SMTP server unreachable or refusing, outbox unwritable)."""


def _address(value: str) -> Address | None:
    """The one address in ``value`` ("Name <user@domain>" or "user@domain"), or None."""
    header = email.policy.default.header_factory("To", value)
    defects = [d for d in header.defects if not isinstance(d, email.errors.NonASCIILocalPartDefect)]
    addresses: tuple[Address, ...] = header.addresses
    if defects or len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        return None
    return addresses[0]


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class MailSettings:
    """How mail leaves raviv. An empty ``host`` means: write it to the ``outbox`` folder."""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    security: Security = "starttls"
    timeout_s: int = 10
    mail_from: str = DEFAULT_FROM
    outbox: Path = Path("var/outbox")

    @property
    def backend(self) -> Literal["smtp", "outbox"]:
        return "smtp" if self.host else "outbox"

    @classmethod
    def from_env(cls) -> MailSettings:
        host = os.environ.get("RAVIV_SMTP_HOST", "").strip()
        if "://" in host or any(c.isspace() for c in host):
            raise SettingsError(
                f"RAVIV_SMTP_HOST={host!r}: expected a host name such as smtp.example.org "
                "(the port goes in RAVIV_SMTP_PORT)"
            )
        security: Security = env_choice(
            "RAVIV_SMTP_SECURITY", "starttls", ("starttls", "tls", "none")
        )
        # 465 is the port for TLS from the first byte; 587 is the submission port (STARTTLS).
        port = env_int(
            "RAVIV_SMTP_PORT", 465 if security == "tls" else 587, minimum=1, maximum=65535
        )
        user = os.environ.get("RAVIV_SMTP_USER", "").strip()
        password = env_secret("RAVIV_SMTP_PASSWORD") or ""
        if password and not user:
            raise SettingsError("RAVIV_SMTP_PASSWORD is set but RAVIV_SMTP_USER is empty")
        if user and not password:
            raise SettingsError("RAVIV_SMTP_USER is set but RAVIV_SMTP_PASSWORD is empty")
        if user and not host:
            # Credentials without a host would quietly send every message to the outbox.
            raise SettingsError("RAVIV_SMTP_USER is set but RAVIV_SMTP_HOST is empty")
        if user and security == "none" and not _is_loopback(host):
            raise SettingsError(
                f"RAVIV_SMTP_SECURITY=none would send the SMTP password in clear to {host}: "
                "use starttls or tls (none is for a server on this machine)"
            )
        mail_from = os.environ.get("RAVIV_MAIL_FROM", "").strip() or DEFAULT_FROM
        if _address(mail_from) is None:
            raise SettingsError(
                f"RAVIV_MAIL_FROM={mail_from!r}: expected one address, "
                "e.g. 'Réseau <noreply@example.org>'"
            )
        data_dir = Path(os.environ.get("RAVIV_DATA_DIR") or "var")
        outbox = os.environ.get("RAVIV_MAIL_OUTBOX", "").strip()
        return cls(
            host=host,
            port=port,
            user=user,
            password=password,
            security=security,
            timeout_s=env_int("RAVIV_SMTP_TIMEOUT_S", 10, minimum=1, maximum=600),
            mail_from=mail_from,
            outbox=Path(outbox) if outbox else data_dir / "outbox",
        )


@lru_cache(maxsize=1)
def get_mail_settings() -> MailSettings:
    """The mail settings of this process, read from the environment on first use."""
    return MailSettings.from_env()


@dataclass(frozen=True, slots=True)
class Message:
    """One e-mail to write: plain text always, HTML as an alternative when given.

    ``to`` holds addresses such as ``"Camille Martin <camille@exemple.fr>"``. ``headers`` adds
    others (``Reply-To``, ``List-Unsubscribe``...); the ones :func:`build_email` writes itself
    (From, To, Subject, Date, Message-ID, MIME and Bcc) are refused there.
    """

    to: Sequence[str]
    subject: str
    text: str
    html: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.to, str):
            raise TypeError("Message.to takes a list of addresses, not one string")
        if not self.to:
            raise ValueError("Message.to is empty")
        for recipient in self.to:
            if _address(recipient) is None:
                raise ValueError(f"Message.to: {recipient!r} is not one e-mail address")
        for name in self.headers:
            if name.lower() in _MANAGED_HEADERS:
                raise ValueError(f"Message.headers: {name} is set by raviv, not by the caller")


@dataclass(frozen=True, slots=True)
class Delivery:
    """What :func:`send` did with a message."""

    backend: Literal["smtp", "outbox"]
    message_id: str
    path: Path | None = None  # the .eml file, for the outbox
    refused: tuple[str, ...] = ()  # recipients the SMTP server refused while accepting others


def build_email(
    message: Message, settings: MailSettings, *, now: datetime | None = None
) -> EmailMessage:
    """The MIME message for ``message``: UTF-8 text (and HTML), with its own Message-ID."""
    sender = _address(settings.mail_from)
    assert sender is not None  # MailSettings.from_env checked it
    mail = EmailMessage(policy=email.policy.default)
    mail["From"] = settings.mail_from
    mail["To"] = ", ".join(message.to)
    mail["Subject"] = message.subject
    mail["Date"] = format_datetime(now or datetime.now(UTC))
    # A domain of our own: make_msgid() would otherwise ask DNS for this machine's name.
    mail["Message-ID"] = make_msgid(domain=sender.domain)
    if not any(name.lower() == "auto-submitted" for name in message.headers):
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    for name, value in message.headers.items():
        mail[name] = value
    mail.set_content(message.text)
    if message.html is not None:
        mail.add_alternative(message.html, subtype="html")
    return mail


async def send(message: Message, settings: MailSettings | None = None) -> Delivery:
    """Deliver ``message`` through SMTP, or write it to the outbox when no host is configured.

    Raises :class:`MailError` when the server cannot be reached or refuses the message (naming
    the host and port, never the password), or when the outbox cannot be written.
    """
    settings = settings or get_mail_settings()
    now = datetime.now(UTC)
    mail = build_email(message, settings, now=now)
    message_id = str(mail["Message-ID"])
    if settings.host:
        refused = await _send_smtp(mail, settings)
        delivery = Delivery("smtp", message_id, refused=refused)
    else:
        path = await asyncio.to_thread(_write_outbox, mail, settings.outbox, now)
        delivery = Delivery("outbox", message_id, path=path)
    _log.info(
        "mail.sent",
        backend=delivery.backend,
        message_id=message_id,
        recipients=len(message.to),
        refused=len(delivery.refused),
        path=str(delivery.path) if delivery.path else None,
    )
    return delivery


async def _send_smtp(mail: EmailMessage, settings: MailSettings) -> tuple[str, ...]:
    try:
        refused, _ = await aiosmtplib.send(
            mail,
            hostname=settings.host,
            port=settings.port,
            username=settings.user or None,
            password=settings.password or None,
            use_tls=settings.security == "tls",
            # True, not None: with starttls configured, a server that does not offer it is
            # an error rather than a reason to send in clear.
            start_tls=settings.security == "starttls",
            timeout=settings.timeout_s,
        )
    except (aiosmtplib.SMTPException, OSError) as exc:
        reason = getattr(exc, "message", "") or str(exc) or type(exc).__name__
        code = getattr(exc, "code", None)
        if code is not None:
            reason = f"{code} {reason}"
        raise MailError(
            f"SMTP server {settings.host}:{settings.port} ({settings.security}) "
            f"did not take the message: {reason}"
        ) from exc
    return tuple(sorted(refused))


def _write_outbox(mail: EmailMessage, folder: Path, now: datetime) -> Path:
    """Write ``mail`` as ``<UTC timestamp>-<uuid>.eml``, whole or not at all."""
    path = folder / f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{uuid.uuid4().hex}.eml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The temporary name starts with a dot and does not end in .eml: readers skip it.
        # mkstemp makes it readable by its owner only, which suits password-reset links.
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError as exc:
        raise MailError(f"cannot write to the outbox {folder}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(mail.as_bytes())
            file.flush()
            os.fsync(file.fileno())
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise MailError(f"cannot write to the outbox {folder}: {exc.strerror or exc}") from exc
    return path


def read_outbox(folder: Path | str) -> list[EmailMessage]:
    """The messages in an outbox folder, oldest first; none when the folder does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]
