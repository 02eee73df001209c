"""What a supervisor does at a station: release a claim held by a station that stopped
answering, and move the labels waiting for a broken printer to another one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from app.services.packing import PackingService
from app.services.printing import LabelService
from app.services.results import Session
from app.ui.runner import Failed, Operation, Worker
from app.ui.station.display import StationDisplay, Tone

ONLY_SUPERVISORS_RELEASE = "Only a supervisor can release an order."
ONLY_SUPERVISORS_MOVE = "Only a supervisor can move print jobs."


class SupervisorActions(QObject):
    def __init__(
        self,
        display: StationDisplay,
        packing: PackingService,
        labels: LabelService,
        printer_worker: Worker,
        on_print_error: Failed,
    ) -> None:
        super().__init__(display)
        self._display = display
        self._packing = packing
        self._labels = labels
        self._printer_worker = printer_worker
        self._on_print_error = on_print_error

    def supervising(self) -> Session | None:
        """The signed-in session if it may supervise."""
        session = self._display.session
        return session if session is not None and session.role.can_supervise else None

    def release(self, session: Session, code: str) -> Operation[str] | None:
        """The release of the order ``code`` names, with the reason asked for now; None (and
        the refusal shown) without a reason."""
        reason, ok = QInputDialog.getText(
            self._display, "Release order", "Why is this order released from its station?"
        )
        if not ok or not reason.strip():
            self._display.show_text("Release cancelled: a reason is needed.", Tone.ERROR)
            return None
        return Operation.write(self._packing.release_claim_by_code, session, code, reason).then(
            self._on_released
        )

    def _on_released(self, reference: str) -> None:
        self._display.show_text(f"✔ Order {reference} released back to the queue.", Tone.OK)

    def request_move_jobs(self) -> None:
        """Send the labels waiting for a broken printer to another printer."""
        session = self.supervising()
        if session is None:
            self._display.show_text(ONLY_SUPERVISORS_MOVE, Tone.ERROR)
            return
        self._printer_worker.run(
            Operation.read(self._labels.printers).then(
                self._choose_printers(session), self._on_print_error
            )
        )

    def _choose_printers(self, session: Session) -> Callable[[list[tuple[str, int]]], None]:
        def choose(printers: list[tuple[str, int]]) -> None:
            choices = [f"{name}  ({waiting} waiting)" for name, waiting in printers]
            source, ok = QInputDialog.getItem(
                self._display,
                "Move waiting labels",
                "Labels waiting for printer:",
                choices,
                0,
                False,
            )
            if not ok:
                return
            target, ok = QInputDialog.getItem(
                self._display, "Move waiting labels", "Send them to printer:", choices, 0, False
            )
            if not ok or source == target:
                return
            names = {choice: name for choice, (name, _) in zip(choices, printers, strict=True)}
            moved_from, moved_to = names[source], names[target]
            self._printer_worker.run(
                Operation.write(self._labels.move_jobs, session, moved_from, moved_to).then(
                    lambda moved: self._display.show_text(
                        f"✔ {moved} label(s) moved from {moved_from} to {moved_to}.", Tone.OK
                    ),
                    self._on_print_error,
                )
            )

        return choose
