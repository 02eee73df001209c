"""The demo built from the sample files through the services, in a real, migrated SQLite file
(and by ``packbench demo create`` on SQLite and PostgreSQL), and the printed demo sheet read
back by a decoder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image
from sqlalchemy import Engine

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.demo_data import DemoSummary
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.commands_sheet import commands_sheet_pages
from app.adapters.documents.demo_sheet import (
    demo_sheet_pages,
    render_code128,
    render_ean13,
    render_itf14,
    write_demo_sheet,
)
from app.adapters.security import Argon2CredentialHasher
from app.demo_build import Demo, build_demo
from app.domain.barcodes import gtin_check_digit
from app.domain.commands import LABEL_ANSWERS, REPRINT_REASON_COMMANDS, Command
from app.domain.model import Role
from app.domain.sscc import make_sscc, validate_sscc
from app.domain.tracking import format_s10, validate_s10
from app.services.clock import SystemClock
from app.services.handoff import Actor, HandoffService
from tests.integration.test_commands_sheet import decode

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
HASHER = Argon2CredentialHasher()


def _migrated(path: Path) -> Engine:
    engine = make_engine("sqlite:///" + str(path))
    schema.upgrade(engine)
    return engine


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Demo]]:
    engine = _migrated(tmp_path_factory.mktemp("demo") / "demo.db")
    demo = build_demo(engine, NOW)
    yield engine, demo
    engine.dispose()


@pytest.fixture(scope="module")
def seeded(built: tuple[Engine, Demo]) -> tuple[Engine, DemoSummary]:
    return built[0], built[1].summary


@pytest.fixture(scope="module")
def pages(seeded: tuple[Engine, DemoSummary]) -> list[Image.Image]:
    return demo_sheet_pages(seeded[1])


def _rows(engine: Engine, query: sa.Executable) -> list[sa.Row[tuple[object, ...]]]:
    with engine.connect() as conn:
        return list(conn.execute(query))


def _count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _count_where(engine: Engine, table: sa.Table, where: sa.ColumnElement[bool]) -> int:
    with engine.connect() as conn:
        query = sa.select(sa.func.count()).select_from(table).where(where)
        return int(conn.execute(query).scalar_one())


def _line_rows(engine: Engine) -> list[sa.Row[tuple[object, ...]]]:
    query = (
        sa.select(
            t.orders.c.id.label("order_id"),
            t.orders.c.reference,
            t.orders.c.status,
            t.order_lines.c.quantity,
            t.products.c.sku,
            t.order_lines.c.product_id,
        )
        .join(t.order_lines, t.order_lines.c.order_id == t.orders.c.id)
        .join(t.products, t.products.c.id == t.order_lines.c.product_id)
        .order_by(t.orders.c.id, t.order_lines.c.line_no)
    )
    return _rows(engine, query)


# -- the database ------------------------------------------------------------------------------


def test_fifty_four_ready_orders_with_one_to_six_distinct_lines(
    seeded: tuple[Engine, DemoSummary],
) -> None:
    engine, summary = seeded
    orders = _rows(engine, sa.select(t.orders).where(t.orders.c.status == "ready"))
    assert len(orders) == 54  # 50 generated, 4 that show the pack-out
    assert sorted(o.reference for o in orders) == sorted(o.reference for o in summary.orders)
    assert all(NOW < o.cut_off.replace(tzinfo=UTC) <= NOW + timedelta(days=2) for o in orders)
    assert {o.payment_status for o in orders} == {"captured"}
    assert {(o.carrier, o.service) for o in orders} == {
        ("DHL", "Paket"),
        ("UPS", "Standard"),
        ("POST", "Letter"),
    }
    assert all(re.fullmatch(r"ORD\d{6}", o.slip_code) for o in orders)
    assert {o.ship_to_country for o in orders} <= {"DE", "AT", "FR", "GB", "NL"}
    assert all(o.ship_to_name and o.ship_to_line1 and o.ship_to_city for o in orders)

    lines = _line_rows(engine)
    per_order: dict[int, list[int]] = {}
    for line in lines:
        if line.status != "ready":
            continue
        per_order.setdefault(line.order_id, []).append(line.product_id)
    assert len(per_order) == 54
    for products in per_order.values():
        assert 1 <= len(products) <= 6
        assert len(set(products)) == len(products), "an order names a product twice"


def test_some_lines_need_more_than_one_unit(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, _ = seeded
    assert sum(1 for line in _line_rows(engine) if line.quantity > 1) >= 3


def test_case_packs_fit_order_quantities(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, _ = seeded
    cases = _rows(engine, sa.select(t.product_barcodes).where(t.product_barcodes.c.units > 1))
    usable = {
        case.code
        for case in cases
        for line in _line_rows(engine)
        if line.product_id == case.product_id and line.quantity % case.units == 0
    }
    assert len(usable) >= 3


def test_every_stored_gtin_has_a_valid_check_digit(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, _ = seeded
    codes = _rows(engine, sa.select(t.product_barcodes))
    product_ids = {row.id for row in _rows(engine, sa.select(t.products.c.id))}
    assert len(product_ids) >= 35
    assert {c.product_id for c in codes if c.units == 1} == product_ids  # one EAN each
    for code in codes:
        assert re.fullmatch(r"\d{14}", code.code), code.code
        assert gtin_check_digit(code.code[:-1]) == int(code.code[-1]), code.code
        # a unit's EAN-13 is stored as GTIN-14 with a leading 0; a case has indicator 1
        assert code.code[0] == ("0" if code.units == 1 else "1")


def test_badges_are_stored_only_as_digests(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, summary = seeded
    users = _rows(engine, sa.select(t.users))
    stored = {u.badge_hash for u in users}
    codes = {b.code for b in summary.badges}
    assert codes == {"BDG1001", "BDG1002", "BDG1003", "BDG9001", "BDG0001"}
    assert not stored & codes
    assert not any(code in h for h in stored for code in codes)
    assert stored == {HASHER.badge_digest(code) for code in codes}
    assert all(u.pin_hash is None for u in users)


def test_stations_packers_and_a_supervisor(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, _ = seeded
    stations = _rows(engine, sa.select(t.stations))
    assert sorted(s.name for s in stations) == ["PACK-01", "PACK-02"]
    roles = [u.role for u in _rows(engine, sa.select(t.users))]
    assert sorted(roles) == ["admin", "packer", "packer", "packer", "supervisor"]


def test_totes_hold_the_first_thirty_orders(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, summary = seeded
    totes = _rows(engine, sa.select(t.totes).order_by(t.totes.c.code))
    assert len(totes) == 30  # the orders file names a tote only with its order
    assert all(re.fullmatch(r"TOT\d{4}", tote.code) for tote in totes)
    ready = sa.select(t.orders.c.id).where(t.orders.c.status == "ready").order_by(t.orders.c.id)
    order_ids = [o.id for o in _rows(engine, ready)]
    assert [tote.order_id for tote in totes] == order_ids[:30]
    assert [o.tote_code for o in summary.orders[:30]] == [tote.code for tote in totes[:30]]
    assert all(o.tote_code is None for o in summary.orders[30:])


def test_tracking_ranges_give_valid_s10_numbers(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, _ = seeded
    ranges = _rows(engine, sa.select(t.tracking_ranges).where(t.tracking_ranges.c.scheme == "s10"))
    assert sorted(r.carrier for r in ranges) == ["DHL", "POST", "UPS"]
    sscc = _rows(engine, sa.select(t.tracking_ranges).where(t.tracking_ranges.c.scheme == "sscc"))
    assert len(sscc) == 1
    validate_sscc(make_sscc(sscc[0].extension_digit, sscc[0].company_prefix, sscc[0].next_serial))
    for r in ranges:
        # the week of history used some of each range's 100,000 numbers
        used = _count_where(engine, t.parcels, t.parcels.c.carrier == r.carrier)
        assert used > 0
        assert r.last_serial - r.next_serial + 1 == 100_000 - used
        validate_s10(format_s10(r.service_indicator, r.next_serial, r.country))
        validate_s10(format_s10(r.service_indicator, r.last_serial, r.country))


def test_summary_matches_the_database(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, summary = seeded
    from_db: dict[str, list[tuple[str, int]]] = {}
    for row in _line_rows(engine):
        if row.status == "ready":
            from_db.setdefault(row.reference, []).append((row.sku, row.quantity))
    assert {o.reference: [(x.sku, x.quantity) for x in o.lines] for o in summary.orders} == from_db

    stored = {
        (code.sku, code.code)
        for code in _rows(
            engine,
            sa.select(t.products.c.sku, t.product_barcodes.c.code).join(
                t.product_barcodes, t.product_barcodes.c.product_id == t.products.c.id
            ),
        )
    }
    for product in summary.products:
        assert (product.sku, product.ean13.zfill(14)) in stored
    for order in summary.orders:
        for line in order.lines:
            if line.case_code is not None:
                assert (line.sku, line.case_code) in stored


def test_seeding_is_deterministic(tmp_path: Path, seeded: tuple[Engine, DemoSummary]) -> None:
    engine = _migrated(tmp_path / "again.db")
    try:
        assert build_demo(engine, NOW, history=False).summary == seeded[1]
    finally:
        engine.dispose()


def test_seeding_twice_is_refused(seeded: tuple[Engine, DemoSummary]) -> None:
    engine, _ = seeded
    orders = _count(engine, t.orders)
    with pytest.raises(ValueError, match=f"already has {orders} orders"):
        build_demo(engine, NOW)
    assert _count(engine, t.orders) == orders
    assert _count(engine, t.products) == len(seeded[1].products)


def test_a_database_with_other_data_is_refused(tmp_path: Path) -> None:
    engine = _migrated(tmp_path / "station.db")
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(t.stations).values(name="PACK-07", created_at=NOW))
        with pytest.raises(ValueError, match="not empty"):
            build_demo(engine, NOW)
        assert _count(engine, t.products) == 0
    finally:
        engine.dispose()


def test_naive_now_is_refused(tmp_path: Path) -> None:
    engine = _migrated(tmp_path / "naive.db")
    try:
        with pytest.raises(ValueError, match="timezone-aware"):
            build_demo(engine, NOW.replace(tzinfo=None))
    finally:
        engine.dispose()


# -- the sheet ---------------------------------------------------------------------------------


def test_sheet_is_a_multi_page_a4_pdf(
    tmp_path: Path, seeded: tuple[Engine, DemoSummary], pages: list[Image.Image]
) -> None:
    target = tmp_path / "demo-sheet.pdf"
    target.write_bytes(b"an older sheet")
    assert write_demo_sheet(target, seeded[1]) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    page_count = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert page_count >= 2
    assert page_count == len(pages)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == page_count
    for box in boxes:
        width_mm, height_mm = (float(v) / 72 * 25.4 for v in box)
        assert width_mm == pytest.approx(210, abs=0.5)
        assert height_mm == pytest.approx(297, abs=0.5)
    assert [p.name for p in tmp_path.iterdir()] == ["demo-sheet.pdf"]  # no temp file left


def test_rendered_barcodes_decode(seeded: tuple[Engine, DemoSummary]) -> None:
    summary = seeded[1]
    badge = zxingcpp.read_barcodes(render_code128("BDG1001"))
    assert [(b.format, b.text) for b in badge] == [(zxingcpp.BarcodeFormat.Code128, "BDG1001")]

    ean = summary.products[0].ean13
    read = zxingcpp.read_barcodes(render_ean13(ean))
    assert [(b.format, b.text) for b in read] == [(zxingcpp.BarcodeFormat.EAN13, ean)]

    case = next(line.case_code for o in summary.orders for line in o.lines if line.case_code)
    read = zxingcpp.read_barcodes(render_itf14(case))
    assert [(b.format, b.text) for b in read] == [(zxingcpp.BarcodeFormat.ITF, case)]


def test_bad_codes_are_refused_not_corrected() -> None:
    with pytest.raises(ValueError, match="check digit"):
        render_ean13("4006381333932")  # the right check digit is 1
    render_ean13("4006381333931")
    with pytest.raises(ValueError, match="13 digits"):
        render_ean13("400638133393")
    with pytest.raises(ValueError, match="check digit"):
        render_itf14("14006381333939")
    with pytest.raises(ValueError, match="scanner keyboards"):
        render_code128("SKU-10042")


def test_every_code_needed_to_pack_is_on_the_sheet(
    seeded: tuple[Engine, DemoSummary], pages: list[Image.Image]
) -> None:
    summary = seeded[1]
    assert all(p.size == (2480, 3508) for p in pages)  # A4 at 300 dpi
    decoded = [{b.text for b in zxingcpp.read_barcodes(page)} for page in pages]

    # The first two pages are the commands sheet's: every command, the same barcodes; the
    # answers to an interrupted label (printed / not printed) and reprint among them.
    assert decoded[0] | decoded[1] == {f"CMD{c.value}" for c in Command}
    assert decoded[0] | decoded[1] == set(decode(commands_sheet_pages()))
    assert {"CMDACKNOWLEDGE", "CMDCOMPLETE", "CMDNEXT", "CMDUNDO", "CMDREPRINT"} <= decoded[0]
    assert {f"CMD{c.value}" for c in (*LABEL_ANSWERS, *REPRINT_REASON_COMMANDS)} <= decoded[1]
    assert {b.code for b in summary.badges} <= decoded[2]
    # Then the boxes, each as the box prefix and its code.
    assert decoded[3] == {"BOXS1", "BOXM2", "BOXL3", "BOXXL4"}
    assert {f"BOX{box.code}" for box in summary.boxes} == decoded[3]
    assert "CMDNEWPARCEL" in decoded[0]
    slips = set().union(*decoded[4:])
    for order in summary.orders:
        assert order.slip_code in slips
        if order.tote_code is not None:
            assert order.tote_code in slips
        for line in order.lines:
            # a kit packed from its components: its parts are scanned, not the kit
            assert {part.ean13 for part in line.parts} or {line.ean13} <= slips
            assert set(line.serials) <= slips
            if line.case_code and line.case_units and line.quantity >= line.case_units:
                assert line.case_code in slips
    assert {p.ean13 for p in summary.products} <= slips


def test_the_demo_shows_kits_serials_notes_and_an_order_in_two_parcels(
    seeded: tuple[Engine, DemoSummary],
) -> None:
    """The last four demo orders show the pack-out; every product has its size."""
    engine, summary = seeded
    kits, serials, notes, two = summary.orders[-4:]
    by_components, prepacked, _tea = kits.lines
    assert [part.sku for part in by_components.parts] == ["SKU-10040", "SKU-10046", "SKU-10052"]
    assert prepacked.prepacked and not prepacked.parts
    assert serials.lines[0].serials == ("PB10K240417", "PB10K240418")
    assert notes.notes_important and notes.gift_message.startswith("Happy birthday")
    assert "Two parcels" in two.notes
    unsized = _rows(
        engine,
        sa.select(t.products.c.sku).where(
            sa.or_(t.products.c.length_mm.is_(None), t.products.c.weight_g.is_(None))
        ),
    )
    assert unsized == []
    kit_query = sa.select(t.products.c.sku, t.products.c.kit).where(t.products.c.kit.is_not(None))
    modes = {row.sku: row.kit for row in _rows(engine, kit_query)}
    assert modes == {"SKU-20001": "components", "SKU-20002": "prepacked"}
    with engine.connect() as conn:
        stored = conn.execute(
            sa.select(t.order_lines.c.expected_serials, t.orders.c.notes_important)
            .join(t.orders, t.orders.c.id == t.order_lines.c.order_id)
            .where(t.orders.c.reference.in_([serials.reference, notes.reference]))
            .order_by(t.orders.c.reference, t.order_lines.c.line_no)
        ).all()
    assert [tuple(row) for row in stored] == [
        ("PB10K240417\nPB10K240418", False),
        (None, False),
        (None, True),
        (None, True),
    ]


def test_the_sample_files_are_what_the_tool_writes(tmp_path: Path) -> None:
    """resources/samples/demo/ is generated: the committed files and the tool agree."""
    from app.demo_build import DEMO_DAY, SAMPLES
    from tools import demo_samples

    assert demo_samples.DEMO_DAY == DEMO_DAY
    written = demo_samples.write_samples(tmp_path)
    assert len(written) == 10
    for path in written:
        name = path.relative_to(tmp_path)
        assert path.read_bytes() == (SAMPLES / name).read_bytes(), name


def test_the_week_was_handed_to_the_carriers(built: tuple[Engine, Demo]) -> None:
    """Closed manifests for the past days, today's open ones with yesterday's late parcels,
    deliveries and a couple of exceptions: the dock, the reconcile view and the figures have
    a week to show."""
    engine, demo = built
    today = NOW.date()
    manifests = _rows(engine, sa.select(t.manifests).order_by(t.manifests.c.id))
    closed = [m for m in manifests if m.status == "closed"]
    opened = [m for m in manifests if m.status == "open"]
    carriers = {"DHL", "POST", "UPS"}
    assert {m.pickup_at.date() for m in closed} == {
        today - timedelta(days=back) for back in range(1, 8)
    }
    assert len(closed) == demo.handoff.closed == 7 * len(carriers)
    assert {m.carrier for m in opened} == carriers
    assert {m.pickup_at.replace(tzinfo=UTC) for m in opened} == {
        datetime.combine(today, time(18, 0), tzinfo=UTC)
    }
    assert all(m.parcel_count == m.loaded_count for m in closed)

    service = HandoffService(SqlUnitOfWork.factory(engine), SystemClock(), zone=UTC)
    views = service.reconcile()
    assert {v.carrier for v in views} == carriers
    assert all(v.manifest_id is not None and v.missing for v in views)
    assert sum(v.loaded for v in views) >= 1

    boss = Actor(1, "Robin Supervisor", Role.SUPERVISOR)
    figures = service.figures(boss, NOW - timedelta(days=8), NOW)
    assert {d.day[:10] for d in figures.days} == {
        str(today - timedelta(days=back)) for back in range(1, 8)
    }
    assert {d.carrier for d in figures.days} == carriers
    on_time = sum(d.loaded_on_time for d in figures.days)
    loaded = sum(d.loaded for d in figures.days)
    assert 0 < on_time < loaded  # most before the pick-up, a few found after it
    assert sum(d.delivered for d in figures.days) == demo.handoff.delivered > 50
    assert all(d.delivery_s is None or d.delivery_s > 3600 for d in figures.days)
    assert sorted(c.status_code for c in figures.causes) == ["ADDRESS", "DAMAGED"]
    assert len(service.tracking_exceptions()) == demo.handoff.exceptions == 2

    statuses = {r.status for r in _rows(engine, sa.select(t.orders.c.status))}
    assert {"handed_over", "delivered", "labelled"} <= statuses
