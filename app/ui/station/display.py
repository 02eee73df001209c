"""The pack screen's layout and what it shows: the banner and its tone, the open order, the
label preview, the buttons and the "Saving..." mark. No decisions and no I/O here."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.message import Message
from app.domain.model import ScanOutcome
from app.services.results import OrderView, Session
from app.ui.i18n import follow, translated
from app.ui.models.order_lines import OrderLinesModel
from app.ui.station.fit import READABLE_FLOOR, FitLabel
from app.ui.station.offline_strip import OfflineStrip
from app.ui.style import current_scale, px


class Tone(Enum):
    """The banner's colours (background, text) and the mark that says the same without
    colour: a text in an OK, ERROR or ATTENTION tone always starts with its mark."""

    PROMPT = ("#0d47a1", "#ffffff", "")
    OK = ("#1b5e20", "#ffffff", "✔")
    ERROR = ("#b71c1c", "#ffffff", "✖")
    ATTENTION = ("#ff8f00", "#000000", "⚠")
    BUSY = ("#37474f", "#ffffff", "")

    @property
    def mark(self) -> str:
        return self.value[2]


#: Marks a banner text may start with already (``?``: data needed, shown in ATTENTION).
MARKS = frozenset({"✔", "✖", "⚠", "?", "↻"})


def marked(text: str, tone: Tone) -> str:
    """``text`` as the banner shows it in ``tone``: with the tone's mark unless it has one."""
    if not tone.mark or text[:1] in MARKS:
        return text
    return f"{tone.mark} {text}"


OUTCOME_TITLES = {
    ScanOutcome.WRONG_ITEM: Message("WRONG ITEM"),
    ScanOutcome.OVER_SCAN: Message("OVER-SCAN"),
    ScanOutcome.UNKNOWN_BARCODE: Message("UNKNOWN BARCODE"),
    ScanOutcome.INVALID_BARCODE: Message("INVALID BARCODE"),
    ScanOutcome.DATA_NEEDED: Message("DATA NEEDED"),
    ScanOutcome.EXPIRED: Message("EXPIRED"),
    ScanOutcome.DUPLICATE_SERIAL: Message("SERIAL ALREADY PACKED"),
    ScanOutcome.UNEXPECTED_SERIAL: Message("SERIAL NOT THIS ORDER'S"),
    ScanOutcome.NOT_AN_ITEM: Message("NOT A PRODUCT"),
}

SAVING = "Saving…"
ROW_HEIGHT = 56  # a line of the order (pixels at 1920x1080; its type is 34 px)


def visible_rows(scale: float) -> int:
    """The order's lines always visible: 5 on a 1920x1080 screen, 3 on a 1366x768 one."""
    return 5 if scale >= 0.85 else 3


def lines_height(row: int, scale: float) -> int:
    """The lines table's minimum height: its header and ``visible_rows`` rows of ``row``
    pixels (the header is about 45 px at 1920x1080)."""
    return px(48, scale) + row * visible_rows(scale) + 4


class LabelPreview(QLabel):
    """The last label's picture, scaled to the room it has now and again whenever that
    changes (the window grows for a moment, the column narrows): never left at the size it
    had when the label printed. Its own size comes from the layout, not from the picture."""

    def __init__(self) -> None:
        super().__init__()
        self.source = QPixmap()
        self.setObjectName("labelPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def show_picture(self, pixmap: QPixmap) -> None:
        self.source = pixmap
        self._scale()

    def clear(self) -> None:
        self.source = QPixmap()
        super().clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        if self.source.isNull():
            return
        room = self.contentsRect().size()
        if room.width() <= 0 or room.height() <= 0:
            return
        self.setPixmap(
            self.source.scaled(
                room,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class StationDisplay(QWidget):
    """The widgets of the pack screen and the methods that fill them.

    Attributes:
        session: who is signed in (None: nobody); set by the screen from a use case's result.
        order: the open order as last committed (None: none open).
        tone: the banner's tone now.

    Signals:
        banner_changed(str): the text now shown to the packer (for tests and the benchmark).
        order_changed(object): ``set_order`` was given this order (None: none open).
    """

    banner_changed = Signal(str)
    order_changed = Signal(object)
    #: The offline strip, where the station can work offline (set by the pack screen).
    offline_strip: OfflineStrip | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.order: OrderView | None = None
        self.tone = Tone.PROMPT
        self._shortcuts: dict[QPushButton, QShortcut] = {}
        self._sharing: list[FitLabel] = []  # fitting labels that share the banner's room
        self._build()

    def _build(self) -> None:
        # Up to four lines of 58 px type (an error's title, what happened over two lines, what
        # to do); a longer text is drawn smaller, then wraps further. Never less than two lines
        # high, so the screen does not jump with every short message.
        self.banner = FitLabel("banner", 58, READABLE_FLOOR, 4, min_lines=2)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.saving_label = QLabel()
        self.saving_label.setObjectName("saving")
        self.saving_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.saving_label.hide()

        self.printer_banner = QLabel()
        self.printer_banner.setObjectName("printerBanner")
        self.printer_banner.setWordWrap(True)
        self.printer_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.printer_banner.hide()

        self.order_title = FitLabel("orderTitle", 40, READABLE_FLOOR, 1)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("orderProgress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(px(14))

        self.lines_model = OrderLinesModel()
        self.lines = QTableView()
        self.lines.setObjectName("lines")
        self.lines.setModel(self.lines_model)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))
        # The lines keep room for MIN_ROWS rows whatever else the order shows (notes, box).
        self.lines.setMinimumHeight(lines_height(px(ROW_HEIGHT), current_scale()))
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.preview = LabelPreview()
        # Never squeezed to a sliver by the supervisor's buttons (the last scans give way).
        self.preview.setMinimumSize(px(360), px(180))
        self.preview_caption = QLabel()
        self.preview_caption.setObjectName("caption")
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.complete_button = self._button("F12")
        self.undo_button = self._button("F8")
        self.next_button = self._button("F5")
        self.hold_button = self._button("F9")
        self.reprint_button = self._button("F10")
        self.sign_out_button = self._button("F2")
        self.release_button = self._button("F11")
        self.release_button.setVisible(False)
        self.move_jobs_button = self._button("F6")
        self.move_jobs_button.setVisible(False)

        self.entry = QLineEdit()
        self.entry.setObjectName("entry")

        title = QVBoxLayout()  # the progress under the title, beside the tall count
        title.setSpacing(px(4))
        title.addWidget(self.order_title, 1)
        title.addWidget(self.progress)
        self.title_bar = QWidget()  # panels about the order go right under it
        title_row = QHBoxLayout(self.title_bar)
        title_row.setContentsMargins(0, 0, 0, 0)
        title_row.addLayout(title, 3)  # the box line beside it takes 5 parts (order_panels)
        title_row.addWidget(self.counts)

        left = QVBoxLayout()
        left.setSpacing(px(4))
        left.addWidget(self.title_bar)
        left.addWidget(self.lines, 1)
        left.addWidget(self.entry)

        # The right column: the last label's preview (it gives up its room), then what helps
        # while packing (the box, the last scans: added by their panels), then the buttons.
        right = QVBoxLayout()
        right.setSpacing(px(6))
        right.addWidget(self.preview_caption)
        right.addWidget(self.preview, 8)
        right.addStretch(1)  # takes the preview's room while it is hidden (an order open)
        for button in (
            self.complete_button,
            self.undo_button,
            self.next_button,
            self.hold_button,
            self.reprint_button,
            self.release_button,
            self.move_jobs_button,
            self.sign_out_button,
        ):
            right.addWidget(button)

        body = QHBoxLayout()
        body.addLayout(left, 4)
        body.addLayout(right, 1)

        # The banner's row: the Acknowledge button goes beside it (``banner_row``), so an error
        # and its answer take one row's height.
        self.banner_row = QWidget()
        banner_row = QHBoxLayout(self.banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        banner_row.addWidget(self.banner, 1)

        outer = QVBoxLayout(self)
        outer.setSpacing(px(6))
        outer.setContentsMargins(px(6), px(6), px(6), px(6))
        outer.addWidget(self.banner_row)
        outer.addWidget(self.saving_label)
        outer.addWidget(self.printer_banner)
        outer.addLayout(body, 1)
        self.retranslate()
        follow(self.retranslate)

    def event(self, event: QEvent) -> bool:
        if event.type() is QEvent.Type.LayoutRequest:
            self._share_room()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_room()

    def share_room_with(self, label: FitLabel) -> None:
        """``label`` (a strip across the screen, e.g. the offline one) shares the room the
        banner is given: up to a quarter of it while it shows, the banner the rest."""
        self._sharing.append(label)
        self._share_room()

    def _share_room(self) -> None:
        """The banner (and the labels sharing its room) may take what the screen has left
        once everything else has its minimum (the order's lines their rows): a long text on a
        full screen is drawn smaller."""
        layout = self.layout()
        if layout is None or self.height() <= 0:
            return
        sharing = [label for label in self._sharing if not label.isHidden()]
        others = layout.minimumSize().height() - sum(
            label.minimumSizeHint().height() for label in (self.banner, *sharing)
        )
        room = self.height() - others
        for label in sharing:
            label.set_room(max(room // 4, px(60)))
            room -= label.minimumSizeHint().height()
        self.banner.set_room(max(room, px(100)))

    def retranslate(self) -> None:
        """Set the fixed texts in the station's language (again after it changed)."""
        self.saving_label.setText(self.tr("Saving…"))
        self.preview_caption.setText(self.tr("Label preview"))
        self.complete_button.setText(self.tr("Complete  [F12]"))
        self.undo_button.setText(self.tr("Undo last scan  [F8]"))
        self.next_button.setText(self.tr("Next order  [F5]"))
        self.hold_button.setText(self.tr("Hold…  [F9]"))
        self.reprint_button.setText(self.tr("Print again  [F10]"))
        self.sign_out_button.setText(self.tr("Sign out  [F2]"))
        self.release_button.setText(self.tr("Release an order…  [F11]"))
        self.move_jobs_button.setText(self.tr("Move waiting labels…  [F6]"))
        self.entry.setPlaceholderText(self.tr("Scan, or type a code and press Enter"))
        self.lines_model.retranslate()
        self._show_title()

    def _button(self, key: str) -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(px(56))
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._shortcuts[button] = shortcut
        return button

    def wire(self, button: QPushButton, slot: Callable[[], None]) -> None:
        """Run ``slot`` when ``button`` is clicked or its key pressed."""
        button.clicked.connect(slot)
        self._shortcuts[button].activated.connect(slot)

    def set_order(self, order: OrderView | None, last_line_id: int | None = None) -> None:
        self.order = order
        self._show_title()
        if order is None:
            self.counts.setText("")
            self.progress.setMaximum(1)
            self.progress.setValue(0)
            self.lines_model.set_lines(())
        else:
            self.counts.setText(f"{order.units_verified} / {order.units_expected}")
            self.progress.setMaximum(max(order.units_expected, 1))
            self.progress.setValue(order.units_verified)
            self.lines_model.set_lines(order.lines, last_line_id)
            if last_line_id is not None:
                row = self.lines_model.row_of(last_line_id)
                if row is not None:
                    self.lines.scrollTo(self.lines_model.index(row, 0))
        # While an order is open its room goes to the order (the preview is of the last label).
        self.preview.setVisible(order is None)
        self.preview_caption.setVisible(order is None)
        signed_in = self.session is not None
        self.complete_button.setEnabled(order is not None)
        self.undo_button.setEnabled(order is not None)
        self.hold_button.setEnabled(order is not None)
        self.next_button.setEnabled(signed_in and order is None)
        self.sign_out_button.setEnabled(signed_in)
        self.reprint_button.setEnabled(signed_in)
        supervising = self.session is not None and self.session.role.can_supervise
        self.release_button.setVisible(supervising)
        self.move_jobs_button.setVisible(supervising)
        self.order_changed.emit(order)

    def _show_title(self) -> None:
        order = self.order
        if order is None:
            self.order_title.setText(self.tr("No open order"))
            return
        title = self.tr("Order {reference}   ·   {carrier} {service}")
        self.order_title.setText(
            title.format(reference=order.reference, carrier=order.carrier, service=order.service)
        )

    def show_text(self, text: str, tone: Tone) -> None:
        self.tone = tone
        background, foreground, _mark = tone.value
        self.banner.set_css(f"background: {background}; color: {foreground};")
        text = marked(translated(text), tone)
        self.banner.setText(text)
        self.banner_changed.emit(text)

    def show_outcome(self, outcome: ScanOutcome, message: str, order: OrderView) -> None:
        """A scan's outcome and its message, with what to do next."""
        message = translated(message)
        if outcome is ScanOutcome.DATA_NEEDED:
            text = self.tr("? DATA NEEDED\n{message}").format(message=message)
            self.show_text(text, Tone.ATTENTION)
        elif outcome.is_error:
            title = translated(OUTCOME_TITLES.get(outcome, self.tr("Not accepted")))
            self.show_text(f"✖ {title}\n{message}", Tone.ERROR)
        elif order.fully_verified:
            done = self.tr("All {units} units verified: press Complete [F12].")
            self.show_text(f"✔ {message}\n{done.format(units=order.units_expected)}", Tone.OK)
        else:
            self.show_text(f"✔ {message}", Tone.OK)

    def show_signed_out(self) -> None:
        self.set_order(None)
        self.show_text(self.tr("Scan your badge to sign in"), Tone.PROMPT)

    def show_idle(self, prefix: str = "") -> None:
        """No order open: what the packer can do (offline: only what works offline)."""
        offline = None if self.offline_strip is None else self.offline_strip.idle_text()
        if offline is not None:
            self.show_text(translated(prefix) + offline, Tone.PROMPT)
            return
        self.show_text(
            self.tr("{prefix}Scan an order slip or tote, or press Next order [F5].").format(
                prefix=translated(prefix)
            ),
            Tone.PROMPT,
        )

    def order_open(self) -> bool:
        return self.order is not None

    def back_online(self, said: str) -> None:
        """The database is back: an idle screen that still says what works offline says
        what works now (an error or anything else shown meanwhile stays)."""
        if self.session is not None and self.order is None and said in self.banner.text():
            self.show_idle()

    def show_saving(self, saving: bool) -> None:
        self.saving_label.setVisible(saving)

    def show_preview(self, path: str | None) -> None:
        if not path:
            return
        pixmap = QPixmap(path)
        if not pixmap.isNull():
            self.preview.show_picture(pixmap)
