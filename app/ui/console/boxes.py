"""Box types in the console's admin tab: the list, add and change a box type, the fill factor
of the box suggestion. Admins only, and the service decides: every read and change first asks
``SiteAdminService.admin_of`` for the signed-in user (checked again in the database). A whole
file of box types comes in with ``packbench import boxes``. Every button has a key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.boxes import BoxType, InvalidBox
from app.services.results import Session
from app.services.site_admin import Admin, SiteAdminService
from app.ui.console.story import RowsModel, _table
from app.ui.i18n import translated
from app.ui.runner import Operation

BOX_COLUMNS: Final = ("Code", "Name", "Inside (mm)", "Tare (g)", "Max weight (g)", "Active")
_NUMBERS: Final = ("length_mm", "width_mm", "height_mm", "tare_g", "max_weight_g")


def box_row(box: BoxType) -> tuple[str, ...]:
    return (
        box.code,
        box.name,
        f"{box.length_mm} x {box.width_mm} x {box.height_mm}",
        str(box.tare_g),
        str(box.max_weight_g),
        "yes" if box.active else "no",
    )


class BoxDialog(QDialog):
    """A box type's fields, OK with Enter, Cancel with Esc."""

    def __init__(self, title: str, box: BoxType | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.code = QLineEdit(box.code if box else "")
        self.code.setReadOnly(box is not None)
        self.name = QLineEdit(box.name if box else "")
        self.numbers = {key: QLineEdit(str(getattr(box, key)) if box else "") for key in _NUMBERS}
        self.active = QCheckBox(self.tr("in use"))
        self.active.setChecked(box.active if box else True)
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        for key, label in zip(
            _NUMBERS,
            (
                self.tr("Inside length (mm)"),
                self.tr("Inside width (mm)"),
                self.tr("Inside height (mm)"),
                self.tr("Tare (g)"),
                self.tr("Maximum weight (g)"),
            ),
            strict=True,
        ):
            form.addRow(label, self.numbers[key])
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def box(self) -> BoxType:
        """The box type as filled in; ``InvalidBox`` naming a field that is not a number."""
        values: dict[str, int] = {}
        for key, field in self.numbers.items():
            text = field.text().strip()
            if not (text.isascii() and text.isdigit()):
                raise InvalidBox(f"{key}: {text[:20]!r} is not a whole number.")
            values[key] = int(text)
        return BoxType(
            code=self.code.text().strip().upper(),
            name=self.name.text().strip(),
            active=self.active.isChecked(),
            **values,
        )


class BoxesPanel(QWidget):
    """The box types section. ``run`` puts an operation on the console's worker."""

    def __init__(
        self,
        service: SiteAdminService,
        session: Session,
        run: Callable[[Operation[Any]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._session = session
        self._run = run
        self.boxes: list[BoxType] = []
        self.dialog: QDialog | None = None
        self.message = QLabel("")
        self.message.setObjectName("boxesMessage")
        self.message.setWordWrap(True)
        self.fill = QLabel("")
        self.model = RowsModel(BOX_COLUMNS, self)
        self.table = _table(self.model, "adminBoxes")
        self.add_button = QPushButton(self.tr("Add box  [Ctrl+Shift+N]"))
        self.edit_button = QPushButton(self.tr("Change box  [Ctrl+Shift+E]"))
        self.fill_button = QPushButton(self.tr("Fill factor  [Ctrl+Shift+F]"))
        bar = QHBoxLayout()
        for button, key, slot in (
            (self.add_button, "Ctrl+Shift+N", self.ask_add),
            (self.edit_button, "Ctrl+Shift+E", self.ask_edit),
            (self.fill_button, "Ctrl+Shift+F", self.ask_fill_factor),
        ):
            bar.addWidget(button)
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        bar.addStretch(1)
        self.fill.setWordWrap(True)  # its own line: a long text never widens the console
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Box types (a whole file with 'packbench import boxes')")))
        layout.addLayout(bar)
        layout.addWidget(self.fill)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def _read(self) -> tuple[list[BoxType], str]:
        admin = self._service.admin_of(self._session)
        return self._service.box_types(admin), self._service.fill_factor(admin)

    def load(self) -> None:
        # Written, not read: a refusal is audited.
        self._run(Operation.write(self._read).then(self._show, self._failed))

    def _show(self, found: tuple[list[BoxType], str]) -> None:
        self.boxes, factor = found
        self.model.set_rows([box_row(box) for box in self.boxes])
        self.fill.setText(self.tr("Suggestions fill boxes to {0} of their volume.").format(factor))

    def _failed(self, message: str, _exc: BaseException) -> None:
        self.message.setText(message)

    def _selected(self) -> BoxType | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.boxes):
            return self.boxes[rows[0].row()]
        return None

    def _ask(self, dialog: QDialog) -> bool:
        self.dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _save(self, dialog: BoxDialog, *, new: bool) -> None:
        try:
            box = dialog.box()
        except InvalidBox as refused:
            self.message.setText(refused.message)
            return

        def act() -> BoxType:
            admin: Admin = self._service.admin_of(self._session)
            return self._service.save_box(admin, box, new=new)

        def done(saved: BoxType) -> None:
            self.message.setText(self.tr("Box {0} saved.").format(translated(saved.describe())))
            self.load()

        self._run(Operation.write(act).then(done, self._failed))

    def ask_add(self) -> None:
        dialog = BoxDialog(self.tr("Add a box type"), None, self)
        if self._ask(dialog):
            self._save(dialog, new=True)

    def ask_edit(self) -> None:
        box = self._selected()
        if box is None:
            self.message.setText(self.tr("Choose the box type to change in the list first."))
            return
        dialog = BoxDialog(self.tr("Change box {0}").format(box.code), box, self)
        if self._ask(dialog):
            self._save(dialog, new=False)

    def ask_fill_factor(self) -> None:
        field = QLineEdit()
        field.setPlaceholderText("0.1 to 1, such as 0.8")
        dialog = _one_field(self.tr("Fill factor of the box suggestion"), field, self)
        if not self._ask(dialog):
            return
        value = field.text()

        def act() -> str:
            admin: Admin = self._service.admin_of(self._session)
            return self._service.set_fill_factor(admin, value)

        def done(stored: str) -> None:
            self.message.setText(self.tr("Fill factor set to {0}.").format(stored))
            self.load()

        self._run(Operation.write(act).then(done, self._failed))


def _one_field(title: str, field: QWidget, parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    form.addRow(title, field)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return dialog
