"""The site's station rules in the console's Admin tab: the settings every station reads from
the database when a packer signs in (``app.domain.station_rules``: which scan errors stay on
screen until acknowledged, which only a supervisor may acknowledge, whether a unit's code may
be typed, how long a PIN lockout lasts), shown with their values and changed with Ctrl+K over
``SignInService.set_rule`` (supervisors and admins only, checked in the service; the value is
checked, and every change audited as ``site_rule``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from app.domain.model import ScanOutcome
from app.domain.station_rules import (
    ACKNOWLEDGE_OUTCOMES,
    KEYED_ITEM_CODES,
    PIN_LOCK_MINUTES,
    RULE_KEYS,
    SUPERVISOR_ACKNOWLEDGES,
    StationRules,
)
from app.services.results import Session
from app.services.sign_in import SignInService
from app.ui.console.story import RowsModel, _table
from app.ui.runner import Operation

RULES_KEY: Final = "Ctrl+K"
RULE_COLUMNS: Final = ("Station rule", "Value", "What it does")
MEANING: Final = {
    ACKNOWLEDGE_OUTCOMES: "scan errors that stay on screen until acknowledged",
    SUPERVISOR_ACKNOWLEDGES: "scan errors only a supervisor may acknowledge",
    KEYED_ITEM_CODES: "a unit's code typed by hand: allowed or refused",
    PIN_LOCK_MINUTES: "minutes a user is locked out after 5 wrong PINs",
}
#: Asks with a form: its title and its (label, field) rows; True when answered.
Ask = Callable[[str, Sequence[tuple[str, QWidget]]], bool]


def _outcomes(outcomes: frozenset[ScanOutcome]) -> str:
    return ",".join(sorted(outcome.value for outcome in outcomes)) or "none"


def rule_values(rules: StationRules) -> dict[str, str]:
    """Each rule's value as it is written (and stored)."""
    return {
        ACKNOWLEDGE_OUTCOMES: _outcomes(rules.acknowledged),
        SUPERVISOR_ACKNOWLEDGES: _outcomes(rules.supervisor_acknowledges),
        KEYED_ITEM_CODES: "allowed" if rules.keyed_item_codes else "refused",
        PIN_LOCK_MINUTES: str(rules.pin_lock_minutes),
    }


class StationRulesBox(QWidget):
    """The rules' table and the button that changes one. ``run`` puts an operation on the
    console's worker; ``say`` shows a line to the admin."""

    def __init__(
        self,
        service: SignInService,
        session: Session,
        run: Callable[[Operation[Any]], None],
        ask: Ask,
        say: Callable[[str], None],
    ) -> None:
        super().__init__()
        self._service = service
        self._session = session
        self._run = run
        self._ask = ask
        self._say = say
        self.values: dict[str, str] = {}
        self.model = RowsModel(RULE_COLUMNS, self)
        self.table = _table(self.model, "adminRules")
        # Every rule in view, with its header.
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 6)
        self.change_button = QPushButton(f"Change rule  [{RULES_KEY}]")
        self.change_button.clicked.connect(self.ask_change)
        # RULES_KEY is the admin tab's: it opens this page and asks (``AdminPanel``).
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.table, 1)
        bar.addWidget(self.change_button)

    def load(self) -> None:
        self._run(Operation.read(self._service.rules).then(self.show_rules, self._failed))

    def show_rules(self, rules: StationRules) -> None:
        rows = self.table.selectionModel().selectedRows()
        kept = rows[0].row() if rows else None
        self.values = rule_values(rules)
        self.model.set_rows([(key, self.values[key], MEANING[key]) for key in RULE_KEYS])
        if kept is not None and kept < len(RULE_KEYS):
            self.table.selectRow(kept)  # the rule just changed stays selected

    def select_rule(self, name: str) -> None:
        if name in RULE_KEYS:
            self.table.selectRow(RULE_KEYS.index(name))

    def _failed(self, message: str, _exc: BaseException) -> None:
        self._say(message)

    def ask_change(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        chosen = RULE_KEYS[rows[0].row()] if rows else RULE_KEYS[0]
        key = QComboBox()
        key.addItems(RULE_KEYS)
        key.setCurrentText(chosen)
        value = QLineEdit(self.values.get(chosen, ""))
        value.setPlaceholderText("none, or outcomes like wrong_item,over_scan; allowed; 5")
        key.currentTextChanged.connect(lambda name: value.setText(self.values.get(name, "")))
        if not self._ask("Change a station rule", [("Rule", key), ("Value", value)]):
            return
        name = key.currentText()

        def done(stored: str) -> None:
            self._say(f"{name} = {stored}: stations use it from their next sign-in.")
            self.select_rule(name)
            self.load()

        op = Operation.write(self._service.set_rule, self._session, name, value.text())
        self._run(op.then(done, self._failed))
