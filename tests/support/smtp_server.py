"""A small SMTP server on 127.0.0.1 for the mail tests: it speaks enough of RFC 5321 for
smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message it accepted, and
can be told to answer the next DATA commands with an error ("451 try later", "550 no such
user") or to be away (``stop``)."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self._say("220 127.0.0.1 test SMTP ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                if self.server.auth_answer is not None and verb == "EHLO":
                    self._say("250-127.0.0.1")
                    self._say("250 AUTH PLAIN LOGIN")
                else:
                    self._say("250 127.0.0.1")
            elif verb == "AUTH":
                self.server.auth_lines.append(command)
                self._say(self.server.auth_answer or "502 not implemented")
            elif verb == "MAIL":
                recipients = []
                self._say(self.server.mail_answer or "250 OK")
            elif verb == "RCPT":
                recipients.append(command.partition(":")[2].strip(" <>"))
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 go ahead")
                data = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self._say(self.server.take(bytes(data), recipients))
            elif verb in ("RSET", "NOOP"):
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.answers: list[str] = []  # errors for the next DATA commands, in turn
        self.auth_answer: str | None = None  # set: AUTH offered, answered with this
        self.mail_answer: str | None = None  # set: every MAIL FROM answered with this
        self.auth_lines: list[str] = []
        self.changed = threading.Condition()

    def take(self, data: bytes, recipients: list[str]) -> str:
        with self.changed:
            if self.answers:
                return self.answers.pop(0)
            message = message_from_bytes(data, policy=policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append((recipients, message))
            self.changed.notify_all()
            return "250 OK queued"


class LocalSmtpServer:
    """``with LocalSmtpServer() as smtp:`` listens on ``smtp.port`` until the block ends."""

    def __init__(self) -> None:
        self._server = _Server()
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def messages(self) -> list[tuple[list[str], EmailMessage]]:
        with self._server.changed:
            return list(self._server.messages)

    def answer_auth(self, answer: str | None) -> None:
        """Offer AUTH and answer it with ``answer`` ("535 ..." refuses every login)."""
        self._server.auth_answer = answer

    def answer_mail_from(self, answer: str | None) -> None:
        """Answer every MAIL FROM with ``answer`` ("553 ..." refuses the sender)."""
        self._server.mail_answer = answer

    def answer_next(self, *answers: str) -> None:
        with self._server.changed:
            self._server.answers.extend(answers)

    def __enter__(self) -> LocalSmtpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __exit__(self, *exc: Any) -> None:
        if self._thread.is_alive():
            self.stop()
