"""``packbench import orders`` and ``orders release``: a file in whole or not at all, on both
databases, and an imported order packed by scanning its slip and its units."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Row, Table, func, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.model import ScanOutcome
from app.domain.orders_file import OrderFileRefused
from app.main import main
from app.services.catalogue import CatalogueService
from app.services.intake import IntakeService, ReleaseRefused
from tests.support.factories import seed
from tests.support.station import StepClock, make_station

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
HEADER = (
    "reference,carrier,ship_to_name,ship_to_line1,ship_to_postcode,ship_to_city,"
    "ship_to_country,sku,quantity\n"
)


@pytest.fixture
def intake(engine: Engine, now: datetime) -> IntakeService:
    catalogue = CatalogueService(SqlUnitOfWork.factory(engine), StepClock(now))
    catalogue.import_products("products.csv", (SAMPLES / "products.csv").read_bytes())
    return IntakeService(SqlUnitOfWork.factory(engine), StepClock(now))


def rows(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def order_row(engine: Engine, reference: str) -> Row[Any]:
    with engine.connect() as conn:
        return conn.execute(select(t.orders).where(t.orders.c.reference == reference)).one()


def lines_of(engine: Engine, reference: str) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        found = conn.execute(
            select(t.products.c.sku, t.order_lines.c.quantity)
            .join(t.order_lines, t.order_lines.c.product_id == t.products.c.id)
            .join(t.orders, t.orders.c.id == t.order_lines.c.order_id)
            .where(t.orders.c.reference == reference)
            .order_by(t.order_lines.c.line_no)
        ).all()
    return [(sku, quantity) for sku, quantity in found]


@pytest.mark.parametrize("sample", ["orders.csv", "orders.json"])
def test_the_sample_imports_and_a_slip_scan_opens_the_order(
    engine: Engine, now: datetime, intake: IntakeService, sample: str
) -> None:
    report = intake.import_orders(sample, (SAMPLES / sample).read_bytes())
    assert (report.added, report.changed, report.unchanged) == (3, 0, 0)
    assert rows(engine, t.orders) == 3
    assert lines_of(engine, "SO-1001") == [("TEA-GREEN-100", 2), ("CANDLE-VANILLA", 1)]
    first = order_row(engine, "SO-1001")
    assert (first.status, first.slip_code, first.ship_to_country) == ("ready", "ORDSO-1001", "DE")
    assert first.cut_off == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    third = order_row(engine, "SO-1003")
    assert (third.status, third.slip_code) == ("received", "ORDSO-1003-B")
    with engine.connect() as conn:
        totes = set(
            conn.execute(select(t.totes.c.code).where(t.totes.c.order_id == third.id)).scalars()
        )
    assert totes == {"TOT0102", "TOT0103"}
    assert (first.channel, first.ship_to_region, first.ship_to_phone, first.ship_to_email) == (
        "webshop-de",
        "Nordrhein-Westfalen",
        "+49 221 1234567",
        "erika.mustermann@example.de",
    )
    assert (first.gift_message, first.notes) == ("Alles Gute zum Geburtstag!\nDeine Anna", "")
    second = order_row(engine, "SO-1002")
    assert (second.ship_to_company, second.notes) == (
        "Jansen Ontwerp B.V.",
        "Business address: deliver to reception before 17:00.",
    )
    assert (third.ship_to_line2, third.ship_to_line3) == ("Bâtiment B", "Escalier 3, 4e étage")
    with engine.connect() as conn:
        serials = dict(
            conn.execute(
                select(t.products.c.sku, t.order_lines.c.expected_serials)
                .join(t.order_lines, t.order_lines.c.product_id == t.products.c.id)
                .where(t.order_lines.c.order_id == third.id)
            ).all()
        )
    assert serials == {"SOCKS-WOOL-42": None, "HEADPHONES-B2": "B2-7731-0042", "SUNSCREEN-50": None}

    seed(engine, now, orders=[])  # packers and a tracking range
    station = make_station(engine, now)
    session = station.sign_in()
    order = station.packing.open_order(session, "ORDSO-1001")
    assert order.reference == "SO-1001"
    assert order_row(engine, "SO-1001").status == "packing"
    for code in ("4012345000016", "4012345000016", "4012345000023"):
        scan = station.packing.record_scan(session, order.id, uuid.uuid4().hex, code)
        assert scan.outcome is ScanOutcome.ACCEPTED, scan.message
    assert [(line.sku, line.verified) for line in scan.order.lines] == [
        ("TEA-GREEN-100", 2),
        ("CANDLE-VANILLA", 1),
    ]


def test_reimporting_changes_nothing(engine: Engine, intake: IntakeService) -> None:
    intake.import_orders("orders.csv", (SAMPLES / "orders.csv").read_bytes())
    audited = rows(engine, t.audit_log)
    again = intake.import_orders("orders.csv", (SAMPLES / "orders.csv").read_bytes())
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)
    assert "0 changed" in again.summary
    same = intake.import_orders("orders.json", (SAMPLES / "orders.json").read_bytes())
    assert (same.added, same.changed) == (0, 0)
    assert rows(engine, t.audit_log) == audited


def test_an_unclaimed_order_is_updated(engine: Engine, intake: IntakeService) -> None:
    intake.import_orders("orders.csv", (SAMPLES / "orders.csv").read_bytes())
    changed = HEADER + (
        "SO-1002,DHL,Jan Jansen,Keizersgracht 14,1015 CS,Amsterdam,NL,BOTTLE-STEEL,2\n"
        "SO-1002,DHL,Jan Jansen,Keizersgracht 14,1015 CS,Amsterdam,NL,SOCKS-WOOL-42,1\n"
    )
    report = intake.import_orders("update.csv", changed.encode())
    assert (report.added, report.changed) == (0, 1)
    assert lines_of(engine, "SO-1002") == [("BOTTLE-STEEL", 2), ("SOCKS-WOOL-42", 1)]
    row = order_row(engine, "SO-1002")
    assert (row.ship_to_line1, row.ship_to_company, row.notes) == ("Keizersgracht 14", "", "")
    with engine.connect() as conn:
        details = list(
            conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "order_changed")
            ).scalars()
        )
    assert details == [
        "SO-1002 from update.csv line 2: channel, priority, cut_off, service, ship_to_company, "
        "ship_to_line1, ship_to_line2, ship_to_phone, ship_to_email, notes, lines"
    ]
    # The change rules for orders a station holds: tests/integration/test_order_changes.py


def test_a_malformed_file_is_refused_whole_with_every_problem(
    engine: Engine, intake: IntakeService
) -> None:
    bad = HEADER + (
        "A-1,DHL,Ann,Street 1,1000,Town,DE,TEA-GREEN-100,2\n"
        "A-2,DHL,Bob,Street 2,,Town,XX,TEA-GREEN-100,-2\n"
        "A-1,DHL,Ann,Street 1,1000,Town,DE,NO-SUCH-SKU,1\n"
        "A-3,DHL,Cy\x00,Street 3,1000,Town,DE,BOTTLE-STEEL,1.5\n"
        f"A-4,DHL,{'N' * 121},Street 4,1000,Town,DE,BOTTLE-STEEL,1\n"
    )
    with pytest.raises(OrderFileRefused) as refused:
        intake.import_orders("bad.csv", bad.encode())
    assert refused.value.problems == [
        "bad.csv line 5: holds a NUL byte",
        "bad.csv line 3, ship_to_postcode: is empty",
        'bad.csv line 3, ship_to_country: "XX" is not an ISO 3166 country code',
        'bad.csv line 3, quantity: "-2" is not a positive whole number',
        "bad.csv line 4, reference: 'A-1' is already on bad.csv line 2",
        'bad.csv line 5, quantity: "1.5" is not a positive whole number',
        "bad.csv line 6, ship_to_name: 121 characters, longer than the 120 allowed",
        # an order refused for its own problems still has its SKUs checked
        "bad.csv line 4, sku: 'NO-SUCH-SKU' is not a known product (import it first)",
    ]
    unknown = HEADER.replace("quantity", "quantity,colour") + (
        "A-1,DHL,Ann,Street 1,1000,Town,DE,TEA-GREEN-100,2,red\n"
    )
    with pytest.raises(OrderFileRefused) as columns:
        intake.import_orders("cols.csv", unknown.encode())
    assert columns.value.problems[0].startswith("cols.csv line 1: unknown column 'colour'")
    tote = HEADER.replace("quantity", "quantity,totes") + (
        "A-1,DHL,Ann,Street 1,1000,Town,DE,TEA-GREEN-100,2,T-0202\n"
    )
    with pytest.raises(OrderFileRefused) as totes:
        intake.import_orders("tote.csv", tote.encode())
    assert totes.value.problems == [
        "tote.csv line 2, totes: \"T-0202\" does not start with the tote prefix 'TOT', so a "
        "scan of it would not open the order"
    ]
    # A problem in the file and one against the database: both named at once.
    sku = HEADER + (
        "A-1,DHL,Ann,Street 1,1000,Town,DE,NO-SUCH-SKU,1\n"
        "A-2,DHL,Bob,Street 2,1000,Town,DE,TEA-GREEN-100,-1\n"
    )
    with pytest.raises(OrderFileRefused) as skus:
        intake.import_orders("sku.csv", sku.encode())
    assert skus.value.problems == [
        'sku.csv line 3, quantity: "-1" is not a positive whole number',
        "sku.csv line 2, sku: 'NO-SUCH-SKU' is not a known product (import it first)",
    ]
    missing = HEADER.replace("ship_to_country,", "").replace(",quantity", "")
    with pytest.raises(OrderFileRefused) as required:
        intake.import_orders("req.csv", missing.encode())
    assert required.value.problems == [
        "req.csv line 1: the required column 'ship_to_country' is missing",
        "req.csv line 1: the required column 'quantity' is missing",
    ]
    assert rows(engine, t.orders) == 0


def test_the_new_fields_round_trip_and_each_malformed_one_is_refused_with_its_line(
    engine: Engine, intake: IntakeService
) -> None:
    header = HEADER.replace(
        "\n",
        ",channel,ship_to_company,ship_to_line3,ship_to_region,ship_to_phone,"
        "ship_to_email,notes,gift_message,serials\n",
    )
    address = "DHL,Ann,Street 1,1000,Town,DE"
    good = header + (
        f"A-1,{address},HEADPHONES-B2,3,Shop,Ann & Co,Hof 2,Bayern,+49 (89) 123-45,"
        f'ann@example.de,"Note, with comma","Happy\r\nbirthday",S-1|S-2 | S-3\n'
    )
    intake.import_orders("good.csv", good.encode())
    row = order_row(engine, "A-1")
    assert (row.channel, row.ship_to_company, row.ship_to_line3, row.ship_to_region) == (
        "Shop",
        "Ann & Co",
        "Hof 2",
        "Bayern",
    )
    assert (row.ship_to_phone, row.ship_to_email) == ("+49 (89) 123-45", "ann@example.de")
    assert (row.notes, row.gift_message) == ("Note, with comma", "Happy\nbirthday")
    with engine.connect() as conn:
        stored = conn.execute(
            select(t.order_lines.c.expected_serials).where(t.order_lines.c.order_id == row.id)
        ).scalar_one()
    assert stored == "S-1\nS-2\nS-3"
    assert intake.import_orders("good.csv", good.encode()).unchanged == 1  # read back equal

    def bad(reference: str, line: str, **cells: str) -> str:
        values = {
            "quantity": "2",
            "channel": "",
            "ship_to_company": "",
            "ship_to_line3": "",
            "ship_to_region": "",
            "ship_to_phone": "",
            "ship_to_email": "",
            "notes": "",
            "gift_message": "",
            "serials": "",
            **cells,
        }
        rest = ",".join(values[k] for k in list(values)[1:])
        return f"{reference},{address},{line},{values['quantity']},{rest}\n"

    rows_ = [
        bad("B-1", "HEADPHONES-B2", ship_to_email="ann@example"),
        bad("B-2", "HEADPHONES-B2", ship_to_email="Keizersgracht 12"),
        bad("B-3", "HEADPHONES-B2", ship_to_phone="call me"),
        bad("B-4", "HEADPHONES-B2", ship_to_phone="+49 1"),
        bad("B-5", "HEADPHONES-B2", notes="N" * 1001),
        bad("B-6", "HEADPHONES-B2", gift_message="Hi\x00there"),
        bad("B-7", "HEADPHONES-B2", serials="S-1|S-1"),
        bad("B-8", "HEADPHONES-B2", serials="S-1|S-2|S-3"),
        bad("B-9", "HEADPHONES-B2", quantity="3", serials="S-1||S-2"),
        bad("B-10", "HEADPHONES-B2", serials="S" * 21),
        bad("B-11", "HEADPHONES-B2", channel="C" * 65),
        bad("B-12", "HEADPHONES-B2", ship_to_region="\x07Bell"),
    ]
    with pytest.raises(OrderFileRefused) as refused:
        intake.import_orders("bad.csv", (header + "".join(rows_)).encode())
    assert refused.value.problems == [
        "bad.csv line 7: holds a NUL byte",
        'bad.csv line 2, ship_to_email: "ann@example" is not an email address (name@example.com)',
        'bad.csv line 3, ship_to_email: "Keizersgracht 12" is not an email address '
        "(name@example.com)",
        'bad.csv line 4, ship_to_phone: "call me" is not a phone number (at least 5 digits; '
        "spaces and + ( ) - . / allowed, a + only first)",
        'bad.csv line 5, ship_to_phone: "+49 1" is not a phone number (at least 5 digits; '
        "spaces and + ( ) - . / allowed, a + only first)",
        "bad.csv line 6, notes: 1001 characters, longer than the 1000 allowed",
        'bad.csv line 8, serials: "S-1" is listed twice in the line',
        "bad.csv line 9, serials: 3 serial numbers for a quantity of 2",
        'bad.csv line 10, serials: "S-1||S-2" holds an empty serial number',
        'bad.csv line 11, serials: "SSSSSSSSSSSSSSSSSSSSS" is longer than the 20 characters '
        "of a serial",
        "bad.csv line 12, channel: 65 characters, longer than the 64 allowed",
        "bad.csv line 13, ship_to_region: holds a control character",
    ]
    assert rows(engine, t.orders) == 1


def test_release_moves_received_orders_to_ready(engine: Engine, intake: IntakeService) -> None:
    intake.import_orders("orders.json", (SAMPLES / "orders.json").read_bytes())
    with pytest.raises(ReleaseRefused) as refused:
        intake.release(["SO-1003", "SO-1001", "SO-9999"])
    assert refused.value.message == (
        "nothing was released:\nSO-1001: is ready, not received\nSO-9999: no such order"
    )
    assert order_row(engine, "SO-1003").status == "received"
    assert intake.release(["SO-1003"]) == ["SO-1003"]
    assert order_row(engine, "SO-1003").status == "ready"


def test_the_cli_imports_with_a_label_and_releases(
    engine: Engine,
    database_url: str,
    intake: IntakeService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    db = ["--db", database_url]
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "L-1.zpl").write_bytes(b"^XA^FDupstream^FS^XZ")
    file = tmp_path / "orders.csv"
    file.write_text(
        HEADER.replace("\n", ",status,label_tracking,label_file\n")
        + "U-1,DHL,Ann,Street 1,1000,Town,DE,TEA-GREEN-100,1,received,00340434161234567890,"
        "labels/L-1.zpl\n",
        encoding="utf-8",
    )
    assert main([*db, "import", "orders", str(file), "--dry-run"]) == 0
    assert rows(engine, t.orders) == 0
    assert main([*db, "import", "orders", str(file)]) == 0
    assert "1 order, 1 added, 0 changed, 0 unchanged" in capsys.readouterr().out
    row = order_row(engine, "U-1")
    assert (row.upstream_tracking, row.upstream_label_format) == ("00340434161234567890", "zpl")
    assert row.upstream_label == b"^XA^FDupstream^FS^XZ"
    assert main([*db, "orders", "release", "U-1"]) == 0
    assert order_row(engine, "U-1").status == "ready"
    assert main([*db, "orders", "release", "U-1"]) == 1
    assert "U-1: is ready, not received" in capsys.readouterr().err
    with engine.begin() as conn:
        conn.execute(update(t.orders).values(upstream_label=None))
    (tmp_path / "labels" / "L-1.zpl").unlink()
    assert main([*db, "import", "orders", str(file)]) == 1
    assert "labels/L-1.zpl: cannot be read" in capsys.readouterr().err
