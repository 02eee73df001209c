"""What the pack screen shows about the open order besides its lines: the packing notes and the
box.

* Notes: the packing instructions and the order's notes in large type on yellow, the gift
  message apart (it is for the recipient: on the gift card, never in the parcel unread), shown
  when the order opens and kept in view while it is open. When the domain says they must be
  acknowledged (``app.domain.packing_notes.to_acknowledge``), item scans are refused until the
  packer scans ACKNOWLEDGE (or presses its key): the same path as an error on screen.
* Box: the open parcel's box and the box suggested for what is left to pack; a box barcode
  scanned (``ChooseBox``) puts the open parcel in that box (``BoxService.choose``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from app.domain.packing_notes import to_acknowledge
from app.services.boxes import BoxAdvice, BoxService
from app.services.results import OrderView, Session
from app.ui.i18n import follow as i18n_follow
from app.ui.i18n import translated
from app.ui.runner import Operation, Worker
from app.ui.sounds import Sound
from app.ui.station.display import Tone
from app.ui.station.fit import FitLabel
from app.ui.station.label_panels import ACKNOWLEDGE_KEY, insert_after
from app.ui.style import px, scaled

if TYPE_CHECKING:
    from app.ui.station.pack_screen import PackScreen

# The notes' smallest type: read close up when the order opens (capitals about 22 px).
NOTES_FLOOR = 30

_STYLE = """
QFrame#packingNotes { background: #fff59d; border: 4px solid #f9a825; border-radius: 10px; }
QFrame#packingNotes[important="true"] { border: 6px solid #b71c1c; }
QLabel#notesTitle { font-size: 24px; font-weight: bold; color: #000000; }
QLabel#notesText { font-size: 36px; font-weight: bold; color: #000000; }
QLabel#giftMessage {
    font-style: italic; color: #4a148c; background: #f3e5f5;
    border: 3px dashed #7b1fa2; border-radius: 8px; padding: 4px;
}
"""


class OrderPanels(QObject):
    """The notes and the box of the open order (see the module docstring)."""

    def __init__(self, screen: PackScreen, boxes: BoxService, db: Worker) -> None:
        super().__init__(screen)
        self._screen = screen
        self._boxes = boxes
        self._db = db
        self._order_id: int | None = None
        self.advice: BoxAdvice | None = None
        self._notes_of: OrderView | None = None  # the open order whose notes are shown
        self.notes_frame = QFrame()
        self.notes_frame.setObjectName("packingNotes")
        self.notes_frame.setStyleSheet(scaled(_STYLE))
        # The notes and their title on the left, the gift message beside them (not under: the
        # order's lines keep the height), a quarter of the width.
        layout = QHBoxLayout(self.notes_frame)
        layout.setContentsMargins(px(14), px(4), px(14), px(4))
        layout.setSpacing(px(12))
        notes = QVBoxLayout()
        notes.setSpacing(px(2))
        self.notes_title = QLabel()
        self.notes_title.setObjectName("notesTitle")
        self.notes_title.setWordWrap(True)
        # The notes wrap and get smaller before they take room from the order's lines.
        self.notes_text = FitLabel("notesText", 36, NOTES_FLOOR, 3)
        self.gift_message = FitLabel("giftMessage", 30, 26, 3)
        for label in (self.notes_text, self.gift_message):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        notes.addWidget(self.notes_title)
        notes.addWidget(self.notes_text)
        notes.addStretch(1)
        layout.addLayout(notes, 3)
        layout.addWidget(self.gift_message, 1, Qt.AlignmentFlag.AlignTop)
        self.notes_frame.hide()
        # Two lines of its type beside the title; a longer text is drawn smaller first.
        self.box_line = FitLabel("boxLine", 28, 22, 2)
        self.box_line.set_css(scaled("padding: 4px;"))
        self.box_line.hide()
        insert_after(screen.title_bar, self.notes_frame)
        # The box beside the order's title, before the count (not under the notes: the order's
        # lines keep the height on a full screen).
        title_row = screen.title_bar.layout()
        assert isinstance(title_row, QHBoxLayout)
        title_row.insertWidget(title_row.indexOf(screen.counts), self.box_line, 5)
        screen.pack_out.parcel_closed.connect(lambda _closed: self.refresh())
        screen.order_changed.connect(self.follow)
        i18n_follow(self.retranslate)

    # -- the order opens, changes, closes --------------------------------------------------

    def opened(self, order: OrderView) -> None:
        """An order was opened (or resumed after signing in): show its notes, make the packer
        acknowledge them where they must, and look up its box."""
        self._order_id = order.id
        self._notes_of = order
        self._show_notes(order)
        waiting = to_acknowledge(order.notes)
        if waiting is not None:
            self._screen.acknowledgement.require(
                waiting,
                self.tr(
                    "⚠ Order {0}: read the packing notes.\nScan ACKNOWLEDGE or press [{1}]."
                ).format(order.reference, ACKNOWLEDGE_KEY),
            )
            self._screen.sounds.play(Sound.COMMAND)
        self.refresh()

    def follow(self, order: OrderView | None) -> None:
        """The order on screen changed (None: no order open any more)."""
        if order is None:
            self._order_id = None
            self._notes_of = None
            self.advice = None
            self.notes_frame.hide()
            self.box_line.hide()

    def retranslate(self) -> None:
        """The language changed: say the open order's notes and box line again in it."""
        if self._notes_of is not None:
            self._show_notes(self._notes_of)
        if self._order_id is not None and self.advice is not None:
            self._show_advice(self._order_id, self.advice)

    def refresh(self) -> None:
        """Read the open parcel's box and the suggestion again (after a parcel closed)."""
        order_id = self._order_id
        if order_id is None:
            return
        self._db.run(
            Operation.read(self._boxes.advice, order_id).then(
                lambda advice: self._show_advice(order_id, advice)
            )
        )

    def choose(self, session: Session, order: OrderView, code: str) -> Operation[BoxAdvice]:
        """A box barcode scanned: the open parcel goes in that box."""
        return Operation.write(self._boxes.choose, session, order.id, code).then(self._chosen)

    # -- showing ----------------------------------------------------------------------------

    def _show_notes(self, order: OrderView) -> None:
        notes = order.notes
        if notes.empty:
            self.notes_frame.hide()
            return
        important = notes.must_acknowledge
        self.notes_title.setText(
            self.tr("⚠ IMPORTANT: PACKING NOTES") if important else self.tr("Packing notes")
        )
        self.notes_text.setText("\n".join(translated(part) for part in notes.paragraphs()))
        self.notes_text.setVisible(bool(notes.for_packer))
        gift = notes.gift_message.strip()
        self.gift_message.setText(self.tr("🎁 Gift message:\n{0}").format(gift) if gift else "")
        self.gift_message.setVisible(bool(gift))
        self.notes_frame.setProperty("important", "true" if important else "false")
        self.notes_frame.setStyleSheet(self.notes_frame.styleSheet())  # re-read the property
        self.notes_frame.show()

    def _show_advice(self, order_id: int, advice: BoxAdvice) -> None:
        if order_id != self._order_id:
            return  # the order closed meanwhile
        self.advice = advice
        if advice.chosen is not None:
            text = "📦 " + translated(advice.message)
        else:
            text = self.tr("📦 Parcel {0}: {1} Scan the box's barcode.").format(
                advice.parcel_no, translated(advice.suggestion.message)
            )
        self.box_line.setText(text)
        self.box_line.show()

    def _chosen(self, advice: BoxAdvice) -> None:
        if self._order_id is not None:
            self._show_advice(self._order_id, advice)
        self._screen.sounds.play(Sound.COMMAND)
        self._screen.show_text("📦 " + translated(advice.message), Tone.OK)
        self._screen.pack_out.follow(self._screen.order)  # the tare joins the expected weight
