"""The orange strip that says the station works offline, and how much waits to sync.

It shows while the shared database is away and until every change made meanwhile is applied
to it, counting down as the sync goes on; it says what the packer can do. When the sync put an
order on hold (a conflict: cancelled, released or changed upstream meanwhile), it says so and
what to do with the parcel until the packer presses F7, scans ACKNOWLEDGE or clicks it. It reads the
station's ``link()`` (plain attributes, no SQL) on a timer on the GUI thread.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from app.domain.station import NOTHING_TO_ACKNOWLEDGE
from app.services.offline import LinkState, OfflineStation
from app.ui.i18n import translated
from app.ui.station.fit import FitLabel
from app.ui.station.label_panels import insert_after
from app.ui.style import px

POLL_MS = 250
# The strip's type (pixels at 1920x1080): 28 px, down to 20 px when the screen is full (an
# error, the notes, the box and the lines take their room first; see ``StationDisplay``).
STRIP_BASE, STRIP_FLOOR = 28, 20
WHAT_TO_DO = "Finish this order; new orders when the database is back."


class LinkSource(Protocol):
    def link(self) -> LinkState: ...

    def dismiss_held(self) -> None: ...


class IdleScreen(Protocol):
    """The pack screen, as the strip sees it."""

    def order_open(self) -> bool: ...

    def back_online(self, said: str) -> None:
        """The link is back; ``said``: the offline idle text the screen was given."""


def strip_text(state: LinkState, order_open: bool = True) -> str:
    """What the strip says; "" when the station is online with nothing waiting and nothing
    to tell of orders the sync put on hold. Each part is one paragraph (the strip wraps it
    within the screen's width); what to do once told of a held order follows it.
    ``order_open``: an order is open at the station (else the advice is the idle screen's)."""
    parts = [_sync_text(state, order_open)] if state.offline or state.waiting else []
    if state.held:
        press = QCoreApplication.translate(
            "OfflineStrip",
            "(Scan ACKNOWLEDGE, press F7 or click this strip once you have done so.)",
        )
        parts += [translated(notice) for notice in state.held]
        parts[-1] = f"{parts[-1]} {press}"
    return "\n".join(parts)


def _sync_text(state: LinkState, order_open: bool) -> str:
    n = state.waiting
    if not state.offline:
        if n == 1:
            return QCoreApplication.translate("OfflineStrip", "Syncing: 1 change waiting to sync.")
        return QCoreApplication.translate(
            "OfflineStrip", "Syncing: {0} changes waiting to sync."
        ).format(n)
    if n == 1:
        waiting = QCoreApplication.translate("OfflineStrip", "OFFLINE: 1 change waiting to sync.")
    else:
        waiting = QCoreApplication.translate(
            "OfflineStrip", "OFFLINE: {0} changes waiting to sync."
        ).format(n)
    if not order_open:
        return f"{waiting} {_idle_advice(state.kept)}"
    if state.kept == 1:
        what = QCoreApplication.translate(
            "OfflineStrip",
            "Finish this order, then 1 more order kept here (Next order [F5] or a slip); others when the database is back.",  # noqa: E501
        )
    elif state.kept:
        what = QCoreApplication.translate(
            "OfflineStrip",
            "Finish this order, then {0} more orders kept here (Next order [F5] or a slip); others when the database is back.",  # noqa: E501
        ).format(state.kept)
    else:
        what = QCoreApplication.translate(
            "OfflineStrip", "Finish this order; new orders when the database is back."
        )
    return f"{waiting} {what}"


def _idle_advice(kept: int) -> str:
    """The strip's advice with no order open (signed out or idle)."""
    if kept == 1:
        return QCoreApplication.translate(
            "OfflineStrip",
            "1 order kept here (Next order [F5] or its slip); others when the database is back.",
        )
    if kept:
        return QCoreApplication.translate(
            "OfflineStrip",
            "{0} orders kept here (Next order [F5] or a slip); others when the database is back.",
        ).format(kept)
    return QCoreApplication.translate("OfflineStrip", "New orders when the database is back.")


def idle_text(state: LinkState) -> str | None:
    """What the pack screen says with no order open while offline (None: online): no new
    order, or the orders kept here for an outage (look-ahead)."""
    if not state.offline:
        return None
    if state.kept == 1:
        return QCoreApplication.translate(
            "OfflineStrip",
            "OFFLINE: 1 order is kept at this station: press Next order [F5] or scan its slip. New orders when the database is back.",  # noqa: E501
        )
    if state.kept:
        return QCoreApplication.translate(
            "OfflineStrip",
            "OFFLINE: {0} orders are kept at this station: press Next order [F5] or scan a slip. New orders when the database is back.",  # noqa: E501
        ).format(state.kept)
    return QCoreApplication.translate(
        "OfflineStrip",
        "OFFLINE: no new orders until the database is back (an order this station holds opens with its slip).",  # noqa: E501
    )


class OfflineStrip(FitLabel):
    """Hidden while online and in sync; orange, with the count, otherwise. It wraps within the
    window's width and never widens it; when the screen is full its type gets smaller (the
    pack screen gives it its share of the room, ``StationDisplay.share_room_with``)."""

    def __init__(
        self,
        source: LinkSource,
        parent: QWidget | None = None,
        screen: IdleScreen | None = None,
    ) -> None:
        super().__init__("offline_strip", STRIP_BASE, STRIP_FLOOR, 3, parent)
        self._source = source
        self._screen = screen
        self._offline = False
        self._said_idle = ""  # the idle text last given while offline
        self.set_css(f"background: #ef6c00; color: black; font-weight: bold; padding: {px(6)}px;")
        self.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def dismiss(self) -> bool:
        """Dismiss what the strip says of orders the sync put on hold (read by the packer,
        the parcel given to the supervisor; F7, ACKNOWLEDGE scanned or a click); the sync's
        own count stays. False: there was nothing to dismiss."""
        if not self._source.link().held:
            return False
        self._source.dismiss_held()
        self.refresh()
        return True

    def idle_text(self) -> str | None:
        said = idle_text(self._source.link())
        if said is not None:
            self._said_idle = said
        return said

    def acknowledged(self, refusal: str) -> bool:
        """ACKNOWLEDGE scanned with no error to acknowledge (``refusal``: what the station
        would say) dismisses the hold notice, if any: the packer has no mouse. False: the
        refusal stands."""
        return refusal == NOTHING_TO_ACKNOWLEDGE and self.dismiss()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.dismiss()
        super().mousePressEvent(event)

    def refresh(self) -> None:
        state = self._source.link()
        order_open = self._screen is None or self._screen.order_open()
        text = strip_text(state, order_open)
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))
        was_offline, self._offline = self._offline, state.offline
        if was_offline and not state.offline and self._screen is not None:
            said, self._said_idle = self._said_idle, ""
            if said:  # the idle screen said what works offline: say what works now
                self._screen.back_online(said)

    @classmethod
    def attach(
        cls, anchor: QWidget, packing: object, screen: IdleScreen | None = None
    ) -> OfflineStrip | None:
        """Put a strip right after ``anchor`` when ``packing`` can work offline; ``screen``
        tells whether an order is open and hears when the link is back."""
        if not isinstance(packing, OfflineStation):
            return None
        return cls.placed(anchor, packing, screen)

    @classmethod
    def placed(
        cls, anchor: QWidget, source: LinkSource, screen: IdleScreen | None = None
    ) -> OfflineStrip:
        """A strip for ``source`` right after ``anchor``, sharing the banner's room where the
        screen has one (``StationDisplay.share_room_with``)."""
        strip = cls(source, anchor.parentWidget(), screen)
        insert_after(anchor, strip)
        share = getattr(anchor.parentWidget(), "share_room_with", None)
        if callable(share):
            share(strip)
        return strip
