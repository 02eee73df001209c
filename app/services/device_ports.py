"""The device ports: what the services need from printers and scanners, as Protocols.

Adapters (``app.adapters.devices``) implement them; only ``app.bootstrap`` wires them in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.domain.labels import LabelContent, PackingSlip
from app.domain.printing import PrinterState


@dataclass(frozen=True)
class PrintOutcome:
    destination: str
    byte_count: int
    preview_path: str | None


#: Called by a printer right before it writes a job's first byte (after drawing the label
#: and connecting): the queue marks the job ``sending`` only then. If it raises, nothing is
#: written and the exception goes to the caller.
OnSending = Callable[[], None]


class LabelPrinter(Protocol):
    """A printer the station sends labels to.

    Each ``print_*`` returns only once the printer took every byte (and, on a two-way
    connection, answered its status after the job). It raises ``PrinterProblem`` when the job
    failed, with ``bytes_sent`` saying whether anything had left for the printer.
    ``on_sending`` is called right before the first byte is written.
    """

    name: str

    def print_label(
        self, label: LabelContent, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome: ...

    def print_upstream(
        self, data: bytes, label_format: str, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        """Print a label bought upstream exactly as it came (ZPL, PNG or PDF)."""
        ...

    def print_packing_slip(
        self, slip: PackingSlip, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome: ...

    def status(self) -> PrinterState: ...


@dataclass(frozen=True)
class DeviceState:
    """What a device is doing now, for the station's header: ``state`` is one of
    "connected", "disconnected", "reconnecting" or "error"; ``detail`` says why."""

    device: str
    state: str
    detail: str = ""


class ScannerSource(Protocol):
    """A scanner that delivers scans from its own thread (serial / USB-CDC scanners).

    ``start`` returns at once; ``on_scan`` gets each complete scan (terminator removed) and
    ``on_state`` every change of the device's state, both called on the reader thread.
    ``stop`` ends the thread and closes the port; it is safe to call twice.
    """

    name: str

    def start(
        self, on_scan: Callable[[str], None], on_state: Callable[[DeviceState], None]
    ) -> None: ...

    def stop(self) -> None: ...
