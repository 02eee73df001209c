"""What a scanned unit is for an order: read the code, look up what it names, let the order
decide. Recording a scan asks it (``PackingService.record_scan``); so does signing in, to say an
error left unacknowledged again in the words of the station's language (only its English text is
stored with the scan)."""

from __future__ import annotations

from datetime import date

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import InvalidBarcode
from app.domain.model import Order, ScanVerdict
from app.services.ports import UnitOfWork


def decide_scan(
    uow: UnitOfWork, order: Order, raw: str, codes: InterpreterConfig, today: date
) -> ScanVerdict:
    """The verdict on ``raw`` scanned for ``order`` (which it may change: save it to keep)."""
    try:
        code = interpret(raw, codes)
    except InvalidBarcode as exc:
        return order.refuse_scan(exc.message)
    product = None
    if code.kind is CodeKind.PRODUCT:
        product = uow.products.by_code(code.value, code.alternative_value)
    if product is None and order.wants_unit_data(code):
        assert order.pending is not None
        waiting = uow.products.by_id(order.pending.product_id)
        if waiting is not None:
            return order.fill_pending(code, waiting, today, uow.scans.serial_packed)
    return order.scan(code, product, today, uow.scans.serial_packed)
