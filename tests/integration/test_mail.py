"""Mail delivery against a real SMTP server (aiosmtpd on 127.0.0.1), and the outbox folder."""

from __future__ import annotations

import email.policy
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from raviv.mail import (
    MailError,
    MailSettings,
    Message,
    build_email,
    read_outbox,
    send,
)
from raviv.settings import SettingsError, env_secret

SENDER = "Réseau Raviv <noreply@raviv.test>"
SUBJECT = "Rappel : votre participation à l'assemblée générale"
TEXT = (
    "Bonjour Hélène,\n\n"
    "L'assemblée débute à 18 h — n'oubliez pas vos heures d'été.\n"
    "Ça compte pour l'œuvre commune. « Merci » !\n"
)
HTML = "<p>Bonjour Hélène, l'assemblée débute à 18&nbsp;h — à bientôt&nbsp;!</p>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it is given, and refuses addresses starting "nobody"."""

    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server(**smtp_options: Any) -> Iterator[tuple[Inbox, MailSettings]]:
    """A real SMTP server on a free local port, and settings that send to it in clear."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **smtp_options)
    controller.start()
    try:
        yield (
            inbox,
            MailSettings(
                host="127.0.0.1", port=port, security="none", timeout_s=5, mail_from=SENDER
            ),
        )
    finally:
        controller.stop()


@pytest.fixture
def server() -> Iterator[tuple[Inbox, MailSettings]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No mail variable from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith(("RAVIV_SMTP_", "RAVIV_MAIL_")):
            monkeypatch.delenv(name)
    return monkeypatch


def reminder(*to: str) -> Message:
    return Message(to=list(to), subject=SUBJECT, text=TEXT, html=HTML)


# --- SMTP ---------------------------------------------------------------------------------------


async def test_a_message_in_french_arrives_intact_with_its_subject_sender_and_recipients(
    server: tuple[Inbox, MailSettings],
) -> None:
    inbox, settings = server

    delivery = await send(
        reminder("Hélène Dubois <helene@exemple.fr>", "karim@exemple.fr"), settings
    )

    assert delivery.backend == "smtp"
    assert delivery.path is None
    assert delivery.refused == ()
    [received] = inbox.received
    assert received.mail_from == "noreply@raviv.test"
    assert received.rcpt_tos == ["helene@exemple.fr", "karim@exemple.fr"]
    message = received.message
    assert message["Subject"] == SUBJECT
    assert message["From"] == SENDER
    assert [a.addr_spec for a in message["To"].addresses] == [
        "helene@exemple.fr",
        "karim@exemple.fr",
    ]
    assert message["To"].addresses[0].display_name == "Hélène Dubois"
    assert message["Message-ID"] == delivery.message_id
    assert message["Auto-Submitted"] == "auto-generated"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content_charset() == "utf-8"
    # SMTP carries lines ending in CRLF; the text is otherwise unchanged.
    assert plain.get_content().replace("\r\n", "\n") == TEXT
    assert html.get_content().strip() == HTML


async def test_recipients_the_server_refuses_are_reported_while_the_others_receive_it(
    server: tuple[Inbox, MailSettings],
) -> None:
    inbox, settings = server

    delivery = await send(reminder("karim@exemple.fr", "nobody@exemple.fr"), settings)

    assert delivery.refused == ("nobody@exemple.fr",)
    assert inbox.received[0].rcpt_tos == ["karim@exemple.fr"]


async def test_a_message_every_recipient_of_which_is_refused_raises_mail_error(
    server: tuple[Inbox, MailSettings],
) -> None:
    inbox, settings = server

    with pytest.raises(MailError, match=rf"127\.0\.0\.1:{settings.port}"):
        await send(reminder("nobody@exemple.fr"), settings)
    assert inbox.received == []


async def test_an_unreachable_server_raises_mail_error_naming_host_and_port() -> None:
    port = free_port()  # nothing listens there
    settings = MailSettings(host="127.0.0.1", port=port, security="none", timeout_s=2)

    with pytest.raises(MailError, match=rf"SMTP server 127\.0\.0\.1:{port} \(none\)") as caught:
        await send(reminder("karim@exemple.fr"), settings)
    assert "connect" in str(caught.value).lower()


async def test_starttls_not_offered_by_the_server_is_an_error_not_a_reason_to_send_in_clear(
    server: tuple[Inbox, MailSettings],
) -> None:
    inbox, settings = server
    starttls = MailSettings(
        host=settings.host, port=settings.port, security="starttls", timeout_s=5
    )

    with pytest.raises(MailError, match=r"STARTTLS"):
        await send(reminder("karim@exemple.fr"), starttls)
    assert inbox.received == []


def _accept_raviv_secret(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data == (b"raviv", b"s3cr\xc3\xa8t")
    return AuthResult(success=ok, handled=False)


async def test_user_and_password_log_in_before_sending() -> None:
    with smtp_server(auth_require_tls=False, authenticator=_accept_raviv_secret) as running:
        inbox, settings = running
        login = MailSettings(
            host=settings.host,
            port=settings.port,
            user="raviv",
            password="s3crèt",
            security="none",
            timeout_s=5,
        )

        await send(reminder("karim@exemple.fr"), login)

    assert len(inbox.received) == 1


async def test_a_refused_login_raises_mail_error_without_the_password() -> None:
    with smtp_server(auth_require_tls=False, authenticator=_accept_raviv_secret) as running:
        inbox, settings = running
        login = MailSettings(
            host=settings.host,
            port=settings.port,
            user="raviv",
            password="wrong-password",
            security="none",
            timeout_s=5,
        )

        with pytest.raises(MailError, match=rf"127\.0\.0\.1:{settings.port}.*535") as caught:
            await send(reminder("karim@exemple.fr"), login)

    assert "wrong-password" not in str(caught.value)
    assert "wrong-password" not in repr(login)
    assert inbox.received == []


# --- Outbox -------------------------------------------------------------------------------------


async def test_without_a_host_the_message_is_written_to_the_outbox_as_a_readable_eml(
    tmp_path: Path,
) -> None:
    outbox = tmp_path / "outbox"
    settings = MailSettings(outbox=outbox, mail_from=SENDER)

    delivery = await send(reminder("helene@exemple.fr"), settings)

    assert delivery.backend == "outbox"
    assert delivery.path is not None
    assert delivery.path.parent == outbox
    assert re.fullmatch(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{32}\.eml", delivery.path.name)
    assert [p.name for p in outbox.iterdir()] == [delivery.path.name]  # no temporary file left
    assert "Bonjour Hélène" in delivery.path.read_text(encoding="utf-8")  # readable as it is
    [message] = read_outbox(outbox)
    assert message["Message-ID"] == delivery.message_id
    assert message["Subject"] == SUBJECT
    assert message["From"] == SENDER
    assert message["To"] == "helene@exemple.fr"
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content() == TEXT


async def test_the_outbox_lists_messages_oldest_first(tmp_path: Path) -> None:
    settings = MailSettings(outbox=tmp_path)
    for subject in ("premier", "deuxième", "troisième"):
        await send(Message(to=["karim@exemple.fr"], subject=subject, text="."), settings)

    assert [m["Subject"] for m in read_outbox(tmp_path)] == ["premier", "deuxième", "troisième"]


def test_an_outbox_that_does_not_exist_yet_is_empty(tmp_path: Path) -> None:
    assert read_outbox(tmp_path / "nowhere") == []


async def test_an_outbox_that_cannot_be_written_raises_mail_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")

    with pytest.raises(MailError, match="outbox"):
        await send(reminder("karim@exemple.fr"), MailSettings(outbox=blocker / "outbox"))


# --- Settings -----------------------------------------------------------------------------------


def test_without_smtp_host_mail_goes_to_the_outbox_in_the_data_dir(
    mail_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mail_env.setenv("RAVIV_DATA_DIR", str(tmp_path))

    settings = MailSettings.from_env()

    assert settings.backend == "outbox"
    assert settings.outbox == tmp_path / "outbox"
    assert settings.mail_from == "raviv <noreply@localhost>"
    assert (settings.port, settings.security, settings.timeout_s) == (587, "starttls", 10)


def test_smtp_settings_are_read_from_the_environment(
    mail_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mail_env.setenv("RAVIV_SMTP_HOST", "smtp.exemple.fr")
    mail_env.setenv("RAVIV_SMTP_PORT", "2525")
    mail_env.setenv("RAVIV_SMTP_USER", "raviv")
    mail_env.setenv("RAVIV_SMTP_PASSWORD", "s3crèt ")
    mail_env.setenv("RAVIV_SMTP_SECURITY", "TLS")
    mail_env.setenv("RAVIV_SMTP_TIMEOUT_S", "30")
    mail_env.setenv("RAVIV_MAIL_FROM", SENDER)
    mail_env.setenv("RAVIV_MAIL_OUTBOX", str(tmp_path / "mails"))

    settings = MailSettings.from_env()

    assert settings == MailSettings(
        host="smtp.exemple.fr",
        port=2525,
        user="raviv",
        password="s3crèt ",
        security="tls",
        timeout_s=30,
        mail_from=SENDER,
        outbox=tmp_path / "mails",
    )
    assert settings.backend == "smtp"
    assert "s3cr" not in repr(settings)


def test_tls_defaults_to_port_465(mail_env: pytest.MonkeyPatch) -> None:
    mail_env.setenv("RAVIV_SMTP_HOST", "smtp.exemple.fr")
    mail_env.setenv("RAVIV_SMTP_SECURITY", "tls")

    assert MailSettings.from_env().port == 465


def test_the_password_is_read_from_the_password_file(
    mail_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("s3crèt\n", encoding="utf-8")
    mail_env.setenv("RAVIV_SMTP_HOST", "smtp.exemple.fr")
    mail_env.setenv("RAVIV_SMTP_USER", "raviv")
    mail_env.setenv("RAVIV_SMTP_PASSWORD_FILE", str(secret))
    mail_env.setenv("RAVIV_MAIL_OUTBOX", str(tmp_path))

    assert MailSettings.from_env() == MailSettings(
        host="smtp.exemple.fr", user="raviv", password="s3crèt", outbox=tmp_path
    )


def test_password_and_password_file_together_are_refused(
    mail_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("from-file\n")
    mail_env.setenv("RAVIV_SMTP_HOST", "smtp.exemple.fr")
    mail_env.setenv("RAVIV_SMTP_USER", "raviv")
    mail_env.setenv("RAVIV_SMTP_PASSWORD", "from-env")
    mail_env.setenv("RAVIV_SMTP_PASSWORD_FILE", str(secret))

    with pytest.raises(SettingsError, match="RAVIV_SMTP_PASSWORD and RAVIV_SMTP_PASSWORD_FILE"):
        MailSettings.from_env()


@pytest.mark.parametrize(
    ("content", "named"),
    [(None, "RAVIV_SMTP_PASSWORD_FILE"), ("\n", "RAVIV_SMTP_PASSWORD")],
    ids=["missing", "empty"],
)
def test_a_password_file_that_is_missing_or_empty_is_refused(
    mail_env: pytest.MonkeyPatch, tmp_path: Path, content: str | None, named: str
) -> None:
    secret = tmp_path / "smtp-password"
    if content is not None:
        secret.write_text(content)
    mail_env.setenv("RAVIV_SMTP_HOST", "smtp.exemple.fr")
    mail_env.setenv("RAVIV_SMTP_USER", "raviv")
    mail_env.setenv("RAVIV_SMTP_PASSWORD_FILE", str(secret))

    with pytest.raises(SettingsError, match=named):
        MailSettings.from_env()


def test_env_secret_falls_back_to_its_default_when_neither_form_is_set(
    mail_env: pytest.MonkeyPatch,
) -> None:
    assert env_secret("RAVIV_SMTP_PASSWORD") is None
    assert env_secret("RAVIV_SMTP_PASSWORD", default="") == ""


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"RAVIV_SMTP_SECURITY": "ssl"}, "RAVIV_SMTP_SECURITY"),
        ({"RAVIV_SMTP_PORT": "70000"}, "RAVIV_SMTP_PORT"),
        ({"RAVIV_SMTP_PORT": "smtp"}, "RAVIV_SMTP_PORT"),
        ({"RAVIV_SMTP_TIMEOUT_S": "0"}, "RAVIV_SMTP_TIMEOUT_S"),
        ({"RAVIV_SMTP_HOST": "smtp://smtp.exemple.fr"}, "RAVIV_SMTP_HOST"),
        ({"RAVIV_MAIL_FROM": "raviv"}, "RAVIV_MAIL_FROM"),
        ({"RAVIV_MAIL_FROM": "a@exemple.fr, b@exemple.fr"}, "RAVIV_MAIL_FROM"),
        ({"RAVIV_SMTP_HOST": "smtp.exemple.fr", "RAVIV_SMTP_USER": "raviv"}, "RAVIV_SMTP_USER"),
        ({"RAVIV_SMTP_HOST": "smtp.exemple.fr", "RAVIV_SMTP_PASSWORD": "x"}, "RAVIV_SMTP_USER"),
        ({"RAVIV_SMTP_USER": "raviv", "RAVIV_SMTP_PASSWORD": "x"}, "RAVIV_SMTP_HOST"),
        (
            {
                "RAVIV_SMTP_HOST": "smtp.exemple.fr",
                "RAVIV_SMTP_USER": "raviv",
                "RAVIV_SMTP_PASSWORD": "x",
                "RAVIV_SMTP_SECURITY": "none",
            },
            "RAVIV_SMTP_SECURITY",
        ),
    ],
    ids=[
        "unknown-security",
        "port-out-of-range",
        "port-not-a-number",
        "zero-timeout",
        "host-as-url",
        "from-without-domain",
        "two-senders",
        "user-without-password",
        "password-without-user",
        "credentials-without-host",
        "password-in-clear-to-a-remote-host",
    ],
)
def test_invalid_mail_settings_are_refused_naming_the_variable(
    mail_env: pytest.MonkeyPatch, variables: dict[str, str], named: str
) -> None:
    for name, value in variables.items():
        mail_env.setenv(name, value)

    with pytest.raises(SettingsError, match=named):
        MailSettings.from_env()


def test_credentials_in_clear_are_allowed_to_a_server_on_this_machine(
    mail_env: pytest.MonkeyPatch,
) -> None:
    mail_env.setenv("RAVIV_SMTP_HOST", "127.0.0.1")
    mail_env.setenv("RAVIV_SMTP_USER", "raviv")
    mail_env.setenv("RAVIV_SMTP_PASSWORD", "x")
    mail_env.setenv("RAVIV_SMTP_SECURITY", "none")

    assert MailSettings.from_env().security == "none"


# --- Messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("to", [[], ["pas une adresse"], ["a@exemple.fr, b@exemple.fr"]])
def test_a_message_needs_one_valid_address_per_recipient(to: list[str]) -> None:
    with pytest.raises(ValueError, match=r"Message\.to"):
        Message(to=to, subject="s", text="t")


def test_headers_raviv_writes_cannot_be_overridden() -> None:
    with pytest.raises(ValueError, match="From"):
        Message(to=["karim@exemple.fr"], subject="s", text="t", headers={"From": "x@y.fr"})


def test_extra_headers_are_added_and_a_subject_cannot_smuggle_headers() -> None:
    message = Message(
        to=["karim@exemple.fr"], subject="s", text="t", headers={"Reply-To": "camille@exemple.fr"}
    )
    assert build_email(message, MailSettings())["Reply-To"] == "camille@exemple.fr"

    smuggler = Message(to=["karim@exemple.fr"], subject="s\r\nBcc: mallory@exemple.fr", text="t")
    with pytest.raises(ValueError, match="linefeed"):
        build_email(smuggler, MailSettings())
