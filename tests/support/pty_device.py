"""A serial device on a pseudo-terminal, for tests: plays a scanner (or scale) that can be
unplugged and plugged in again.

``path`` is a symlink in a private temporary directory pointing at the pty's slave side
(``/dev/pts/N``); give it to pyserial (``SerialScanner(device.path)``) as if it were
``/dev/ttyACM0``. ``write`` sends bytes as the device would.

A pty keeps working after a reader closes it, so unplugging is modelled the way the kernel does
it for a USB-CDC device: ``unplug`` removes the symlink (opening the path fails with ENOENT, like
a vanished ``/dev/ttyACM0``) and closes the master side, which hangs the line up: pyserial's
``read`` on an open port then raises ``SerialException`` ("device reports readiness to read but
returned no data"). ``replug`` makes a new pty and points the symlink at it. ``unlink`` only
removes the path and keeps the line up, for the case of a driver whose reads never fail.

Example::

    with PtyDevice() as device:
        scanner = SerialScanner(str(device.path))
        ...
        device.write(b"0123456789012\\r")
        device.unplug()
        device.replug()
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import shutil
import struct
import tempfile
import termios
import time
import tty
from pathlib import Path
from types import TracebackType
from typing import Self


class PtyDevice:
    def __init__(self, name: str = "ttyFAKE0", plugged: bool = True) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="ptydev-"))
        self.path = self._dir / name
        self._master: int | None = None
        self._slave: int | None = None
        if plugged:
            self.plug()

    @property
    def plugged(self) -> bool:
        return self._master is not None

    @property
    def tty_name(self) -> str:
        """The pty slave the symlink points at (``/dev/pts/N``)."""
        return os.readlink(self.path)

    def plug(self) -> None:
        """Connect a fresh pty at ``path``."""
        if self.plugged:
            raise RuntimeError("Already plugged in.")
        master, slave = os.openpty()
        # Raw from the start: no echo back to the master and no CR -> LF translation, even
        # for bytes written before pyserial configures the line (it flushes them on open).
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        os.symlink(os.ttyname(slave), self.path)

    replug = plug

    def unplug(self) -> None:
        """Take the device away: the path disappears and the line hangs up."""
        if not self.plugged:
            raise RuntimeError("Not plugged in.")
        self.unlink()
        assert self._master is not None and self._slave is not None
        os.close(self._master)
        os.close(self._slave)
        self._master = self._slave = None

    def unlink(self) -> None:
        """Remove the path only; the open line keeps working (reads just time out)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def write(self, data: bytes, timeout: float = 5.0) -> None:
        """Send ``data`` to whoever has the port open (all of it, or raise TimeoutError)."""
        if self._master is None:
            raise RuntimeError("Not plugged in.")
        view = memoryview(data)
        deadline = time.monotonic() + timeout
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"The reader took only {len(data) - len(view)} bytes.")
            _, ready, _ = select.select([], [self._master], [], left)
            if ready:
                try:
                    view = view[os.write(self._master, view) :]
                except BlockingIOError:
                    continue

    def read(self, timeout: float = 0.05) -> bytes:
        """What the reader sent to the device (a scale's requests): the bytes waiting now, or
        after up to ``timeout`` seconds; b"" if nothing came."""
        if self._master is None:
            raise RuntimeError("Not plugged in.")
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self._master, 4096)
        except (BlockingIOError, OSError):
            return b""

    def line_settings(self) -> tuple[int, bool]:
        """The line's data bits and whether parity is on, as the reader set them (termios)."""
        if self._slave is None:
            raise RuntimeError("Not plugged in.")
        cflag = termios.tcgetattr(self._slave)[2]
        bits = {termios.CS5: 5, termios.CS6: 6, termios.CS7: 7, termios.CS8: 8}
        return bits[cflag & termios.CSIZE], bool(cflag & termios.PARENB)

    def unread(self) -> int:
        """Bytes written that the reader has not read yet."""
        if self._slave is None:
            return 0
        raw = fcntl.ioctl(self._slave, termios.TIOCINQ, b"\0\0\0\0")
        count: int = struct.unpack("I", raw)[0]
        return count

    def wait_read(self, timeout: float = 5.0, settle: float = 0.02) -> None:
        """Wait until the reader has read everything written so far.

        The kernel moves bytes from the master to the slave's input queue asynchronously
        (usually within microseconds, in a probe at most 1.2 ms), so the queue must stay empty
        for ``settle`` seconds before the bytes count as read.
        """
        deadline = time.monotonic() + timeout
        empty_since: float | None = None
        while True:
            now = time.monotonic()
            if self.unread():
                empty_since = None
                if now > deadline:
                    raise TimeoutError(f"{self.unread()} bytes still unread after {timeout} s.")
            elif empty_since is None:
                empty_since = now
            elif now - empty_since >= settle:
                return
            time.sleep(0.001)

    def close(self) -> None:
        if self.plugged:
            self.unplug()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
