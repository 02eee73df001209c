"""Box use cases: the box types (imported from a file, listed and edited by an admin), the box
chosen for the open parcel at a station, the suggestion, and box use per day.

* ``import_boxes``: a boxes file (``app.domain.boxes_file``) in one transaction, all or nothing,
  every change audited with the file's name (like the products file).
* ``BoxAdmin`` (part of ``SiteAdminService``): list, add and change box types and set the fill
  factor; every call is an admin's, checked again in the database.
* ``BoxService.choose``: a box barcode scanned at the station; the open parcel goes in that box
  (its tare is then part of the parcel's expected weight). ``advice``: the box chosen and the
  box suggested for what is left to pack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import ClassVar

from app.domain import text
from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.boxes import (
    BOX_FILL_FACTOR,
    BoxSuggestion,
    BoxType,
    InvalidBox,
    check_fill_factor,
    code_of,
    fill_factor,
    suggest_box,
)
from app.domain.boxes_file import BoxFileRefused, read_boxes_and_problems
from app.domain.errors import InvalidBarcode, NotFound
from app.domain.message import Message
from app.domain.weight_check import expected_weight, kg
from app.services.admin_access import Admin, AdminAccess
from app.services.import_report import Count, ImportReport
from app.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from app.services.results import Session


@dataclass(frozen=True)
class BoxImport(ImportReport):
    noun: ClassVar[str] = "box type"


@dataclass(frozen=True)
class BoxAdvice:
    """The open parcel's number, its box (None: none scanned yet) and the suggestion."""

    parcel_no: int
    chosen: BoxType | None
    suggestion: BoxSuggestion
    expected_g: int | None = None
    message: str = ""


@dataclass(frozen=True)
class BoxUse:
    """Parcels closed in one box type on one day."""

    day: date
    code: str
    parcels: int


def import_boxes(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    name: str,
    data: bytes,
    *,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BoxImport:
    """Import the boxes file ``name``: every box type added or changed, or ``BoxFileRefused``
    listing every problem and nothing written."""
    tell = progress or (lambda _step: None)
    tell(f"{name}: reading")
    boxes, problems = read_boxes_and_problems(name, data)
    if problems:
        raise BoxFileRefused(name, problems)
    with uow_factory() as uow:
        stored = {box.code: box for box in uow.boxes.all()}
        added = [box for box in boxes if box.code not in stored]
        changed = [box for box in boxes if box.code in stored and stored[box.code] != box]
        report = BoxImport(
            name, len(added), len(changed), len(boxes) - len(added) - len(changed), dry_run
        )
        if dry_run or not (added or changed):
            return report
        at = clock.now()
        for box, action in [(b, "box_added") for b in added] + [
            (b, "box_changed") for b in changed
        ]:
            (uow.boxes.add if action == "box_added" else uow.boxes.change)(box)
            uow.audit.record(
                at=at,
                user_id=None,
                station_id=None,
                action=action,
                entity="box_type",
                entity_id=None,
                detail=f"{box.code} from {name}",
            )
        tell(Count(name, len(added) + len(changed), len(added) + len(changed), "box types"))
        uow.commit()
    return report


class BoxAdmin(AdminAccess):
    """Box types in the console's admin panel: admins only (see ``AdminAccess``)."""

    def box_types(self, admin: Admin) -> list[BoxType]:
        self._require(admin)
        with self._uow(read_only=True) as uow:
            return uow.boxes.all()

    def fill_factor(self, admin: Admin) -> str:
        self._require(admin)
        with self._uow(read_only=True) as uow:
            return str(fill_factor(uow.site_settings.get(BOX_FILL_FACTOR)))

    def save_box(self, admin: Admin, box: BoxType, *, new: bool) -> BoxType:
        """Add a box type (``new``) or change the one with its code."""
        box = box.checked()

        def change(uow: UnitOfWork, acting: Admin) -> BoxType:
            stored = uow.boxes.by_code(box.code)
            if new and stored is not None:
                raise InvalidBox(f"Box {box.code} exists already: change it instead.")
            if not new and stored is None:
                raise NotFound(f"Box {box.code} does not exist.")
            (uow.boxes.add if new else uow.boxes.change)(box)
            action = "box_added" if new else "box_changed"
            self._record(uow, acting.user_id, action, "box_type", f"{box.describe()} by admin")
            return box

        return self._change(admin, change)

    def set_fill_factor(self, admin: Admin, value: str) -> str:
        stored = str(check_fill_factor(value))

        def change(uow: UnitOfWork, acting: Admin) -> str:
            uow.site_settings.put(BOX_FILL_FACTOR, stored, self._clock.now())
            self._record(uow, acting.user_id, "site_rule", "site", f"{BOX_FILL_FACTOR} = {stored}")
            return stored

        return self._change(admin, change)


class BoxService:
    """The station's side: a box scanned, and the box to suggest."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, codes: InterpreterConfig | None = None
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._codes = codes or InterpreterConfig()

    def choose(self, session: Session, order_id: int, scanned: str) -> BoxAdvice:
        """The box barcode ``scanned`` for the order's open parcel (this station's order)."""
        try:
            code = interpret(scanned, self._codes)
        except InvalidBarcode:
            code = None
        if code is None or code.kind is not CodeKind.BOX:
            raise InvalidBarcode(Message("That is not a box barcode."))
        box_code = code_of(code.value, self._codes.box_prefix)
        with self._uow() as uow:
            order = uow.orders.get(order_id)
            if order is None:
                raise NotFound(Message("Order {order} does not exist.", order=order_id))
            order.check_workable_by(session.station_id)
            box = uow.boxes.by_code(box_code)
            if box is None or not box.active:
                shown = text.storable(box_code, 32)
                if box is None:
                    raise NotFound(
                        Message(
                            "Box {box} is not a box type of this site. Scan another box's barcode.",
                            box=shown,
                        )
                    )
                raise NotFound(
                    Message(
                        "Box {box} is not a box type of this site (no longer used). "
                        "Scan another box's barcode.",
                        box=shown,
                    )
                )
            parcel_no = _open_parcel(uow, order_id)
            uow.boxes.choose(order_id, parcel_no, box.code, self._clock.now())
            uow.audit.record(
                at=self._clock.now(),
                user_id=session.user_id,
                station_id=session.station_id,
                action="box_chosen",
                entity="order",
                entity_id=order_id,
                detail=f"parcel {parcel_no}: {box.code}",
            )
            advice = self._advice(uow, order_id, parcel_no)
            uow.commit()
        return advice

    def advice(self, order_id: int) -> BoxAdvice:
        """The open parcel's box and the box suggested for what is left to pack."""
        with self._uow(read_only=True) as uow:
            return self._advice(uow, order_id, _open_parcel(uow, order_id))

    def _advice(self, uow: UnitOfWork, order_id: int, parcel_no: int) -> BoxAdvice:
        chosen = uow.boxes.chosen(order_id, parcel_no)
        factor = fill_factor(uow.site_settings.get(BOX_FILL_FACTOR))
        suggestion = suggest_box(
            uow.boxes.all(), uow.boxes.to_pack(order_id, parcel_no - 1), factor
        )
        items = uow.pack_out.contents(order_id, parcel_no)
        expected = expected_weight(items, chosen.tare_g) if chosen is not None else None
        message = _box_message(parcel_no, chosen, suggestion)
        return BoxAdvice(parcel_no, chosen, suggestion, expected, message)

    def use(self, since: datetime, until: datetime, zone: tzinfo) -> list[BoxUse]:
        return box_use(self._uow, since, until, zone)


def box_use(
    uow_factory: UnitOfWorkFactory, since: datetime, until: datetime, zone: tzinfo
) -> list[BoxUse]:
    """Parcels closed per box type per day (days in ``zone``) in ``[since, until)``, voided
    labels left out. A query of its own, beside the figures' storage."""
    with uow_factory(read_only=True) as uow:
        rows = uow.boxes.use(since, until)
    counts = Counter((at.astimezone(zone).date(), code) for code, at in rows)
    return [BoxUse(day, code, n) for (day, code), n in sorted(counts.items())]


def _open_parcel(uow: UnitOfWork, order_id: int) -> int:
    return max((p.seq for p in uow.parcels.for_order(order_id)), default=0) + 1


def _box_message(parcel_no: int, chosen: BoxType | None, suggestion: BoxSuggestion) -> Message:
    """What the station says about the open parcel's box: none yet, or the box chosen, with
    the box suggested where it differs and a warning where the contents are too heavy."""
    if chosen is None:
        return Message("Parcel {parcel}: no box scanned yet.", parcel=parcel_no)
    other = suggestion.box.code if suggestion.box and suggestion.box.code != chosen.code else None
    weight = suggestion.units_weight_g
    heavy = weight is not None and weight + chosen.tare_g > chosen.max_weight_g
    facts = {
        "parcel": parcel_no,
        "box": chosen.describe(),
        "suggested": other or "",
        "weight": kg((weight or 0) + chosen.tare_g),
        "most": kg(chosen.max_weight_g),
    }
    if heavy and other:
        return Message(
            "Parcel {parcel} goes in box {box}. (Suggested: {suggested}.) Too heavy for it: "
            "{weight}, at most {most}.",
            **facts,
        )
    if heavy:
        return Message(
            "Parcel {parcel} goes in box {box}. Too heavy for it: {weight}, at most {most}.",
            **facts,
        )
    if other:
        return Message("Parcel {parcel} goes in box {box}. (Suggested: {suggested}.)", **facts)
    return Message("Parcel {parcel} goes in box {box}.", **facts)
