"""An orders file (CSV or JSON) read and checked whole: every problem found, or the orders.

Plain Python, the same rules as ``products_file``: UTF-8 with or without a byte order mark, a
size limit checked before the file is read, and ``OrderFileRefused`` listing every bad line and
field ("orders.csv line 17, quantity: ...") when anything is wrong. CSV holds one row per order
line with the order's fields repeated; JSON an array of orders, each with its ``lines``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.countries import is_country
from app.domain.errors import InvalidBarcode
from app.domain.import_files import FileRefused, read_records, shown
from app.domain.order_fields import (
    MULTILINE,
    control_problem,
    email_problem,
    phone_problem,
    read_serials,
)
from app.domain.order_records import (
    PRIORITY_MAX,
    QUANTITY_MAX,
    SIZES,
    STATUSES,
    IntakeLine,
    OrderRecord,
    StoredOrder,
)
from app.domain.table_file import Layout, TableReader

__all__ = ["OrderFileRefused", "OrderRecord", "StoredOrder", "read_orders"]

LABEL_FORMATS: Final = ("png", "pdf", "zpl")

REQUIRED_ORDER: Final = (
    "reference",
    "carrier",
    "ship_to_name",
    "ship_to_line1",
    "ship_to_postcode",
    "ship_to_city",
    "ship_to_country",
)
OPTIONAL_ORDER: Final = (
    "slip",
    "status",
    "channel",
    "priority",
    "cut_off",
    "service",
    "ship_to_company",
    "ship_to_line2",
    "ship_to_line3",
    "ship_to_region",
    "ship_to_phone",
    "ship_to_email",
    "notes",
    "gift_message",
    "packing_instructions",
    "notes_important",
    "totes",
    "label_tracking",
    "label_file",
)
LINE_FIELDS: Final = ("sku", "quantity")
LINE_OPTIONAL: Final = ("serials",)
CSV_COLUMNS: Final = REQUIRED_ORDER + OPTIONAL_ORDER + LINE_FIELDS + LINE_OPTIONAL
JSON_FIELDS: Final = (*REQUIRED_ORDER, *OPTIONAL_ORDER, "lines")
_ORDER_FIELDS: Final = REQUIRED_ORDER + OPTIONAL_ORDER
_LAYOUT: Final = Layout(
    "order",
    "orders",
    REQUIRED_ORDER + LINE_FIELDS,
    CSV_COLUMNS,
    json_required=(*REQUIRED_ORDER, "lines"),
    json_fields=JSON_FIELDS,
)


class OrderFileRefused(FileRefused):
    """The orders file was refused whole; ``problems`` holds one line per problem."""


def read_orders(
    name: str, data: bytes, config: InterpreterConfig | None = None
) -> list[OrderRecord]:
    """Every order in the file, or ``OrderFileRefused`` with every problem in it."""
    orders, problems = read_orders_and_problems(name, data, config)
    if problems:
        raise OrderFileRefused(name, problems)
    return orders


def read_orders_and_problems(
    name: str, data: bytes, config: InterpreterConfig | None = None
) -> tuple[list[OrderRecord], list[str]]:
    """The orders read cleanly and every problem found in the file (``read_records``)."""
    read = read_order_file(name, data, config)
    return read.orders, read.problems


@dataclass(frozen=True)
class OrderFile:
    """An orders file as read: the orders read cleanly, every problem in the file, and the
    SKUs the lines of the refused orders name, as (where, SKU), so that the database check
    names an unknown SKU in the same run as the file's own problems."""

    orders: list[OrderRecord]
    problems: list[str]
    refused_skus: list[tuple[str, str]]


def read_order_file(name: str, data: bytes, config: InterpreterConfig | None = None) -> OrderFile:
    reader = _Reader(name, config or InterpreterConfig())
    orders, problems = read_records(name, data, reader, OrderFileRefused, "orders")
    return OrderFile(orders, problems, reader.refused_skus)


class _Reader(TableReader[OrderRecord]):
    def __init__(self, name: str, config: InterpreterConfig) -> None:
        super().__init__(name, _LAYOUT)
        self.config = config
        self.reference_at: dict[str, str] = {}
        self.slip_at: dict[str, str] = {}
        self.tote_at: dict[str, str] = {}
        self.refused_skus: list[tuple[str, str]] = []
        self._line_skus: list[str] = []

    def record(self, where: str, fields: Mapping[str, Any]) -> OrderRecord | None:
        return self._order(where, fields)

    rows_together = True

    def csv_records(self, rows: list[tuple[str, dict[str, str]]]) -> list[OrderRecord]:
        """Consecutive rows with one reference are one order (its lines)."""
        groups: list[tuple[str, dict[str, str], list[tuple[str, dict[str, str]]]]] = []
        for where, cells in rows:
            reference = cells.get("reference", "").strip()
            if groups and reference and groups[-1][1].get("reference", "").strip() == reference:
                first_where, first, lines = groups[-1]
                same = all(cells.get(key) == first.get(key) for key in _ORDER_FIELDS)
                for key in () if same else _ORDER_FIELDS:  # exactly equal: nothing differs
                    if cells.get(key, "").strip() != first.get(key, "").strip():
                        self.problems.append(
                            f"{where}, {key}: {shown(cells.get(key, ''))} differs from "
                            f"{first_where} of the same order"
                        )
                lines.append((where, cells))
            else:
                groups.append((where, cells, [(where, cells)]))
        orders = []
        for where, cells, lines in groups:
            fields: dict[str, Any] = {key: cells.get(key) for key in _ORDER_FIELDS}
            totes = (cells.get("totes") or "").split(";")
            fields["totes"] = [code for code in totes if code.strip()]
            fields["lines"] = [
                (w, {key: c[key] for key in (*LINE_FIELDS, *LINE_OPTIONAL) if key in c})
                for w, c in lines
            ]
            record = self.checked(where, fields, ())
            if record is not None:
                orders.append(record)
        return orders

    def json_fields(self, where: str, item: dict[str, Any]) -> dict[str, Any] | None:
        fields = dict(item)
        lines = item.get("lines", [])
        if not isinstance(lines, list):
            self.problems.append(f"{where}, lines: must be a list")
            lines = []
        fields["lines"] = []
        for index, line in enumerate(lines, start=1):
            line_where = f"{where} line {index}"
            if (
                not isinstance(line, dict)
                or not set(LINE_FIELDS) <= set(line)
                or not set(line) <= {*LINE_FIELDS, *LINE_OPTIONAL}
            ):
                self.problems.append(
                    f'{line_where}: must be {{"sku": ..., "quantity": ...}} (and "serials": '
                    f"[...] where known), not {shown(line)}"
                )
                continue
            fields["lines"].append((line_where, line))
        if fields.get("totes") is not None and not isinstance(fields["totes"], list):
            self.problems.append(f"{where}, totes: must be a list of codes")
            fields["totes"] = []
        return fields

    def _order(self, where: str, fields: Mapping[str, Any]) -> OrderRecord | None:
        before = len(self.problems)
        text: dict[str, str | None] = {
            key: self._text(where, key, fields.get(key), required=key in REQUIRED_ORDER)
            for key in _ORDER_FIELDS
            if key not in ("totes", "priority", "cut_off", "notes_important")
        }
        reference = text["reference"]
        duplicate = reference is not None and reference in self.reference_at
        if reference:
            if duplicate:
                first = self.reference_at[reference]
                self.problems.append(f"{where}, reference: {reference!r} is already on {first}")
            else:
                self.reference_at[reference] = where
        country = text["ship_to_country"]
        if country and not is_country(country.upper()):
            self.problems.append(
                f"{where}, ship_to_country: {shown(country)} is not an ISO 3166 country code"
            )
        status = (text["status"] or "ready").lower()
        if status not in STATUSES:
            self.problems.append(
                f"{where}, status: {shown(text['status'])} is not received, ready or cancelled"
            )
        for key, check in (("ship_to_email", email_problem), ("ship_to_phone", phone_problem)):
            value = text[key]
            problem = check(value) if value is not None else None
            if problem is not None:
                self.problems.append(f"{where}, {key}: {problem}")
        important = self._important(where, fields.get("notes_important"))
        priority = self._priority(where, fields.get("priority"))
        cut_off = self._cut_off(where, fields.get("cut_off"))
        slip = None if duplicate else self._slip(where, text["slip"], reference)
        totes = self._totes(where, fields.get("totes") or [])
        label_format = self._label(where, text["label_tracking"], text["label_file"])
        self._line_skus = []
        lines = self._lines(where, fields.get("lines") or [])
        if len(self.problems) > before or reference is None or slip is None:
            self.refused_skus.extend((where, sku) for sku in self._line_skus)
            return None
        return OrderRecord(
            reference=reference,
            slip=slip,
            status=status,
            priority=priority,
            cut_off=cut_off,
            carrier=text["carrier"] or "",
            service=text["service"] or "",
            ship_to_name=text["ship_to_name"] or "",
            ship_to_line1=text["ship_to_line1"] or "",
            ship_to_line2=text["ship_to_line2"] or "",
            ship_to_line3=text["ship_to_line3"] or "",
            ship_to_company=text["ship_to_company"] or "",
            ship_to_region=text["ship_to_region"] or "",
            ship_to_phone=text["ship_to_phone"] or "",
            ship_to_email=text["ship_to_email"] or "",
            channel=text["channel"] or "",
            notes=text["notes"] or "",
            gift_message=text["gift_message"] or "",
            packing_instructions=text["packing_instructions"] or "",
            notes_important=important,
            ship_to_postcode=text["ship_to_postcode"] or "",
            ship_to_city=text["ship_to_city"] or "",
            ship_to_country=(country or "").upper(),
            lines=lines,
            totes=totes,
            label_tracking=text["label_tracking"],
            label_format=label_format,
            label_file=text["label_file"],
            where=where,
        )

    def _text(self, where: str, key: str, value: object, *, required: bool = False) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(f"{where}, {key}: is empty")
            return None
        if not isinstance(value, str):
            self.problems.append(f"{where}, {key}: {shown(value)} is not text")
            return None
        stripped = value.strip()
        if key in MULTILINE:
            stripped = stripped.replace("\r\n", "\n")
        limit = SIZES[key]
        if len(stripped) > limit:
            self.problems.append(
                f"{where}, {key}: {len(stripped)} characters, longer than the {limit} allowed"
            )
            return None
        problem = control_problem(key, stripped)
        if problem is not None:
            self.problems.append(f"{where}, {key}: {problem}")
            return None
        return stripped

    def _important(self, where: str, value: object) -> bool:
        if value is None or isinstance(value, bool):
            return bool(value)
        word = value.strip().lower() if isinstance(value, str) else None
        if word in ("yes", "y", "true", "1", "x"):
            return True
        if word in ("no", "n", "false", "0", ""):
            return False
        self.problems.append(f"{where}, notes_important: {shown(value)} is not yes or no")
        return False

    def _priority(self, where: str, value: object) -> int:
        if value is None or (isinstance(value, str) and not value.strip() and self.csv_form):
            return 0
        number = self.whole_number(value, low=0)
        if isinstance(number, str) or number > PRIORITY_MAX:
            why = (
                number
                if isinstance(number, str) and not self.csv_form
                else f"{shown(value)} is not a whole number from 0 to {PRIORITY_MAX}"
            )
            self.problems.append(f"{where}, priority: {why}")
            return 0
        return number

    def _cut_off(self, where: str, value: object) -> datetime | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        moment = None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
        if moment is None or moment.tzinfo is None:
            self.problems.append(
                f"{where}, cut_off: {shown(value)} is not an ISO 8601 time with its offset "
                "(2026-12-01T15:00:00+01:00)"
            )
            return None
        return moment

    def _slip(self, where: str, slip: str | None, reference: str | None) -> str | None:
        if reference is None:
            return None
        code = slip or f"{self.config.order_prefix}{reference}"
        if len(code) > SIZES["slip"]:
            self.problems.append(f"{where}, slip: {shown(code)} is longer than {SIZES['slip']}")
            return None
        try:
            kind = interpret(code, self.config).kind
        except InvalidBarcode as exc:
            self.problems.append(f"{where}, slip: {shown(code)}: {exc.message}")
            return None
        if kind is not CodeKind.ORDER_SLIP:
            self.problems.append(
                f"{where}, slip: {shown(code)} does not start with the order prefix "
                f"{self.config.order_prefix!r}, so a scan of it would not open the order"
            )
            return None
        if code in self.slip_at:
            self.problems.append(f"{where}, slip: {code} is already on {self.slip_at[code]}")
            return None
        self.slip_at[code] = where
        return code

    def _totes(self, where: str, values: list[Any]) -> tuple[str, ...]:
        codes = []
        for value in values:
            code = self._text(where, "tote", value)
            if code is None:
                continue
            if code in self.tote_at:
                self.problems.append(f"{where}, totes: {code} is already on {self.tote_at[code]}")
                continue
            try:
                kind = interpret(code, self.config).kind
            except InvalidBarcode as exc:
                self.problems.append(f"{where}, totes: {shown(code)}: {exc.message}")
                continue
            if kind is not CodeKind.TOTE:
                self.problems.append(
                    f"{where}, totes: {shown(code)} does not start with the tote prefix "
                    f"{self.config.tote_prefix!r}, so a scan of it would not open the order"
                )
                continue
            self.tote_at[code] = where
            codes.append(code)
        return tuple(codes)

    def _label(self, where: str, tracking: str | None, file: str | None) -> str | None:
        if (tracking is None) != (file is None):
            self.problems.append(
                f"{where}, label_tracking: an upstream label needs both label_tracking "
                "and label_file"
            )
            return None
        if file is None:
            return None
        suffix = file.rsplit(".", 1)[-1].lower() if "." in file else ""
        if suffix not in LABEL_FORMATS:
            self.problems.append(
                f"{where}, label_file: {shown(file)} is not a .png, .pdf or .zpl file"
            )
            return None
        return suffix

    def _lines(
        self, where: str, lines: list[tuple[str, Mapping[str, Any]]]
    ) -> tuple[IntakeLine, ...]:
        found: dict[str, IntakeLine] = {}
        if not lines:
            self.problems.append(f"{where}, lines: the order has no lines")
        for line_where, line in lines:
            sku = self._text(line_where, "sku", line.get("sku"), required=True)
            if sku is not None:
                self._line_skus.append(sku)
            raw = line.get("quantity")
            read = self.whole_number(raw)
            quantity = read if isinstance(read, int) else None
            if quantity is not None and quantity > QUANTITY_MAX:
                quantity = None
                self.problems.append(
                    f"{line_where}, quantity: {shown(raw)} is not a positive whole number "
                    f"up to {QUANTITY_MAX:,}"
                )
            elif isinstance(read, str):
                self.problems.append(f"{line_where}, quantity: {read}")
            serials, problems = read_serials(line.get("serials"), quantity)
            self.problems.extend(f"{line_where}, serials: {problem}" for problem in problems)
            if sku is None or quantity is None or problems:
                continue
            if sku in found:
                self.problems.append(f"{line_where}, sku: {sku} is listed twice in the order")
                continue
            found[sku] = IntakeLine(sku, quantity, serials)
        return tuple(found.values())
