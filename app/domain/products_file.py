"""A products file (CSV or JSON) read and checked whole: every problem found, or the products.

Plain Python: the standard library's ``csv`` and ``json`` and the project's barcode interpreter.
A file is all or nothing: ``read_products`` returns every product, or raises
``ProductFileRefused`` listing every bad line and field ("products.csv line 17, barcodes: ...").
Each barcode is checked and normalised by ``interpret`` (kind product; the stored key is
``.value``, so an EAN-13 is kept as its GTIN-14 and a scan of it finds the product).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from app.domain.barcodes import MAX_PLAIN_CODE_LENGTH, CodeKind, InterpreterConfig, interpret
from app.domain.barcodes.codes import _AGAIN, _SCANNER
from app.domain.barcodes.retail import gtin_check_digit
from app.domain.errors import InvalidBarcode
from app.domain.import_files import FileRefused, read_records, shown
from app.domain.message import Message
from app.domain.table_file import Layout, TableReader

#: Column sizes of the products tables.
SKU_MAX: Final = 64
NAME_MAX: Final = 200
BARCODE_MAX: Final = MAX_PLAIN_CODE_LENGTH  # longer, a scan reads as an invalid barcode
IMAGE_PATH_MAX: Final = 500
#: Sizes beyond these are taken for a typing error (grams, millimetres, units per barcode).
WEIGHT_MAX_G: Final = 1_000_000
DIMENSION_MAX_MM: Final = 20_000
UNITS_MAX: Final = 10_000

REQUIRED: Final = ("sku", "name", "barcodes")
OPTIONAL: Final = (
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "requires_lot",
    "requires_serial",
    "image_path",
)
COLUMNS: Final = REQUIRED + OPTIONAL
_LAYOUT: Final = Layout("product", "products", REQUIRED, COLUMNS)
_WHOLE_NUMBERS: Final = {
    "weight_g": WEIGHT_MAX_G,
    "length_mm": DIMENSION_MAX_MM,
    "width_mm": DIMENSION_MAX_MM,
    "height_mm": DIMENSION_MAX_MM,
}
_BARCODE_IN_CSV = re.compile(r"^(?P<code>[^*]+?)\s*(?:\*\s*(?P<units>.*))?$")


class ProductFileRefused(FileRefused):
    """The products file was refused whole; ``problems`` holds one line per problem."""


@dataclass(frozen=True)
class Barcode:
    """A barcode of a product: ``code`` is the interpreter's lookup key, ``units`` how many
    units one scan of it counts (a case of 6: 6)."""

    code: str
    units: int = 1


@dataclass(frozen=True)
class ProductRecord:
    """A product as a file (or the database) gives it. ``where`` says where it was read
    ("products.csv line 4") and is not part of the comparison."""

    sku: str
    name: str
    barcodes: tuple[Barcode, ...] = ()
    weight_g: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    requires_lot: bool = False
    requires_serial: bool = False
    image_path: str | None = None
    where: str = field(default="", compare=False)

    def differences(self, other: ProductRecord) -> list[str]:
        """The fields in which ``other`` differs from this product, by name."""
        names = ["name", *OPTIONAL]
        changed = [n for n in names if getattr(self, n) != getattr(other, n)]
        if set(self.barcodes) != set(other.barcodes):
            changed.append("barcodes")
        return changed

    def same_as(self, other: ProductRecord) -> bool:
        return not self.differences(other)


def read_products(
    name: str, data: bytes, config: InterpreterConfig | None = None
) -> list[ProductRecord]:
    """Every product in the file, or ``ProductFileRefused`` with every problem in it. The
    format is told by the name (``.json``) or, failing that, by a first character "["."""
    products, problems = read_products_and_problems(name, data, config)
    if problems:
        raise ProductFileRefused(name, problems)
    return products


def read_products_and_problems(
    name: str, data: bytes, config: InterpreterConfig | None = None
) -> tuple[list[ProductRecord], list[str]]:
    """The products read cleanly and every problem found in the file (``read_records``)."""
    read = read_product_file(name, data, config)
    return read.products, read.problems


@dataclass(frozen=True)
class ProductFile:
    """A products file as read: the products read cleanly, every problem in the file, and the
    barcodes of the products refused for their own problems, as (where, SKU, code), so that
    the database check names a barcode on another product in the same run."""

    products: list[ProductRecord]
    problems: list[str]
    refused_barcodes: list[tuple[str, str, str]]


def read_product_file(
    name: str, data: bytes, config: InterpreterConfig | None = None
) -> ProductFile:
    reader = _Reader(name, config or InterpreterConfig())
    products, problems = read_records(name, data, reader, ProductFileRefused, "products")
    return ProductFile(products, problems, reader.refused_barcodes)


class _Reader(TableReader[ProductRecord]):
    def __init__(self, name: str, config: InterpreterConfig) -> None:
        super().__init__(name, _LAYOUT)
        self.config = config
        self.sku_at: dict[str, str] = {}
        self.code_at: dict[str, tuple[str, str]] = {}
        self.refused_barcodes: list[tuple[str, str, str]] = []

    def record(self, where: str, fields: Mapping[str, Any]) -> ProductRecord | None:
        return self._product(where, fields, csv_form=self.csv_form)

    # -- one product --------------------------------------------------------------------------

    def _product(
        self, where: str, fields: Mapping[str, Any], *, csv_form: bool
    ) -> ProductRecord | None:
        before = len(self.problems)
        sku = self._text(where, "sku", fields.get("sku"), SKU_MAX, required=True)
        name = self._text(where, "name", fields.get("name"), NAME_MAX, required=True)
        image = self._text(where, "image_path", fields.get("image_path"), IMAGE_PATH_MAX)
        numbers = {
            key: self._whole(where, key, fields.get(key), limit)
            for key, limit in _WHOLE_NUMBERS.items()
        }
        lot = self._flag(where, "requires_lot", fields.get("requires_lot"))
        serial = self._flag(where, "requires_serial", fields.get("requires_serial"))
        if sku:
            if sku in self.sku_at:
                self.problems.append(f"{where}, sku: {sku!r} is already on {self.sku_at[sku]}")
            else:
                self.sku_at[sku] = where
        raw = fields.get("barcodes")
        barcodes = self._barcodes(where, sku or "?", raw, csv_form=csv_form)
        if len(self.problems) > before or sku is None or name is None:
            if sku is not None:
                self.refused_barcodes.extend((where, sku, b.code) for b in barcodes)
            return None
        return ProductRecord(
            sku=sku,
            name=name,
            barcodes=barcodes,
            weight_g=numbers["weight_g"],
            length_mm=numbers["length_mm"],
            width_mm=numbers["width_mm"],
            height_mm=numbers["height_mm"],
            requires_lot=lot,
            requires_serial=serial,
            image_path=image,
            where=where,
        )

    def _text(
        self, where: str, key: str, value: object, limit: int, *, required: bool = False
    ) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(f"{where}, {key}: is empty")
            return None
        if not isinstance(value, str):
            self.problems.append(f"{where}, {key}: {shown(value)} is not text")
            return None
        text = value.strip()
        if len(text) > limit:
            self.problems.append(
                f"{where}, {key}: {len(text)} characters, longer than the {limit} allowed"
            )
            return None
        if any(ord(c) < 32 for c in text):
            self.problems.append(f"{where}, {key}: holds a control character")
            return None
        return text

    def _whole(self, where: str, key: str, value: object, limit: int) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = self.whole_number(value)
        if isinstance(number, str):
            self.problems.append(f"{where}, {key}: {number}")
            return None
        if number > limit:
            self.problems.append(f"{where}, {key}: {number} is more than {limit:,}")
            return None
        return number

    def _flag(self, where: str, key: str, value: object) -> bool:
        flag = self.flag(value, default=False)
        if isinstance(flag, str):
            self.problems.append(f"{where}, {key}: {flag}")
            return False
        return flag

    def _barcodes(
        self, where: str, sku: str, value: object, *, csv_form: bool
    ) -> tuple[Barcode, ...]:
        entries: list[tuple[object, object]] = []
        if csv_form:
            text = value if isinstance(value, str) else ""
            for part in text.split(";"):
                if not part.strip():
                    continue
                found = _BARCODE_IN_CSV.match(part.strip())
                assert found is not None  # the pattern matches any non-empty text
                entries.append((found["code"], found["units"] or 1))
        elif value is None:
            pass
        elif not isinstance(value, list):
            self.problems.append(f"{where}, barcodes: must be a list")
        else:
            for entry in value:
                if isinstance(entry, str):
                    entries.append((entry, 1))
                elif isinstance(entry, dict) and set(entry) <= {"code", "units"}:
                    entries.append((entry.get("code"), entry.get("units", 1)))
                else:
                    self.problems.append(
                        f"{where}, barcodes: {shown(entry)} is neither a code nor "
                        '{"code": ..., "units": ...}'
                    )
        return tuple(
            barcode
            for code, units in entries
            if (barcode := self._barcode(where, sku, code, units)) is not None
        )

    def _barcode(self, where: str, sku: str, code: object, units: object) -> Barcode | None:
        if not isinstance(code, str) or not code.strip():
            self.problems.append(f"{where}, barcodes: {shown(code)} is not a barcode")
            return None
        code = code.strip()
        read = self.whole_number(units)
        count = read if isinstance(read, int) else None
        if count is None or count > UNITS_MAX:
            why = read if isinstance(read, str) else f"{count} is more than {UNITS_MAX:,}"
            self.problems.append(f"{where}, units: {why} (barcode {code})")
        if len(code) > BARCODE_MAX:
            self.problems.append(
                f"{where}, barcodes: {shown(code)} is {len(code)} characters, longer than the "
                f"{BARCODE_MAX} allowed"
            )
            return None
        try:
            scanned = interpret(code, self.config)
        except InvalidBarcode as exc:
            self.problems.append(f"{where}, barcodes: {shown(code)}: {_for_an_import(exc)}")
            return None
        if scanned.kind is not CodeKind.PRODUCT:
            kind = scanned.kind.value.replace("_", " ")
            self.problems.append(
                f"{where}, barcodes: {shown(code)} reads as a {kind} code, not a product's barcode"
            )
            return None
        if len(scanned.value) > BARCODE_MAX:
            self.problems.append(f"{where}, barcodes: {shown(code)} is too long once read")
            return None
        if scanned.value in self.code_at:
            first, first_sku = self.code_at[scanned.value]
            self.problems.append(
                f"{where}, barcodes: {code} is listed twice (also on {first}, SKU {first_sku})"
            )
            return None
        self.code_at[scanned.value] = (where, sku)
        return None if count is None or count > UNITS_MAX else Barcode(scanned.value, count)


def _for_an_import(refusal: InvalidBarcode) -> str:
    """Why a barcode is refused, in an admin's words: a wrong check digit with the digit it
    should be, never the packer's advice to scan again."""
    message = refusal.message
    if not isinstance(message, Message):
        return str(message)
    code = str(message.params.get("code", ""))
    if "the check digit is wrong" in message.template and code.isascii() and code.isdigit():
        expected = gtin_check_digit(code[:-1])
        return f"check digit wrong: expected {expected}, not {code[-1]}"
    advice = [key for key, value in message.params.items() if value in _SCANNING_ADVICE]
    template = message.template
    for key in advice:
        template = template.replace("{" + key + "}", "")
    params = {key: value for key, value in message.params.items() if key not in advice}
    said = str(Message(template.strip(), **params))
    for words, instead in _AT_THE_STATION:
        said = said.replace(words, instead)
    return said.strip()


#: Words for a packer at the scanner, out of place in an import's problems.
_SCANNING_ADVICE: Final = frozenset({_AGAIN, _SCANNER})
_AT_THE_STATION: Final = (
    ("Scan contains", "contains"),
    (" Check the scanner's prefix/suffix settings and scan again.", ""),
    (
        "; the scanner may be set to the wrong keyboard layout or interface. Check the scanner "
        "and scan again.",
        ".",
    ),
    (" Scan again; if it keeps happening, show the barcode to a supervisor.", ""),
    (" Scan again.", ""),
)
