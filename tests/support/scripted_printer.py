"""A printer behind the ``LabelPrinter`` interface that fails at an exact moment, for tests of
the print queue's states. It renders nothing; it records the jobs it "printed"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain.errors import PrinterProblem
from app.domain.labels import LabelContent, PackingSlip
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending, PrintOutcome

#: What the printer does with the next job: "print", "refuse" (nothing sent, before
#: ``on_sending``), "cut" (``on_sending`` called, then cut off after bytes left), "die" (an
#: exception that is not a printer problem, after ``on_sending``).
Step = str


@dataclass
class ScriptedPrinter:
    name: str = "scripted"
    steps: list[Step] = field(default_factory=list)
    state: PrinterState = field(default_factory=lambda: PrinterState(PrinterCondition.READY))
    printed: list[str] = field(default_factory=list)
    status_asked: int = 0
    #: Called after the label is drawn and before ``on_sending``: the moment an order can
    #: change under the printer.
    before_sending: Callable[[], None] | None = None

    def _job(self, what: str, job_uid: str, on_sending: OnSending | None) -> PrintOutcome:
        step = self.steps.pop(0) if self.steps else "print"
        if step == "refuse":
            raise PrinterProblem(f"Printer {self.name}: connection refused", bytes_sent=False)
        if self.before_sending is not None:
            self.before_sending()
        if on_sending is not None:
            on_sending()
        if step == "cut":
            raise PrinterProblem(f"Printer {self.name}: connection reset", bytes_sent=True)
        if step == "die":
            raise RuntimeError("the print worker died")
        self.printed.append(what)
        return PrintOutcome(f"scripted {self.name}", len(what), None)

    def print_label(
        self, label: LabelContent, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        return self._job(label.tracking_number, job_uid, on_sending)

    def print_upstream(
        self, data: bytes, label_format: str, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        return self._job(f"upstream:{label_format}", job_uid, on_sending)

    def print_packing_slip(
        self, slip: PackingSlip, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        return self._job(f"slip:{slip.order_reference}", job_uid, on_sending)

    def status(self) -> PrinterState:
        self.status_asked += 1
        return self.state
