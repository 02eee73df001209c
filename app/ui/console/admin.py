"""Site administration in the console: users (add with a scanned badge and an optional PIN,
set a PIN, set a role, deactivate, a badge sheet PDF for badges scanned into a list), the
tracking and SSCC ranges with what is used and left (a warning at 90 %; a range added with
Ctrl+T, ``admin_ranges``), the site's station rules (changed with Ctrl+K, ``admin_rules``),
and the stations with their stored settings.

Only an admin may use it, and the services decide: every read and every change first asks
``SiteAdminService.admin_of`` for the signed-in user, which checks the role again in the
database (a refusal is audited). All of it runs on the console's worker; every button has a key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Role
from app.services.ports import StationEntry, UserRecord
from app.services.results import Session
from app.services.sign_in import SignInService
from app.services.site_admin import Admin, RangeView, SiteAdminService
from app.ui.console.admin_ranges import RANGE_KEY, RangeFields, added
from app.ui.console.admin_rules import RULES_KEY, StationRulesBox
from app.ui.console.boxes import BoxesPanel
from app.ui.console.story import RowsModel, _table, _when
from app.ui.runner import Operation

T = TypeVar("T")

#: Writes a badge sheet PDF: the file, then (name, role, badge code) per card. Given by the
#: composition root (the PDF is an adapter's work).
WriteBadgeSheet = Callable[[Path, Sequence[tuple[str, str, str]]], object]

USER_COLUMNS: Final = ("Name", "Role", "Active", "PIN", "Locked until")
RANGE_COLUMNS: Final = ("Range", "First", "Last", "Next", "Used", "Remaining", "State")
STATION_COLUMNS: Final = ("Station", "Kind", "Last seen", "Settings")
ROLES: Final = tuple(role.value for role in Role)


class FormDialog(QDialog):
    """A few labelled fields, OK with Enter, Cancel with Esc."""

    def __init__(self, title: str, fields: Sequence[tuple[str, QWidget]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        for label, widget in fields:
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def _line(placeholder: str, *, secret: bool = False) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _roles(current: str = Role.PACKER.value) -> QComboBox:
    box = QComboBox()
    box.addItems(ROLES)
    box.setCurrentIndex(ROLES.index(current))
    return box


def _page(*widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A page of the admin tab and its layout: ``widgets`` one under the other, more added
    by the caller."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    return page, layout


def range_row(view: RangeView) -> tuple[str, ...]:
    record = view.record
    if view.remaining == 0:
        state = "⚠ USED UP"
    elif view.warning:
        state = f"⚠ {100 * view.used // max(1, view.total)}% used"
    else:
        state = "ok"
    return (
        view.label,
        str(view.first),
        str(record.last_serial),
        str(record.next_serial),
        str(view.used),
        str(view.remaining),
        state,
    )


def station_row(entry: StationEntry) -> tuple[str, ...]:
    try:
        settings = json.dumps(json.loads(entry.settings or "{}"), sort_keys=True)
    except ValueError:
        settings = f"(unreadable) {entry.settings[:200]}"
    return (entry.name, entry.kind, _when(entry.last_seen_at), settings)


class AdminPanel(QWidget):
    """The admin tab. ``run`` puts an operation on the console's worker (its answer is
    dropped once the console closes)."""

    def __init__(
        self,
        service: SiteAdminService,
        session: Session,
        run: Callable[[Operation[Any]], None],
        write_badge_sheet: WriteBadgeSheet | None = None,
        rules: SignInService | None = None,
    ) -> None:
        super().__init__()
        self._service = service
        self._session = session
        self._run = run
        self._write_sheet = write_badge_sheet
        self.users: list[UserRecord] = []
        #: The dialog open (or last answered) right now.
        self.dialog: QDialog | None = None
        self.message = QLabel("")
        self.message.setObjectName("adminMessage")
        self.message.setWordWrap(True)
        self.users_model = RowsModel(USER_COLUMNS, self)
        self.users_table = _table(self.users_model, "adminUsers")
        self.ranges_model = RowsModel(RANGE_COLUMNS, self)
        self.ranges_table = _table(self.ranges_model, "adminRanges")
        self.stations_model = RowsModel(STATION_COLUMNS, self)
        self.stations_table = _table(self.stations_model, "adminStations")
        self.add_button = QPushButton("Add user  [Ctrl+N]")
        self.pin_button = QPushButton("Set PIN  [Ctrl+P]")
        self.role_button = QPushButton("Set role  [Ctrl+R]")
        self.deactivate_button = QPushButton("Deactivate  [Ctrl+D]")
        self.sheet_button = QPushButton("Badge sheet  [Ctrl+B]")
        self.reload_button = QPushButton("Reload  [Ctrl+F5]")
        bar = QGridLayout()
        self._user_keys: tuple[tuple[QPushButton, str, Callable[[], None]], ...] = (
            (self.add_button, "Ctrl+N", self.ask_add),
            (self.pin_button, "Ctrl+P", self.ask_pin),
            (self.role_button, "Ctrl+R", self.ask_role),
            (self.deactivate_button, "Ctrl+D", self.ask_deactivate),
            (self.sheet_button, "Ctrl+B", self.ask_sheet),
            (self.reload_button, "Ctrl+F5", self.load),
        )
        for n, (button, _key, slot) in enumerate(self._user_keys):
            bar.addWidget(button, n // 3, n % 3)  # two rows: they fit a 1366 px screen
            button.clicked.connect(slot)
        self.sheet_button.setEnabled(write_badge_sheet is not None)
        # One page per list, so that each table has the tab's height: users, ranges, station
        # rules, stations, box types (Ctrl+Shift+letter; Ctrl+T and Ctrl+K open their page).
        users, users_layout = _page(QLabel("Users"))
        users_layout.addLayout(bar)
        users_layout.addWidget(self.users_table, 1)
        self.range_button = QPushButton(f"Add range  [{RANGE_KEY}]")
        self.range_button.clicked.connect(self.ask_range)
        ranges_bar = QHBoxLayout()
        ranges_title = QLabel("Tracking and SSCC ranges (⚠ from 90 % used)")
        ranges_title.setWordWrap(True)
        ranges_bar.addWidget(ranges_title, 1)
        ranges_bar.addWidget(self.range_button)
        ranges, ranges_layout = _page()
        ranges_layout.addLayout(ranges_bar)
        ranges_layout.addWidget(self.ranges_table, 1)
        #: The site's station rules (``admin_rules``), when the console has the sign-in service.
        self.rules = (
            StationRulesBox(
                rules,
                session,
                run,
                lambda title, rows: self._ask(FormDialog(title, rows, self)),
                self.message.setText,
            )
            if rules is not None
            else None
        )
        stations, stations_layout = _page(QLabel("Stations and their stored settings (read-only)"))
        stations_layout.addWidget(self.stations_table, 1)
        self.boxes = BoxesPanel(service, session, run)  # app.ui.console.boxes
        self.sections = QTabWidget()
        pages: list[tuple[QWidget, str, str]] = [
            (users, "Users", "Ctrl+Shift+U"),
            (ranges, "Ranges", "Ctrl+Shift+R"),
        ]
        if self.rules is not None:
            rules_page, rules_layout = _page(
                QLabel("Station rules: every station reads them at sign-in")
            )
            rules_layout.addWidget(self.rules, 1)
            pages.append((rules_page, "Station rules", "Ctrl+Shift+K"))
            self._key(RULES_KEY, rules_page, self.rules.ask_change)
        pages += [(stations, "Stations", "Ctrl+Shift+S"), (self.boxes, "Box types", "Ctrl+Shift+B")]
        for page, name, key in pages:
            self.sections.addTab(page, f"{name}  [{key}]")
            QShortcut(QKeySequence(key), self).activated.connect(
                lambda page=page: self.sections.setCurrentWidget(page)
            )
        self.users_page, self.ranges_page, self.stations_page = users, ranges, stations
        self._key(RANGE_KEY, ranges, self.ask_range)
        for _button, key, slot in self._user_keys:
            self._key(key, users, slot)
        outer = QVBoxLayout(self)
        outer.addWidget(self.sections, 1)
        outer.addWidget(self.message)

    def _key(self, key: str, page: QWidget, slot: Callable[[], None]) -> None:
        """``key`` opens ``page`` of the admin tab and does ``slot``."""

        def pressed() -> None:
            self.sections.setCurrentWidget(page)
            slot()

        QShortcut(QKeySequence(key), self).activated.connect(pressed)

    # -- reading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def _as_admin(self, act: Callable[..., T], *args: Any) -> T:
        """On the worker: the signed-in user as an admin, checked in the database, then
        ``act(admin, *args)``."""
        admin: Admin = self._service.admin_of(self._session)
        return act(admin, *args)

    def _read_all(self) -> tuple[list[UserRecord], list[RangeView], list[StationEntry]]:
        admin = self._service.admin_of(self._session)
        return (
            self._service.users(admin),
            self._service.ranges(admin),
            self._service.stations(admin),
        )

    def load(self) -> None:
        # Written, not read: a refusal is audited.
        self._run(Operation.write(self._read_all).then(self._show, self._failed))
        if self.rules is not None:
            self.rules.load()

    def _show(self, found: tuple[list[UserRecord], list[RangeView], list[StationEntry]]) -> None:
        users, ranges, stations = found
        self.users = users
        self.users_model.set_rows(
            [
                (
                    user.name,
                    user.role.value,
                    "yes" if user.active else "no (deactivated)",
                    "yes" if user.pin_hash else "",
                    _when(user.locked_until),
                )
                for user in users
            ]
        )
        self.ranges_model.set_rows([range_row(view) for view in ranges])
        self.stations_model.set_rows([station_row(entry) for entry in stations])

    def _failed(self, message: str, _exc: BaseException) -> None:
        self.message.setText(message)

    def _change(self, act: Callable[..., UserRecord], say: str, *args: Any) -> None:
        def done(user: UserRecord) -> None:
            self.message.setText(say.format(name=user.name))
            self.load()

        self._run(Operation.write(self._as_admin, act, *args).then(done, self._failed))

    def _ask(self, dialog: QDialog) -> bool:
        """Show ``dialog``; it stays referenced (its fields are read after) until the next."""
        self.dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _selected(self) -> UserRecord | None:
        rows = self.users_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.users):
            return self.users[rows[0].row()]
        return None

    # -- acting ------------------------------------------------------------------------------

    def ask_add(self) -> None:
        name, badge = _line("full name"), _line("scan the new badge")
        role, pin = _roles(), _line("4 to 12 digits, or empty", secret=True)
        dialog = FormDialog(
            "Add a user",
            [("Name", name), ("Role", role), ("Badge", badge), ("PIN (optional)", pin)],
            self,
        )
        if self._ask(dialog):
            self._change(
                self._service.add_user,
                "{name} added.",
                name.text(),
                Role(role.currentText()),
                badge.text(),
                pin.text() or None,
            )

    def _whose(self) -> str:
        user = self._selected()
        return f"Scan the badge of {user.name}" if user else "scan the user's badge"

    def ask_pin(self) -> None:
        badge, pin = _line(self._whose()), _line("4 to 12 digits; empty removes it", secret=True)
        if self._ask(FormDialog("Set a PIN", [("Badge", badge), ("New PIN", pin)], self)):
            say = "{name}: PIN set." if pin.text() else "{name}: PIN removed."
            self._change(self._service.set_pin, say, badge.text(), pin.text() or None)

    def ask_role(self) -> None:
        user = self._selected()
        badge, role = _line(self._whose()), _roles(user.role.value if user else "packer")
        if self._ask(FormDialog("Set a role", [("Badge", badge), ("Role", role)], self)):
            new = Role(role.currentText())
            self._change(self._service.set_role, f"{{name}} is now a {new}.", badge.text(), new)

    def ask_deactivate(self) -> None:
        badge = _line(self._whose())
        if self._ask(
            FormDialog("Deactivate: the badge no longer signs in", [("Badge", badge)], self)
        ):
            self._change(self._service.deactivate, "{name} deactivated.", badge.text())

    def ask_range(self) -> None:
        """Add a carrier's S10 range or the site's SSCC range (``admin_ranges``)."""
        fields = RangeFields()
        if not self._ask(FormDialog("Add a tracking or SSCC range", fields.rows(), self)):
            return
        request = fields.request(self._service)
        if isinstance(request, str):
            self.message.setText(request)
            return

        def done(view: RangeView) -> None:
            self.message.setText(added(view))
            self.load()

        self._run(Operation.write(self._as_admin, request.add).then(done, self._failed))

    def ask_sheet(self) -> None:
        if self._write_sheet is None:
            return
        codes = QPlainTextEdit()
        codes.setPlaceholderText("scan the badges, one a line")
        out = _line("the PDF to write")
        out.setText(str(Path.home() / "badges.pdf"))
        dialog = FormDialog("Badge sheet", [("Badges", codes), ("PDF file", out)], self)
        if not self._ask(dialog):
            return
        scanned = [line.strip() for line in codes.toPlainText().splitlines() if line.strip()]
        if not scanned:
            self.message.setText("Scan at least one badge for the sheet.")
            return
        path = Path(out.text().strip()).expanduser()
        if not path.name or not path.parent.is_dir() or path.is_dir():
            self.message.setText(f"{path}: give a file name in a folder that exists.")
            return

        def done(count: int) -> None:
            self.message.setText(f"{count} badge(s) written to {path}.")

        op = Operation.write(self._as_admin, self._sheet, scanned, path)
        self._run(op.then(done, self._failed))

    def _sheet(self, admin: Admin, codes: list[str], path: Path) -> int:
        """On the worker: the holders of the badges (each must be an active user's), then
        the PDF."""
        assert self._write_sheet is not None
        holders = self._service.badge_holders(admin, codes)
        self._write_sheet(path, [(user.name, user.role.value, code) for code, user in holders])
        return len(holders)
