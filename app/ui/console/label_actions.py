"""The console's Labels tab at work: find parcels, print again, void (a loaded parcel's
label only once confirmed), return labels, answers to uncertain jobs and waiting jobs moved
to another printer; every call on the console's worker, never on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.domain.reprints import LoadedLabel
from app.services.print_results import ParcelLabel, VoidReport
from app.services.reprints import ReprintDesk
from app.services.returns import ReturnLabels
from app.ui.console.label_asks import choose_printer, confirm_loaded_void
from app.ui.console.labels import LabelsPanel
from app.ui.runner import Operation

if TYPE_CHECKING:
    from app.ui.console.window import ConsoleWindow


class LabelActions:
    """Owns the Labels panel and answers its requests for ``console``."""

    def __init__(
        self,
        console: ConsoleWindow,
        desk: ReprintDesk | None,
        returns: ReturnLabels | None,
        printer: str | None,
    ) -> None:
        self._console = console
        self._desk = desk
        self._returns = returns
        #: The printer of the station the console runs at (None: ask for each return label).
        self._printer = printer
        self.panel = LabelsPanel(
            self._find_parcels,
            self._reprint,
            self._void,
            self._answer,
            self._move_jobs,
            self._load_printers,
            self._load_targets,
        )
        if returns is not None:
            self.panel.enable_returns(self._print_return)

    def _find_parcels(self, scanned: str) -> None:
        if self._desk is not None:
            op = Operation.read(self._desk.find, scanned)
            self._console._run(
                op.then(lambda found: self._found(scanned, found), self._console._failed)
            )

    def _found(self, scanned: str, parcels: list[ParcelLabel]) -> None:
        self.panel.show_parcels(parcels)
        if not parcels:
            self._console.message.setText(
                f"No parcel found for {scanned!r}: scan the label, or type the order reference, "
                "tracking number or SSCC."
            )

    def _label_done(self, message: str) -> Callable[[object], None]:
        def done(_: object) -> None:
            self._console.message.setText(message)
            self.panel.look_up()
            self._console.refresh()

        return done

    def _reprint(self, scanned: str, reason: str) -> None:
        if self._desk is not None:
            op = Operation.write(self._desk.reprint, self._console.session_, scanned, reason, None)
            self._console._run(
                op.then(self._label_done(f"{scanned}: printing again."), self._console._failed)
            )

    def _print_return(self, scanned: str, reason: str) -> None:
        """At the station's printer where the console runs at one; else the supervisor
        chooses among the printers the queue knows (never just the one of the label's day)."""
        if self._returns is None:
            return
        if self._printer is not None:
            self._queue_return(scanned, reason, self._printer)
            return

        def choose(printers: list[tuple[str, int]]) -> None:
            names = [name for name, _ in printers]
            if not names:
                self._console.message.setText(
                    "No printer is known to the queue yet: nothing queued."
                )
                return
            name = choose_printer(self._console, scanned, names)
            if name is not None:
                self._queue_return(scanned, reason, name)
            else:
                self._console.message.setText(f"{scanned}: no return label queued.")

        self._load_printers(choose)

    def _queue_return(self, scanned: str, reason: str, printer: str) -> None:
        if self._returns is not None:
            op = Operation.write(
                self._returns.on_demand, self._console.session_, scanned, reason, printer
            )
            done = self._label_done(f"{scanned}: return label queued at {printer}.")
            self._console._run(op.then(done, self._console._failed))

    def _void(self, scanned: str, reason: str, confirmed: bool = False) -> None:
        """Void on the worker; a parcel loaded at the dock is refused first (``LoadedLabel``):
        the supervisor is asked to confirm, having taken it off the cage."""
        if self._desk is None:
            return
        op = Operation.write(
            self._desk.void, self._console.session_, scanned, reason, loaded_confirmed=confirmed
        )

        def failed(message: str, exc: BaseException) -> None:
            if not isinstance(exc, LoadedLabel) or confirmed:
                self._console._failed(message, exc)
                return
            self._console.message.setText(message)
            if confirm_loaded_void(self._console, scanned, message):
                self._void(scanned, reason, confirmed=True)
            else:
                self._console.message.setText(f"{scanned}: not voided.")

        def done(report: VoidReport) -> None:
            self._label_done(" ".join(filter(None, (report.message, report.warning))))(report)

        self._console._run(op.then(done, failed))

    def _answer(self, job_id: int, came_out: bool) -> None:
        if self._desk is not None:
            op = Operation.write(
                self._desk.answer_uncertain, self._console.session_, job_id, came_out
            )
            self._console._run(
                op.then(lambda answer: self._answered(answer.message), self._console._failed)
            )

    def _answered(self, message: str) -> None:
        self._console.message.setText(message)
        self._console.refresh()

    def _move_jobs(self, origin: str, target: str) -> None:
        if self._desk is not None:
            op = Operation.write(
                self._desk.move_jobs, self._console.session_, origin, target, self._printer
            )
            self._console._run(
                op.then(
                    lambda moved: self._answered(f"{moved} label(s) moved to {target}."),
                    self._console._failed,
                )
            )

    def _load_targets(self, then: Callable[[list[tuple[str, bool]]], None]) -> None:
        if self._desk is not None:
            self._console._run(
                Operation.read(self._desk.move_targets).then(then, self._console._failed)
            )

    def _load_printers(self, then: Callable[[list[tuple[str, int]]], None]) -> None:
        if self._desk is not None:
            self._console._run(
                Operation.read(self._desk.printers).then(then, self._console._failed)
            )
