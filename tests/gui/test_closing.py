"""Nothing scanned is lost: closing the window, signing out and the idle lock wait for every
queued write; a write whose commit reply was lost is sent again under the same scan id."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event, func, select

from app.adapters.db import tables as t
from app.domain.errors import DatabaseUnavailable, OutcomeUnknown
from app.domain.station import Entry
from app.services.packing import PackingService
from app.services.results import ScanResult, Session
from app.ui.app import UiOptions
from app.ui.station.display import SAVING, Tone
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait, wedge

BURST = [("BURST-1", [("PEN-BLK", 25)])]


@pytest.fixture
def slow_commits(engine: Engine) -> Iterator[None]:
    """Every commit takes 20 ms longer (on the database worker): a burst outruns it."""

    def slow(_conn: Any) -> None:
        time.sleep(0.020)

    event.listen(engine, "commit", slow)
    yield
    event.remove(engine, "commit", slow)


def stored(rig: Rig, reference: str) -> tuple[int, int]:
    """Scan events and verified units of the order, read off the GUI thread."""
    order_id = rig.world.orders[reference]

    def read() -> tuple[int, int]:
        with rig.engine.connect() as conn:
            events = conn.execute(
                select(func.count())
                .select_from(t.scan_events)
                .where(t.scan_events.c.order_id == order_id)
            ).scalar_one()
            verified = conn.execute(
                select(func.coalesce(func.sum(t.order_lines.c.verified_qty), 0)).where(
                    t.order_lines.c.order_id == order_id
                )
            ).scalar_one()
        return int(events), int(verified)

    return off_gui(read)


def start_packing(qtbot: QtBot, rig: Rig, reference: str) -> None:
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips[reference])
    assert rig.ui.pack_screen.order is not None


@pytest.mark.parametrize("scans", [3, 20])
def test_fast_scans_then_close_all_stored(
    qtbot: QtBot, make_rig: MakeRig, slow_commits: None, scans: int
) -> None:
    rig = make_rig(orders=BURST)
    screen, window = rig.ui.pack_screen, rig.ui.window
    start_packing(qtbot, rig, "BURST-1")
    saving: list[bool] = []
    screen.steps.saving_changed.connect(saving.append)
    pen = rig.world.product_codes["PEN-BLK"]
    for _ in range(scans):
        wedge(screen.entry, pen)
    assert screen.busy
    window.close()
    assert window.isVisible()  # it waits for the scans ...
    wedge(screen.entry, pen)  # ... and takes no more input meanwhile
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert not screen.busy
    rig.ui.shutdown()  # what the application does once its last window closed
    assert stored(rig, "BURST-1") == (scans, scans)
    if scans == 20:  # 20 commits of 20 ms and more: "Saving…" came, then went
        assert saving == [True, False]
        assert screen.saving_label.text() == SAVING
    assert not screen.saving_label.isVisibleTo(screen)


def test_close_with_nothing_queued_is_immediate(qtbot: QtBot, rig: Rig) -> None:
    scan_and_wait(qtbot, rig, "BDG1001")
    rig.ui.window.close()
    assert not rig.ui.window.isVisible()


def test_sign_out_waits_for_the_scans_before_it(
    qtbot: QtBot, make_rig: MakeRig, slow_commits: None
) -> None:
    rig = make_rig(orders=BURST)
    screen = rig.ui.pack_screen
    start_packing(qtbot, rig, "BURST-1")
    sessions: list[Session | None] = []
    screen.session_changed.connect(sessions.append)
    for _ in range(8):
        wedge(screen.entry, rig.world.product_codes["PEN-BLK"])
    wedge(screen.entry, "CMDSIGNOUT")
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)
    assert sessions == [None]
    assert stored(rig, "BURST-1") == (8, 8)
    assert "Scan your badge" in screen.banner.text()


def test_the_idle_lock_waits_for_the_scans_before_it(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig(orders=BURST, options=UiOptions(idle_lock_minutes=0.005))  # 0.3 s
    screen = rig.ui.pack_screen
    start_packing(qtbot, rig, "BURST-1")
    for _ in range(5):
        wedge(screen.entry, rig.world.product_codes["PEN-BLK"])
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)
    assert stored(rig, "BURST-1") == (5, 5)


class ReplyLost:
    """The real PackingService, but the first reply of ``record_scan`` is lost after the scan
    was committed (the connection dropped after COMMIT)."""

    def __init__(self, real: PackingService, error: type[DatabaseUnavailable]) -> None:
        self._real = real
        self._error = error
        self.uids: list[str] = []

    def record_scan(
        self, session: Session, order_id: int, scan_uid: str, raw: str, entry: Entry
    ) -> ScanResult:
        self.uids.append(scan_uid)
        if len(self.uids) > 1:
            return self._real.record_scan(session, order_id, scan_uid, raw, entry)
        if self._error is OutcomeUnknown:
            self._real.record_scan(session, order_id, scan_uid, raw, entry)
            raise OutcomeUnknown("The connection dropped while the scan was saved.")
        raise DatabaseUnavailable("The database cannot be reached. Nothing was saved.")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def test_a_scan_whose_reply_was_lost_counts_once(qtbot: QtBot, make_rig: MakeRig) -> None:
    wrappers: list[ReplyLost] = []

    def lose_a_reply(real: PackingService) -> PackingService:
        wrappers.append(ReplyLost(real, OutcomeUnknown))
        return wrappers[0]  # type: ignore[return-value]

    rig = make_rig(packing=lose_a_reply)
    screen = rig.ui.pack_screen
    start_packing(qtbot, rig, "SHOP-1")
    shown: list[ScanResult] = []
    screen.scan_shown.connect(shown.append)
    mug = rig.world.product_codes["MUG-BLUE"]
    scan_and_wait(qtbot, rig, mug)
    scan_and_wait(qtbot, rig, mug)  # queued behind the retried one, stored after it
    uids = wrappers[0].uids
    assert len(uids) == 3 and uids[0] == uids[1] != uids[2]
    assert [result.repeated for result in shown] == [True, False]
    assert "Ceramic mug, blue: 2 of 2" in screen.banner.text()
    assert screen.tone is Tone.OK
    assert screen.counts.text() == "2 / 3"
    assert stored(rig, "SHOP-1") == (2, 2)


def test_a_scan_the_database_refused_says_so_and_is_not_retried(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    wrappers: list[ReplyLost] = []

    def unavailable_once(real: PackingService) -> PackingService:
        wrappers.append(ReplyLost(real, DatabaseUnavailable))
        return wrappers[0]  # type: ignore[return-value]

    rig = make_rig(packing=unavailable_once)
    screen = rig.ui.pack_screen
    start_packing(qtbot, rig, "SHOP-1")
    mug = rig.world.product_codes["MUG-BLUE"]
    shown = scan_and_wait(qtbot, rig, mug)
    assert shown == "✖ The database cannot be reached. Nothing was saved."
    assert screen.tone is Tone.ERROR
    assert len(wrappers[0].uids) == 1
    assert stored(rig, "SHOP-1") == (0, 0)
    assert "1 of 2" in scan_and_wait(qtbot, rig, mug)
    assert stored(rig, "SHOP-1") == (1, 1)
