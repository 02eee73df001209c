"""A throwaway PostgreSQL server for the test suite.

``start_server()`` runs ``initdb`` into a fresh temporary directory, starts the cluster with
``pg_ctl`` on a free loopback port and returns a :class:`PgServer` once the server accepts
connections. ``PgServer.stop()`` (also run by ``atexit`` and by the context manager) shuts it
down with ``pg_ctl stop -m fast`` and deletes the directory.

PostgreSQL refuses to run as root. When this process is root (as in CI) every PostgreSQL
binary runs as the ``postgres`` system user, in a directory that user owns.

The binaries are looked up in this order:

1. ``$PACKBENCH_PG_BINDIR``;
2. ``pg_config --bindir``;
3. the highest-numbered ``/usr/lib/postgresql/*/bin`` holding ``initdb``;
4. ``initdb`` on ``PATH``.

The server is built for speed, not durability: fsync, synchronous_commit and
full_page_writes are off, and authentication is ``trust`` for the superuser ``packbench``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import psycopg
from psycopg import sql

__all__ = ["PgServer", "find_bindir", "start_server"]

SUPERUSER = "packbench"
DEFAULT_DBNAME = "packbench"
HOST = "127.0.0.1"
SYSTEM_USER = "postgres"  # used only when running as root
START_TIMEOUT = 30.0
STOP_TIMEOUT = 30
MAX_CONNECTIONS = 300
PORT_ATTEMPTS = 5

_INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl, postgres) are needed to run the database "
    "tests. Install them with `apt-get install postgresql` (Debian/Ubuntu), or point "
    "PACKBENCH_PG_BINDIR at the directory that holds initdb."
)
_DBNAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
# Environment variables that would redirect initdb/pg_ctl/postgres or the libpq connections.
_PG_ENV_PREFIX = "PG"


# --------------------------------------------------------------------------- binaries


def _is_bindir(path: Path) -> bool:
    return all(os.access(path / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres"))


def _version_key(path: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin; "15" -> (15,), "9.6" -> (9, 6)
    try:
        return tuple(int(part) for part in path.parent.name.split("."))
    except ValueError:
        return (-1,)


def find_bindir() -> Path:
    """Return the directory holding initdb, pg_ctl and postgres, or raise RuntimeError."""
    env_dir = os.environ.get("PACKBENCH_PG_BINDIR")
    if env_dir:
        path = Path(env_dir)
        if not _is_bindir(path):
            raise RuntimeError(
                f"PACKBENCH_PG_BINDIR={env_dir!r} does not contain executable initdb, pg_ctl "
                f"and postgres. {_INSTALL_HINT}"
            )
        return path

    pg_config = shutil.which("pg_config")
    if pg_config:
        # Debian's libpq-dev ships a pg_config that may name a bindir without a server in it,
        # so the answer is only used when initdb really is there.
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
            if out and _is_bindir(Path(out)):
                return Path(out)

    candidates = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if _is_bindir(p)]
    if candidates:
        return max(candidates, key=_version_key)

    initdb = shutil.which("initdb")
    if initdb:
        path = Path(initdb).resolve().parent
        if _is_bindir(path):
            return path

    raise RuntimeError(f"Could not find PostgreSQL. {_INSTALL_HINT}")


# --------------------------------------------------------------------------- running as a user


@dataclass(frozen=True)
class _RunAs:
    """Who runs the PostgreSQL binaries: this process's user, or ``postgres`` when root."""

    uid: int | None
    gid: int | None
    home: str | None
    name: str | None

    @classmethod
    def detect(cls) -> _RunAs:
        if os.geteuid() != 0:
            return cls(uid=None, gid=None, home=None, name=None)
        try:
            pw = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise RuntimeError(
                f"Running as root, but there is no {SYSTEM_USER!r} system user to run PostgreSQL "
                f"as (PostgreSQL refuses to run as root). `apt-get install postgresql` creates "
                f"it; so does `useradd --system {SYSTEM_USER}`."
            ) from None
        return cls(uid=pw.pw_uid, gid=pw.pw_gid, home=pw.pw_dir, name=pw.pw_name)

    @property
    def switches_user(self) -> bool:
        return self.uid is not None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_PG_ENV_PREFIX)}
        env["LC_ALL"] = "C"
        env["LANG"] = "C"
        env.pop("LANGUAGE", None)
        if self.switches_user:
            assert self.name is not None and self.home is not None
            env.update(HOME=self.home, USER=self.name, LOGNAME=self.name)
        return env

    def run(
        self, args: Sequence[str | os.PathLike[str]], *, cwd: Path, timeout: float
    ) -> subprocess.CompletedProcess[str]:
        """Run a command as this user; stdout/stderr go to a file, never to a pipe.

        A pipe could be inherited by the postmaster that ``pg_ctl start`` leaves running, and
        reading it to EOF would then hang.
        """
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as out:
            # When switching user, subprocess drops privileges in the child (setgroups, setgid,
            # setuid) before exec: what `runuser -u postgres --` does, without needing util-linux.
            proc = subprocess.run(
                [os.fspath(a) for a in args],
                cwd=cwd,  # the caller's cwd (e.g. /root) may not be readable by postgres
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
                user=self.uid,
                group=self.gid,
                extra_groups=[] if self.switches_user else None,
            )
            out.seek(0)
            return subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), None)

    def can_traverse(self, path: Path) -> bool:
        """Whether this user can reach entries under ``path`` (x on it and every ancestor)."""
        if not self.switches_user:
            return os.access(path, os.X_OK)
        for directory in (path, *path.parents):
            try:
                st = directory.stat()
            except OSError:
                return False
            if st.st_uid == self.uid:
                ok = bool(st.st_mode & stat.S_IXUSR)
            elif st.st_gid == self.gid:
                ok = bool(st.st_mode & stat.S_IXGRP)
            else:
                ok = bool(st.st_mode & stat.S_IXOTH)
            if not ok:
                return False
        return True


def _make_workdir(run_as: _RunAs) -> Path:
    bases = [Path(tempfile.gettempdir()).resolve(), Path("/tmp")]
    for base in bases:
        if base.is_dir() and run_as.can_traverse(base):
            # Keep it short: the unix socket path is limited to ~107 bytes.
            workdir = Path(tempfile.mkdtemp(prefix="packbench-pg-", dir=base))
            if run_as.switches_user:
                assert run_as.uid is not None and run_as.gid is not None
                os.chown(workdir, run_as.uid, run_as.gid)
            return workdir
    raise RuntimeError(
        f"No temporary directory that the {run_as.name or 'current'} user can reach "
        f"(tried {', '.join(map(str, bases))})."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _tail(path: Path, lines: int = 30, start: int = 0) -> str:
    try:
        with path.open("rb") as f:
            f.seek(start)
            text = f.read().decode("utf-8", errors="replace")
    except OSError as exc:
        return f"(no server log at {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


def _conf_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


# --------------------------------------------------------------------------- the server


class PgServer:
    """A running throwaway PostgreSQL cluster. Create it with :func:`start_server`."""

    def __init__(
        self, *, bindir: Path, workdir: Path, run_as: _RunAs, port: int, version_num: int
    ) -> None:
        self.bindir = bindir
        self.workdir = workdir
        self.datadir = workdir / "data"
        self.logfile = workdir / "server.log"
        self.host = HOST
        self.port = port
        self.user = SUPERUSER
        self.dbname = DEFAULT_DBNAME
        self.version_num = version_num
        self._run_as = run_as
        self._owner_pid = os.getpid()
        self._stopped = False
        self._db_counter = 0

    # ----- connection strings

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``packbench`` database (``postgresql+psycopg://...``)."""
        return self.url_for(self.dbname)

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL of database ``dbname`` on this server."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def conninfo(self, dbname: str | None = None) -> str:
        """libpq connection string, for ``psycopg.connect()``."""
        return psycopg.conninfo.make_conninfo("", **self._connect_kwargs(dbname or self.dbname))

    def _connect_kwargs(self, dbname: str) -> dict[str, str | int]:
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": dbname,
            "sslmode": "disable",
            "connect_timeout": 5,
        }

    def connect(self, dbname: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        """A new psycopg connection (the caller closes it)."""
        params: dict[str, Any] = {**self._connect_kwargs(dbname or self.dbname), **kwargs}
        return psycopg.connect(**params)

    # ----- databases

    def create_database(self, name: str | None = None) -> str:
        """Create a fresh, empty database and return its SQLAlchemy URL.

        Without ``name`` a unique one is made up. An existing database of that name is dropped
        first (its connections are terminated), so the result is always empty.
        """
        self._check_running()
        if name is None:
            self._db_counter += 1
            name = f"test_{os.getpid()}_{self._db_counter}"
        if not _DBNAME_RE.fullmatch(name):
            raise ValueError(
                f"database name {name!r} must match {_DBNAME_RE.pattern} (letters, digits, _)"
            )
        ident = sql.Identifier(name)
        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
            # template0: never connected to, so concurrent CREATE DATABASE calls cannot fail with
            # "source database is being accessed by other users".
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(ident)
            )
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, terminating its connections."""
        self._check_running()
        with self.connect("postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    # ----- lifecycle

    @property
    def running(self) -> bool:
        return not self._stopped

    def _check_running(self) -> None:
        if self._stopped:
            raise RuntimeError("the PostgreSQL test server has been stopped")

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and delete its directory. Idempotent."""
        if self._stopped:
            return
        if os.getpid() != self._owner_pid:
            # A forked child inherited this object (and its atexit hook): not ours to stop.
            return
        self._stopped = True
        atexit.unregister(self.stop)
        try:
            _pg_ctl_stop(self._run_as, self.bindir, self.datadir, self.workdir)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "stopped" if self._stopped else "running"
        return f"<PgServer {self.url} {state} datadir={self.datadir}>"


def _postmaster_pid(datadir: Path) -> int | None:
    try:
        first = (datadir / "postmaster.pid").read_text().splitlines()[0]
        return int(first)
    except (OSError, IndexError, ValueError):
        return None


def _pg_ctl_stop(run_as: _RunAs, bindir: Path, datadir: Path, workdir: Path) -> None:
    if not (datadir / "postmaster.pid").exists():
        return
    try:
        result = run_as.run(
            [bindir / "pg_ctl", "stop", "-D", datadir, "-m", "fast", "-w", "-t", str(STOP_TIMEOUT)],
            cwd=workdir,
            timeout=STOP_TIMEOUT + 10,
        )
        if result.returncode == 0:
            return
    except subprocess.TimeoutExpired:
        pass
    # pg_ctl failed or hung: shut the postmaster down the hard way so nothing is left behind.
    pid = _postmaster_pid(datadir)
    if pid is None:
        return
    for sig, wait in ((signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


def _write_config(datadir: Path, settings: Mapping[str, str | int]) -> None:
    lines = ["", "# --- packbench test server (tests/support/pgserver.py) ---"]
    for key, value in settings.items():
        rendered = _conf_quote(value) if isinstance(value, str) else str(value)
        lines.append(f"{key} = {rendered}")
    with (datadir / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n".join(lines) + "\n")


def _wait_until_ready(server: PgServer, deadline: float) -> None:
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with server.connect("postgres", connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError as exc:
            last_error = exc
        if _postmaster_pid(server.datadir) is None:
            # The postmaster removed its pid file: it exited and will not come up.
            break
        time.sleep(0.1)
    raise RuntimeError(
        f"PostgreSQL did not accept connections on {server.host}:{server.port} within "
        f"{START_TIMEOUT:.0f} s (last error: {last_error}).\n"
        f"--- tail of {server.logfile} ---\n{_tail(server.logfile)}"
    )


def start_server(*, timeout: float = START_TIMEOUT) -> PgServer:
    """Initialise and start a throwaway PostgreSQL server; return it once it accepts connections.

    The caller must ``stop()`` it (or use it as a context manager); an ``atexit`` hook stops it
    anyway if the process ends first. Never skips: raises RuntimeError when PostgreSQL is
    missing or does not start.
    """
    bindir = find_bindir()
    run_as = _RunAs.detect()
    workdir = _make_workdir(run_as)
    datadir = workdir / "data"
    logfile = workdir / "server.log"
    server: PgServer | None = None
    try:
        init = run_as.run(
            [
                bindir / "initdb",
                "-D",
                datadir,
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            cwd=workdir,
            timeout=120,
        )
        if init.returncode != 0:
            who = f" as user {run_as.name!r}" if run_as.switches_user else ""
            raise RuntimeError(
                f"initdb{who} failed with exit code {init.returncode}:\n{init.stdout}"
            )

        _write_config(
            datadir,
            {
                "listen_addresses": HOST,
                "unix_socket_directories": str(workdir),
                "max_connections": MAX_CONNECTIONS,
                "fsync": "off",
                "synchronous_commit": "off",
                "full_page_writes": "off",
                "logging_collector": "off",
            },
        )

        deadline = time.monotonic() + timeout
        failures: list[str] = []
        for _attempt in range(PORT_ATTEMPTS):
            port = _free_port()
            log_start = _log_size(logfile)
            remaining = max(1, int(deadline - time.monotonic()))
            start = run_as.run(
                [
                    bindir / "pg_ctl",
                    "start",
                    "-D",
                    datadir,
                    "-l",
                    logfile,
                    "-o",
                    f"-p {port}",
                    "-w",
                    "-t",
                    str(remaining),
                ],
                cwd=workdir,
                timeout=remaining + 10,
            )
            if start.returncode == 0:
                break
            log = _tail(logfile, start=log_start)
            failures.append(f"port {port}: pg_ctl exit code {start.returncode}")
            # Another process grabbed the port between _free_port() and the bind: try another.
            if "Address already in use" in log or "could not create any TCP/IP sockets" in log:
                _pg_ctl_stop(run_as, bindir, datadir, workdir)
                if time.monotonic() < deadline:
                    continue
            raise RuntimeError(
                f"pg_ctl start failed ({'; '.join(failures)}):\n{start.stdout}\n"
                f"--- tail of {logfile} ---\n{log}"
            )
        else:
            raise RuntimeError(
                f"PostgreSQL could not bind a free port ({'; '.join(failures)}).\n"
                f"--- tail of {logfile} ---\n{_tail(logfile)}"
            )

        server = PgServer(bindir=bindir, workdir=workdir, run_as=run_as, port=port, version_num=0)
        atexit.register(server.stop)
        _wait_until_ready(server, deadline)
        with server.connect("postgres", autocommit=True) as conn:
            row = conn.execute("SHOW server_version_num").fetchone()
            server.version_num = int(row[0]) if row else 0
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(DEFAULT_DBNAME)
                )
            )
        return server
    except BaseException:
        if server is not None:
            server.stop()
        else:
            _pg_ctl_stop(run_as, bindir, datadir, workdir)
            shutil.rmtree(workdir, ignore_errors=True)
        raise
