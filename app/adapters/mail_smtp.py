"""The mail server (``app.services.outbox_ports.MailServer``) over smtplib, and the mail
templates read from files.

A connection per email: a sender runs rarely (a round every half minute) and a server may drop
an idle connection. 4xx answers, a server away and a timeout are "try later"
(``MailUnavailable``); 5xx answers are refusals for good (``MailRefused``); a login or a sender
refused, or STARTTLS/AUTH the server does not offer, is the site's set-up
(``MailMisconfigured``: never retried). No message carries the password.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from app.adapters.devices.resources import resource_path
from app.domain.mail import MailTemplate, TemplateProblem, parse_template
from app.domain.outbox import EventKind
from app.services.outbox_ports import Email, MailMisconfigured, MailRefused, MailUnavailable


def load_templates(site_folder: Path) -> dict[EventKind, MailTemplate]:
    """Each kind's template: the site's ``<kind>.txt`` in ``site_folder`` where there is one,
    else the default in ``resources/mail``. Raises ``TemplateProblem`` naming the file."""
    templates = {}
    for kind in EventKind:
        path = site_folder / f"{kind.value}.txt"
        if not path.is_file():
            path = resource_path("mail", f"{kind.value}.txt")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateProblem(f"mail template {path}: cannot be read ({exc})") from exc
        templates[kind] = parse_template(str(path), text)
    return templates


class SmtpServer:
    def __init__(
        self,
        host: str,
        port: int,
        starttls: bool,
        user: str,
        password: str | None,
        sender: str,
        timeout_s: float = 30.0,
    ) -> None:
        self._host = host
        self._port = port
        self._starttls = starttls
        self._user = user
        self._password = password
        self._sender = sender
        self._timeout = timeout_s

    def message(self, email: Email) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = email.message_id
        message.set_content(email.body)
        return message

    def send(self, email: Email) -> None:
        try:
            self._send(email)
        except (MailRefused, MailUnavailable, MailMisconfigured) as exc:
            text = str(exc)
            if self._password and self._password in text:
                raise type(exc)(text.replace(self._password, "***")) from None
            raise

    def _send(self, email: Email) -> None:
        where = f"mail server {self._host}:{self._port}"
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
                if self._starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self._user:
                    smtp.login(self._user, self._password or "")
                smtp.send_message(self.message(email))
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            problem = f"{where} refused {email.to}: {exc.recipients}"
            if all(code >= 500 for code in codes):
                raise MailRefused(problem) from exc
            raise MailUnavailable(problem) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise MailMisconfigured(
                f"{where}: login refused ({exc.smtp_code}): check [smtp] user and the SMTP "
                "password (packbench mail password)"
            ) from exc
        except smtplib.SMTPSenderRefused as exc:
            raise MailMisconfigured(
                f"{where} refused the sender {exc.sender!r} ({exc.smtp_code}): check [smtp] from"
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise MailMisconfigured(f"{where}: {exc} (check [smtp] starttls and user)") from exc
        except smtplib.SMTPResponseException as exc:
            problem = f"{where}: {exc.smtp_code} {exc.smtp_error!r}"
            if exc.smtp_code >= 500:
                raise MailRefused(problem) from exc
            raise MailUnavailable(problem) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise MailUnavailable(f"{where}: {exc or type(exc).__name__}") from exc
