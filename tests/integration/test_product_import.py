"""``packbench import products``: a products file in whole or not at all, on both databases."""

from __future__ import annotations

import os
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, Table, func, insert, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.barcodes import gtin_check_digit
from app.domain.import_files import MAX_FILE_BYTES
from app.domain.model import ScanOutcome
from app.domain.products_file import ProductFileRefused
from app.main import main
from app.services.catalogue import CatalogueService
from tests.support.factories import seed
from tests.support.station import StepClock, make_station

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
HEADER = (
    "sku,name,barcodes,weight_g,length_mm,width_mm,height_mm,requires_lot,requires_serial,"
    "image_path\n"
)


@pytest.fixture
def catalogue(engine: Engine, now: datetime) -> CatalogueService:
    return CatalogueService(SqlUnitOfWork.factory(engine), StepClock(now))


def rows(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def barcodes_of(engine: Engine, sku: str) -> set[tuple[str, int]]:
    with engine.connect() as conn:
        found = conn.execute(
            select(t.product_barcodes.c.code, t.product_barcodes.c.units)
            .join(t.products, t.products.c.id == t.product_barcodes.c.product_id)
            .where(t.products.c.sku == sku)
        ).all()
    return {(code, units) for code, units in found}


def audit_details(engine: Engine, action: str) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == action)
            ).scalars()
        )


def add_order(engine: Engine, now: datetime, reference: str, sku: str, quantity: int) -> str:
    """A ready order of ``quantity`` units of the (imported) product ``sku``; its slip code."""
    slip = f"ORD{reference}"
    with engine.begin() as conn:
        product_id = conn.execute(select(t.products.c.id).where(t.products.c.sku == sku)).scalar()
        order = conn.execute(
            insert(t.orders).values(
                reference=reference,
                slip_code=slip,
                status="ready",
                carrier="DHL",
                service="Paket",
                ship_to_name="Erika Mustermann",
                ship_to_line1="Heidestraße 17",
                ship_to_postcode="51147",
                ship_to_city="Köln",
                ship_to_country="DE",
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key
        assert order is not None
        conn.execute(
            insert(t.order_lines).values(
                order_id=order[0], line_no=1, product_id=product_id, quantity=quantity
            )
        )
    return slip


@pytest.mark.parametrize("sample", ["products.csv", "products.json"])
def test_the_sample_imports_and_a_scan_finds_its_products(
    engine: Engine, now: datetime, catalogue: CatalogueService, sample: str
) -> None:
    report = catalogue.import_products(sample, (SAMPLES / sample).read_bytes())
    assert (report.added, report.changed, report.unchanged) == (6, 0, 0)
    assert rows(engine, t.products) == 6
    assert barcodes_of(engine, "TEA-GREEN-100") == {("04012345000016", 1), ("14012345000013", 12)}
    assert barcodes_of(engine, "BOTTLE-STEEL") == {("00000096385074", 1)}
    with engine.connect() as conn:
        tea = conn.execute(select(t.products).where(t.products.c.sku == "TEA-GREEN-100")).one()
        phones = conn.execute(select(t.products).where(t.products.c.sku == "HEADPHONES-B2")).one()
    assert (tea.weight_g, tea.length_mm, tea.width_mm, tea.height_mm) == (130, 120, 80, 60)
    assert tea.image_path == "images/tea-green-100.jpg"
    assert phones.requires_serial and not phones.requires_lot
    details = audit_details(engine, "product_added")
    assert len(details) == 6
    first = "line 2" if sample.endswith(".csv") else "product 1"
    assert f"TEA-GREEN-100 from {sample} {first}" in details

    seed(engine, now, orders=[])  # packers and a tracking range
    slip = add_order(engine, now, "IMP-1", "TEA-GREEN-100", 13)
    station = make_station(engine, now)
    session = station.sign_in()
    order_id = station.packing.open_order(session, slip).id
    case = station.packing.record_scan(session, order_id, uuid.uuid4().hex, "14012345000013")
    assert case.outcome is ScanOutcome.ACCEPTED, case.message
    # The EAN-13 as printed on the unit finds the product stored under its GTIN-14.
    unit = station.packing.record_scan(session, order_id, uuid.uuid4().hex, "4012345000016")
    assert unit.outcome is ScanOutcome.ACCEPTED, unit.message
    assert [(line.sku, line.verified) for line in unit.order.lines] == [("TEA-GREEN-100", 13)]


def test_reimporting_the_same_file_changes_nothing(
    engine: Engine, catalogue: CatalogueService
) -> None:
    data = (SAMPLES / "products.csv").read_bytes()
    catalogue.import_products("products.csv", data)
    audited = rows(engine, t.audit_log)
    again = catalogue.import_products("products.csv", data)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 6)
    assert "0 changed" in again.summary
    # The JSON sample holds the same products: nothing changes either.
    json_form = catalogue.import_products("products.json", (SAMPLES / "products.json").read_bytes())
    assert (json_form.added, json_form.changed) == (0, 0)
    assert rows(engine, t.audit_log) == audited


def test_a_changed_product_is_updated_and_audited(
    engine: Engine, catalogue: CatalogueService
) -> None:
    catalogue.import_products("products.csv", (SAMPLES / "products.csv").read_bytes())
    changed = HEADER + (
        'TEA-GREEN-100,"Green tea, 100 g tin",4012345000016; 14012345000013*24,150,,,,no,no,\n'
        "CANDLE-VANILLA,Scented candle vanilla,4012345000023,410,90,90,100,no,no,"
        "images/candle-vanilla.jpg\n"
    )
    report = catalogue.import_products("update.csv", changed.encode())
    assert (report.added, report.changed, report.unchanged) == (0, 1, 1)
    with engine.connect() as conn:
        tea = conn.execute(select(t.products).where(t.products.c.sku == "TEA-GREEN-100")).one()
    assert (tea.name, tea.weight_g, tea.length_mm, tea.image_path) == (
        "Green tea, 100 g tin",
        150,
        None,
        None,
    )
    assert barcodes_of(engine, "TEA-GREEN-100") == {("04012345000016", 1), ("14012345000013", 24)}
    assert rows(engine, t.products) == 6
    [detail] = audit_details(engine, "product_changed")
    assert detail.startswith("TEA-GREEN-100 from update.csv line 2: name, weight_g, length_mm")
    assert detail.endswith("barcodes")


def test_a_barcode_on_another_product_is_refused_with_both_skus(
    engine: Engine, catalogue: CatalogueService
) -> None:
    catalogue.import_products("products.csv", (SAMPLES / "products.csv").read_bytes())
    before = rows(engine, t.products), rows(engine, t.product_barcodes), rows(engine, t.audit_log)
    clash = HEADER + (
        "MATCHA-50,Matcha 50 g,4012345000054,60,,,,no,no,\n"
        "TEA-GREEN-50,Green tea 50 g,4012345000016,70,,,,no,no,\n"
    )
    with pytest.raises(ProductFileRefused) as refused:
        catalogue.import_products("new.csv", clash.encode())
    assert refused.value.problems == [
        "new.csv line 3, barcodes: 04012345000016 is already on product TEA-GREEN-100 "
        "(not TEA-GREEN-50); take it off TEA-GREEN-100 first"
    ]
    after = rows(engine, t.products), rows(engine, t.product_barcodes), rows(engine, t.audit_log)
    assert after == before


def test_a_barcode_moved_between_two_products_of_the_file(
    engine: Engine, catalogue: CatalogueService
) -> None:
    catalogue.import_products("products.csv", (SAMPLES / "products.csv").read_bytes())
    moved = HEADER + (
        'TEA-GREEN-100,"Green tea, loose leaf, 100 g",4012345000016,130,120,80,60,no,no,'
        "images/tea-green-100.jpg\n"
        "TEA-CASE-12,Green tea case of 12,14012345000013,1600,,,,no,no,\n"
    )
    report = catalogue.import_products("moved.csv", moved.encode())
    assert (report.added, report.changed) == (1, 1)
    assert barcodes_of(engine, "TEA-CASE-12") == {("14012345000013", 1)}
    assert barcodes_of(engine, "TEA-GREEN-100") == {("04012345000016", 1)}


def test_a_malformed_file_is_refused_whole_with_every_problem(
    engine: Engine, catalogue: CatalogueService
) -> None:
    bad = HEADER + (
        "GOOD-1,A good product,4012345000054,100,,,,no,no,\n"
        "BAD-UNITS,Negative case,4012345000061; 14012345000051*-2,100,,,,no,no,\n"
        "GOOD-1,The same SKU again,,,,,,no,no,\n"
        "BAD-CHECK,Wrong check digit,4012345000062,abc,,,,maybe,no,\n"
        f"{'S' * 65},Too long a SKU,,,,,,no,no,\n"
        "TWICE,Barcode listed twice,4012345000054,,,,,no,no,\n"
        "BADGE,A badge's code,BDG1001,,,,,no,no,\n"
        ",No SKU,,,,,,no,no,\n"
    )
    with pytest.raises(ProductFileRefused) as refused:
        catalogue.import_products("products.csv", bad.encode())
    problems = refused.value.problems
    assert 'products.csv line 3, units: "-2" is not a positive whole number' in problems[0]
    expected = [
        "products.csv line 4, sku: 'GOOD-1' is already on products.csv line 2",
        'products.csv line 5, weight_g: "abc" is not a positive whole number',
        'products.csv line 5, requires_lot: "maybe" is not yes or no',
        'products.csv line 5, barcodes: "4012345000062": ',
        "products.csv line 6, sku: 65 characters, longer than the 64 allowed",
        "products.csv line 7, barcodes: 4012345000054 is listed twice (also on products.csv "
        "line 2, SKU GOOD-1)",
        'products.csv line 8, barcodes: "BDG1001" reads as a badge code',
        "products.csv line 9, sku: is empty",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    assert len(problems) == 1 + len(expected)
    assert "check digit" in next(p for p in problems if "4012345000062" in p)
    assert "refused, nothing was imported (9 problems)" in refused.value.message
    assert rows(engine, t.products) == 0
    assert rows(engine, t.product_barcodes) == 0
    assert rows(engine, t.audit_log) == 0


@pytest.mark.parametrize(
    ("encoded", "named"),
    [
        (HEADER + "SIZE-1,Größe 1,,,,,,no,no,\n", "Windows-1252 or Latin-1"),
        (HEADER + "SIZE-1,Größe 1,,,,,,no,no,\n", "UTF-16"),
    ],
    ids=["latin-1", "utf-16"],
)
def test_a_file_not_in_utf8_is_refused_with_its_encoding(
    engine: Engine, catalogue: CatalogueService, encoded: str, named: str
) -> None:
    data = encoded.encode("latin-1" if named.startswith("Windows") else "utf-16")
    with pytest.raises(ProductFileRefused) as refused:
        catalogue.import_products("products.csv", data)
    assert "products.csv: not UTF-8" in refused.value.message
    assert named in refused.value.message
    assert rows(engine, t.products) == 0


def test_utf8_with_a_byte_order_mark_imports(engine: Engine, catalogue: CatalogueService) -> None:
    data = ("\ufeff" + HEADER + "SIZE-1,Größe 1,,,,,,no,no,\n").encode()
    assert catalogue.import_products("products.csv", data).added == 1
    with engine.connect() as conn:
        assert conn.execute(select(t.products.c.name)).scalar_one() == "Größe 1"


def test_ten_thousand_products_import_in_seconds(
    engine: Engine, catalogue: CatalogueService
) -> None:
    lines = []
    for n in range(10_000):
        body = f"20{n:010d}"
        code = body + str(gtin_check_digit(body))
        lines.append(f"BULK-{n:05d},Bulk product {n},{code},{100 + n % 50},10,10,10,no,no,\n")
    data = (HEADER + "".join(lines)).encode()
    started = time.perf_counter()
    report = catalogue.import_products("bulk.csv", data)
    took = time.perf_counter() - started
    assert report.added == 10_000
    assert took < 30, f"10,000 products took {took:.1f} s"
    started = time.perf_counter()
    again = catalogue.import_products("bulk.csv", data)
    assert (again.changed, again.unchanged) == (0, 10_000)
    assert time.perf_counter() - started < 30
    assert rows(engine, t.product_barcodes) == 10_000


# -- the command ------------------------------------------------------------------------------


def test_import_products_command(
    engine: Engine,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    cli = ["--db", database_url, "import", "products"]
    sample = str(SAMPLES / "products.csv")

    assert main([*cli, sample, "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "products.csv: 6 products, 6 added, 0 changed, 0 unchanged (dry run" in said
    assert rows(engine, t.products) == 0
    assert main([*cli, sample]) == 0
    assert "6 added" in capsys.readouterr().out
    assert main([*cli, sample]) == 0
    assert "0 added, 0 changed, 6 unchanged" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X-1,One,,-5,,,,no,no,\nX-2,Two,,,,,,no,no,,extra\n")
    assert main([*cli, str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "... bad.csv: reading"
    assert err[1:] == [
        "packbench: bad.csv: refused, nothing was imported (2 problems):",
        'bad.csv line 2, weight_g: "-5" is not a positive whole number',
        "bad.csv line 3: 11 cells where the header has 10",
    ]

    huge = tmp_path / "huge.csv"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: refused by its size, never read
    assert main([*cli, str(huge)]) == 1
    assert "larger than the limit" in capsys.readouterr().err
    assert main([*cli, str(tmp_path / "missing.csv")]) == 1
    assert "cannot be read" in capsys.readouterr().err
    assert rows(engine, t.products) == 6
    assert os.path.exists(huge)


def test_an_import_cancelled_while_writing_leaves_nothing(
    engine: Engine,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    told: list[str] = []

    def ctrl_c_while_writing(step: str) -> None:
        told.append(step)
        if step.startswith("products.csv: writing"):
            raise KeyboardInterrupt

    monkeypatch.setattr("app.cli_import._progress", ctrl_c_while_writing)
    sample = str(SAMPLES / "products.csv")
    assert main(["--db", database_url, "import", "products", sample]) == 130
    assert told == [
        "products.csv: reading",
        "products.csv: 6 products read; checking them against the database",
        "products.csv: writing 6 new and 0 changed products",
    ]
    said = capsys.readouterr().err
    assert "products.csv: import cancelled, nothing was written" in said
    assert rows(engine, t.products) == 0
    assert rows(engine, t.product_barcodes) == 0
    assert rows(engine, t.audit_log) == 0


def test_a_cancel_after_every_row_was_written_rolls_them_all_back(
    engine: Engine, catalogue: CatalogueService
) -> None:
    class Cancelled(Exception):
        pass

    def cancel_before_commit(step: str) -> None:
        if step.endswith("committing"):
            raise Cancelled

    with pytest.raises(Cancelled):
        catalogue.import_products(
            "products.csv", (SAMPLES / "products.csv").read_bytes(), progress=cancel_before_commit
        )
    assert rows(engine, t.products) == 0
    assert rows(engine, t.product_barcodes) == 0
    assert rows(engine, t.audit_log) == 0
