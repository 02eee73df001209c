"""The station's heartbeat: every ``HEARTBEAT_S`` seconds, on the database worker, who is
signed in and what the printer and scanners say (and an offline station's journal: changes
waiting, when last in sync), for the supervisor's station board; and
whether the order open on the screen is still this station's (the order system may cancel
it, a supervisor hold or release it). A heartbeat that fails is simply late; the board then
shows the station offline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from app.domain.floor import HEARTBEAT_S, Devices, SyncReport
from app.services.device_ports import DeviceState
from app.services.floor import FloorService
from app.ui.runner import Operation, Worker


class Heartbeat(QObject):
    def __init__(
        self,
        floor: FloorService,
        station_id: int,
        worker: Worker,
        signed_in: Callable[[], int | None],
        printer_state: Callable[[], str],
        open_order: Callable[[], int | None] = lambda: None,
        claim_lost: Callable[[int, str], None] | None = None,
        interval_ms: int = HEARTBEAT_S * 1000,
        sync: Callable[[], SyncReport | None] = lambda: None,
        parent: QObject | None = None,
        contact: Callable[[int], None] = lambda _station_id: None,
    ) -> None:
        super().__init__(parent)
        self._floor = floor
        self._contact = contact  # after each heartbeat, on the worker (retired blocks)
        self._station_id = station_id
        self._worker = worker
        self._signed_in = signed_in
        self._printer_state = printer_state
        self._open_order = open_order
        self._claim_lost = claim_lost
        self._sync = sync
        self._scanners: dict[str, str] = {}
        self._scale = "none"
        self._beating = False
        self.beats = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)
        self.timer.start()
        QTimer.singleShot(0, self.beat)

    @Slot(object)
    def scanner_state(self, state: DeviceState) -> None:
        self._scanners[state.device] = state.state

    @Slot(object)
    def scale_state(self, state: DeviceState) -> None:
        self._scale = state.state[:40]

    def devices(self) -> Devices:
        scanners = ", ".join(f"{device} {state}" for device, state in self._scanners.items())
        return Devices(self._printer_state()[:40], (scanners or "keyboard")[:40], self._scale)

    def beat(self) -> None:
        if self._beating:
            return
        self._beating = True
        order_id = self._open_order()
        op = Operation.read(
            self._heartbeat,
            self._station_id,
            self._signed_in(),
            self.devices(),
            order_id,
            self._sync(),
        )
        self._worker.run(op.then(lambda lost: self._done(order_id, lost), self._late))

    def _heartbeat(
        self,
        station_id: int,
        user_id: int | None,
        devices: Devices,
        order_id: int | None,
        sync: SyncReport | None,
    ) -> str | None:
        """On the worker: the heartbeat, then what the station learns at each contact."""
        lost = self._floor.heartbeat(station_id, user_id, devices, order_id, sync)
        self._contact(station_id)
        return lost

    def _done(self, order_id: int | None, lost: str | None) -> None:
        """``lost``: the order open on the screen is no longer this station's (cancelled by
        the order system, held, released): the screen says so at once."""
        self._beating = False
        self.beats += 1
        if lost is not None and order_id is not None and self._claim_lost is not None:
            self._claim_lost(order_id, lost)

    def _late(self, _message: str, _exc: BaseException) -> None:
        self._beating = False

    def stop(self) -> None:
        self.timer.stop()
