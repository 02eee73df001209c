"""A PostgreSQL server of a test's own that can be stopped and started again: an outage.

``private_server()`` starts a throwaway cluster like the suite's (``tests.support.pgserver``,
which also runs the binaries as the ``postgres`` user when this process is root); ``Outage``
stops it with ``pg_ctl stop -m fast`` (what an admin's restart or a failover does to the
station's connections) and starts it again on the same port and data directory.
"""

from __future__ import annotations

from tests.support.pgserver import STOP_TIMEOUT, PgServer, start_server

__all__ = ["Outage", "private_server"]


def private_server() -> PgServer:
    """A new cluster, never the suite's shared one: stopping it disturbs no other test."""
    return start_server()


class Outage:
    def __init__(self, server: PgServer) -> None:
        self.server = server
        self.down = False

    def _pg_ctl(self, *args: str, timeout: float) -> None:
        server = self.server
        result = server._run_as.run(
            [server.bindir / "pg_ctl", *args, "-D", server.datadir, "-w", "-t", str(int(timeout))],
            cwd=server.workdir,
            timeout=timeout + 10,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl {args[0]} failed:\n{result.stdout}")

    def stop(self) -> None:
        """``pg_ctl stop -m fast``: sessions are cut, the server is gone until ``start``."""
        self._pg_ctl("stop", "-m", "fast", timeout=STOP_TIMEOUT)
        self.down = True

    def start(self) -> None:
        """Start the stopped server on its port again (``-w``: returns once it accepts
        connections)."""
        server = self.server
        self._pg_ctl("start", "-l", str(server.logfile), "-o", f"-p {server.port}", timeout=30)
        self.down = False
