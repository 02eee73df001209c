"""What a supervisor does at a station: release a claim held by a station that stopped
answering, move the labels waiting for a broken printer to another one, and void a label."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton

from app.domain.message import Message
from app.domain.reprints import LoadedLabel
from app.services.packing import PackingService
from app.services.print_results import VoidReport
from app.services.printing import LabelService
from app.services.results import Session
from app.ui.i18n import follow, translated
from app.ui.runner import Failed, Operation, Worker
from app.ui.station.ask import ask_item, ask_text
from app.ui.station.display import StationDisplay, Tone
from app.ui.station.label_panels import insert_after
from app.ui.station.print_banner import PrintBanner
from app.ui.style import px

ONLY_SUPERVISORS_RELEASE = Message("Only a supervisor can release an order.")
ONLY_SUPERVISORS_MOVE = Message("Only a supervisor can move print jobs.")
ONLY_SUPERVISORS_VOID = Message("Only a supervisor can void a label.")
VOID_KEY = "Shift+F10"
#: Reasons offered for a void (typed ones are accepted too).
VOID_REASONS = ("damaged", "wrong address", "parcel lost", "order cancelled")


class SupervisorActions(QObject):
    def __init__(
        self,
        display: StationDisplay,
        packing: PackingService,
        labels: LabelService,
        printer_worker: Worker,
        on_print_error: Failed,
        print_banner: PrintBanner | None = None,
    ) -> None:
        super().__init__(display)
        self._display = display
        self._packing = packing
        self._labels = labels
        self._printer_worker = printer_worker
        self._on_print_error = on_print_error
        self._print_banner = print_banner
        self.void_button = QPushButton()
        self.retranslate()
        follow(self.retranslate)
        self.void_button.setMinimumHeight(px(56))
        self.void_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.void_button.setVisible(False)
        insert_after(display.move_jobs_button, self.void_button)

    def retranslate(self) -> None:
        self.void_button.setText(self.tr("Void a label…  [{key}]").format(key=VOID_KEY))

    def show_for(self, session: Session | None) -> None:
        """Supervisor buttons for a supervisor only."""
        self.void_button.setVisible(session is not None and session.role.can_supervise)

    def supervising(self) -> Session | None:
        """The signed-in session if it may supervise."""
        session = self._display.session
        return session if session is not None and session.role.can_supervise else None

    def release(self, session: Session, code: str) -> Operation[str] | None:
        """The release of the order ``code`` names, with the reason asked for now; None (and
        the refusal shown) without a reason."""
        reason, ok = ask_text(
            self._display,
            self.tr("Release order"),
            self.tr("Why is this order released from its station?"),
        )
        if not ok or not reason.strip():
            self._display.show_text(self.tr("Release cancelled: a reason is needed."), Tone.ERROR)
            return None
        return Operation.write(self._packing.release_claim_by_code, session, code, reason).then(
            self._on_released
        )

    def _on_released(self, reference: str) -> None:
        released = self.tr("✔ Order {reference} released back to the queue.")
        self._display.show_text(released.format(reference=reference), Tone.OK)

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
            title = self.tr("Move waiting labels")
            each = self.tr("{printer}  ({count} waiting)")
            choices = [each.format(printer=name, count=waiting) for name, waiting in printers]
            source, ok = ask_item(
                self._display, title, self.tr("Labels waiting for printer:"), choices
            )
            if not ok:
                return
            target, ok = ask_item(self._display, title, self.tr("Send them to printer:"), choices)
            if not ok or source == target:
                return
            names = {choice: name for choice, (name, _) in zip(choices, printers, strict=True)}
            moved_from, moved_to = names[source], names[target]
            self._printer_worker.run(
                Operation.write(self._labels.move_jobs, session, moved_from, moved_to).then(
                    lambda moved: self._display.show_text(
                        self.tr("✔ {count} label(s) moved from {source} to {target}.").format(
                            count=moved, source=moved_from, target=moved_to
                        ),
                        Tone.OK,
                    ),
                    self._on_print_error,
                )
            )

        return choose

    def request_void(self) -> None:
        """Void a parcel's label: scan or type the parcel, give a reason (required)."""
        session = self.supervising()
        if session is None:
            self._display.show_text(ONLY_SUPERVISORS_VOID, Tone.ERROR)
            return
        if self._print_banner is None:
            return

        asked: set[str] = set()  # loaded parcels the supervisor was warned about

        def void(tracking: str, reason: str) -> VoidReport:  # on the print worker
            try:
                return self._labels.void_label(
                    session, tracking, reason, loaded_confirmed=tracking in asked
                )
            except LoadedLabel:  # said in the window: voiding it again confirms
                asked.add(tracking)
                raise

        def act(tracking: str, reason: str) -> Operation[VoidReport]:
            return Operation.write(void, tracking, reason)

        self._print_banner.parcel_dialog(
            self.tr("Void a label"), self.tr("Void label"), VOID_REASONS, act, then=self._on_voided
        )

    def _on_voided(self, report: object) -> None:
        if isinstance(report, VoidReport):
            warning = f" ⚠ {translated(report.warning)}" if report.warning else ""
            self._display.show_text(f"✔ {translated(report.message)}{warning}", Tone.OK)
