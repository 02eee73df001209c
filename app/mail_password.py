"""The SMTP password, never in the config file: ``PACKBENCH_SMTP_PASSWORD`` where it is set,
else the file ``smtp-password`` in the data folder (one line; readable by its owner only, mode
0600, as libpq wants of ``~/.pgpass``), else none (a server that takes mail without login).

``packbench mail password`` writes that file (typed without echo, or a line of standard input),
atomically and created 0600, the way the setup wizard writes the PostgreSQL password file.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

PASSWORD_VARIABLE = "PACKBENCH_SMTP_PASSWORD"  # noqa: S105 (a variable's name)
PASSWORD_FILE = "smtp-password"  # noqa: S105 (a file's name)


def password_file(data_dir: Path) -> Path:
    return data_dir / PASSWORD_FILE


def smtp_password(data_dir: Path, environ: dict[str, str] | None = None) -> str | None:
    """The password, or None; raises ``MailSetupError`` for a file others may read."""
    from app.services.mail import MailSetupError

    environ = dict(os.environ) if environ is None else environ
    if environ.get(PASSWORD_VARIABLE):
        return environ[PASSWORD_VARIABLE]
    path = password_file(data_dir)
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise MailSetupError(
                f"{path}: others may read the SMTP password; run chmod 600 {path} "
                "(or packbench mail password to write it again)."
            )
        return path.read_text(encoding="utf-8").strip("\r\n") or None
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise MailSetupError(f"{path}: the SMTP password cannot be read ({exc}).") from exc


def save_smtp_password(data_dir: Path, password: str) -> Path:
    """Write the password file atomically, created 0600 (never readable by others, not even
    for a moment)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = password_file(data_dir)
    handle, temporary = tempfile.mkstemp(dir=data_dir, prefix=".smtp-password-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(password + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def read_password_input() -> str:
    """The password typed without echo, or a line of standard input where no one types."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("SMTP password: ")
    return sys.stdin.readline().rstrip("\r\n")
