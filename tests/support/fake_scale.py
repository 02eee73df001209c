"""A serial scale on a pseudo-terminal, for tests and the bench: it answers a protocol's
requests (MT-SICS ``SI``, SMA ``<LF>W<CR>``, NCI ``W<CR>``) with its current state, or, for
"pattern", streams CAS-style frames (``ST,GS,+   1.234kg``) every ``interval_s``.

    with FakeScale("mt-sics") as scale:
        driver = SerialScale(str(scale.path), MtSics())
        scale.set("moving", 1180)
        settled_at = scale.settle(1234)      # from now on it answers "S S      1.234 kg"
        scale.unplug(); scale.replug()
        scale.inject(b"noise\\r\\n")           # sent at once, between replies

States: "stable", "moving", "overload", "underload", "error", "silent" (no answer), "garbage"
(bytes no protocol reads). Weights
are sent in kg with three decimals (exact grams) unless ``unit`` is "lb" (two decimals).
With ``parity_bits`` (NCI) every byte carries its even-parity bit in bit 7, as an 8-bit read
of a 7E1 line shows it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from types import TracebackType
from typing import Self

from app.domain.weighing import GRAMS_PER_POUND
from tests.support.pty_device import PtyDevice

REQUESTS = {"mt-sics": b"SI\r\n", "sma": b"\nW\r", "nci": b"W\r"}


class FakeScale:
    def __init__(
        self,
        protocol: str,
        unit: str = "kg",
        interval_s: float = 0.05,
        parity_bits: bool = False,
        name: str = "ttyFAKE0",
    ) -> None:
        if protocol not in (*REQUESTS, "pattern"):
            raise ValueError(f"no fake for {protocol!r}")
        self.protocol = protocol
        self.unit = unit
        self.interval_s = interval_s
        self.parity_bits = parity_bits
        self.device = PtyDevice(name)
        self.state = "stable"
        self.grams = 0
        self.settled_at = time.monotonic()
        self.requests = 0
        self._io = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"fake {protocol}", daemon=True)
        self._thread.start()

    @property
    def path(self) -> Path:
        return self.device.path

    # --- Control ---------------------------------------------------------------------------

    def set(self, state: str, grams: int | None = None) -> None:
        with self._io:
            self.state = state
            if grams is not None:
                self.grams = grams

    def settle(self, grams: int) -> float:
        """Come to rest at ``grams``; returns the moment (time.monotonic) it did."""
        with self._io:
            self.state, self.grams = "stable", grams
            self.settled_at = time.monotonic()
            return self.settled_at

    def inject(self, raw: bytes) -> None:
        with self._io:
            self._send(raw)

    def unplug(self) -> None:
        with self._io:
            self.device.unplug()

    def replug(self) -> None:
        with self._io:
            self.device.replug()

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(5)
        self.device.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- What it sends -----------------------------------------------------------------------

    def figure(self) -> str:
        """The weight as the scale shows it, e.g. "1.234" (kg) or "2.72" (lb)."""
        if self.unit == "lb":
            pounds = Decimal(self.grams) / GRAMS_PER_POUND
            return str(pounds.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))
        return str((Decimal(self.grams) / 1000).quantize(Decimal("0.001")))

    def frame(self) -> bytes:
        state, unit = self.state, self.unit
        if state == "silent":
            return b""
        if state == "garbage":  # another device's chatter, or the wrong speed
            return b"\x7f#?\xfe\x00 garbage \xa5\r\n"
        if self.protocol == "mt-sics":
            special = {"overload": "S +", "underload": "S -", "error": "EL"}
            text = special.get(state) or f"S {'D' if state == 'moving' else 'S'} "
            if state in ("stable", "moving"):
                text += f"{self.figure():>10} {unit}"
            return (text + "\r\n").encode()
        if self.protocol == "sma":
            status = {"overload": "O", "underload": "U", "error": "E"}.get(state, " ")
            motion = "M" if state == "moving" else " "
            figure = "-----" if state == "error" else self.figure()
            return f"\n{status}1G{motion} {figure:>10}{unit:<3}\r".encode()
        if self.protocol == "nci":
            first = 0x30 | (state == "moving")
            second = 0x30 | (state == "underload") | (state == "overload") << 1
            if state == "error":
                first |= 0x04
            figure = {"overload": "^^^^^^^", "underload": "_______"}.get(state, self.figure())
            raw = f"\n{figure:>7}{unit}\r\n".encode() + bytes([first, second]) + b"\r\x03"
            return bytes(_with_parity(byte) for byte in raw) if self.parity_bits else raw
        status = {"moving": "US", "overload": "OL", "underload": "UL"}.get(state, "ST")
        return f"{status},GS,+{self.figure():>8}{unit}\r\n".encode()

    def _send(self, data: bytes) -> None:
        if self.device.plugged and data:
            # Nobody reads: a real scale's bytes would be lost too.
            with contextlib.suppress(TimeoutError):
                self.device.write(data, timeout=0.2)

    def _serve(self) -> None:
        buffer = b""
        next_frame = time.monotonic()
        while not self._stopping.is_set():
            if not self.device.plugged:
                buffer = b""
                time.sleep(0.005)
                continue
            with self._io:
                if not self.device.plugged:
                    continue
                if self.protocol == "pattern":
                    if time.monotonic() >= next_frame:
                        next_frame = time.monotonic() + self.interval_s
                        self._send(self.frame())
                    data = b""
                else:
                    data = self.device.read(0.0)
                buffer += data
                request = REQUESTS.get(self.protocol)
                while request and request in buffer:
                    buffer = buffer.split(request, 1)[1]
                    self.requests += 1
                    self._send(self.frame())
            time.sleep(0.001)


def _with_parity(byte: int) -> int:
    """``byte`` (7 bits) with the even-parity bit in bit 7."""
    return byte | (bin(byte).count("1") % 2) << 7
