"""Expected serials and kits on real databases (SQLite and PostgreSQL), through the real
services, with the packing slips printed to the loopback printer and read back from its bytes:
a serial not on the order's list refused, the others ticked off and shown per parcel; a kit
packed from its components and a pre-packed kit scanned by its own barcode."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import OrderIncomplete
from app.domain.kits import KitFileRefused
from app.domain.model import OrderStatus, ScanOutcome
from app.services.kits import KitService
from app.services.packing import PackingService
from app.services.results import Session
from tests.support.factories import World, ean13, seed
from tests.support.printers import network_printer
from tests.support.station import SENDER, StepClock
from tests.support.virtual_printer import VirtualPrinter, payload
from tests.support.zpl_raster import escpos_text

PHONE = "]C101095060001343522" + "1"  # GS1: the phone's GTIN, then AI 21 (its serial)


def uid() -> str:
    return uuid.uuid4().hex


def _packing(engine: Engine, now: datetime) -> tuple[PackingService, Session]:
    packing = PackingService(
        SqlUnitOfWork.factory(engine), StepClock(now), Argon2CredentialHasher(), packing_slips=True
    )
    station = packing.register_station("PACK-01")
    return packing, packing.sign_in(station, "BDG1001").session


def _slips(engine: Engine, now: datetime, session: Session, count: int) -> list[str]:
    """Print every waiting job on a loopback printer: the packing slips' text, in order."""
    from app.services.printing import LabelService

    with VirtualPrinter() as printer:
        labels = LabelService(
            SqlUnitOfWork.factory(engine),
            StepClock(now),
            network_printer(printer.port, "desk-1"),
            SENDER,
        )
        reports = labels.process_due(session)
        assert [r.state for r in reports] == ["sent"] * count
        jobs = [payload(job) for job in printer.wait_for_jobs(count) if b"\x1b@" in job]
    texts = [escpos_text(job) for job in jobs]
    return [text for text in texts if "Item" in text or "units" in text]


@pytest.fixture
def serial_world(engine: Engine, now: datetime) -> World:
    world = seed(engine, now, orders=[("SER-1", [("PHONE-X", 2), ("MUG-BLUE", 1)])])
    with engine.begin() as conn:
        conn.execute(
            update(t.order_lines)
            .where(t.order_lines.c.order_id == world.orders["SER-1"], t.order_lines.c.line_no == 1)
            .values(expected_serials="SN-1\nSN-2")
        )
    return world


def test_expected_serials_refused_ticked_off_and_on_each_parcels_slip(
    engine: Engine, now: datetime, serial_world: World
) -> None:
    packing, session = _packing(engine, now)
    opened = packing.open_order(session, serial_world.slips["SER-1"])
    order_id = opened.id
    assert opened.lines[0].serials_left == ("SN-1", "SN-2")

    wrong = packing.record_scan(session, order_id, uid(), PHONE + "SN-9")
    assert wrong.outcome is ScanOutcome.UNEXPECTED_SERIAL
    assert "Serial SN-9 of Smartphone X (PHONE-X) is not one of this order's" in wrong.message
    ok = packing.record_scan(session, order_id, uid(), PHONE + "SN-2")
    assert ok.outcome is ScanOutcome.ACCEPTED
    assert ok.order.lines[0].serials_left == ("SN-1",)
    packing.record_scan(session, order_id, uid(), serial_world.product_codes["MUG-BLUE"])
    with engine.connect() as conn:
        stored = conn.execute(
            select(t.scan_events.c.outcome, t.scan_events.c.serial).order_by(t.scan_events.c.id)
        ).all()
    assert [tuple(r) for r in stored][:2] == [("unexpected_serial", "SN-9"), ("accepted", "SN-2")]
    # a new session (a restart) reads the ticks back from the scans
    again = packing.open_order(session, serial_world.slips["SER-1"])
    assert again.lines[0].serials_left == ("SN-1",)
    with pytest.raises(OrderIncomplete):
        packing.complete_order(session, order_id, "desk-1")

    packing.pack_out.close_parcel(session, order_id, "desk-1", last=False)
    undo_free = packing.record_scan(session, order_id, uid(), PHONE + "SN-1")
    assert undo_free.outcome is ScanOutcome.ACCEPTED
    assert undo_free.message.endswith("serial SN-1 ✔ · all serials in")
    done = packing.complete_order(session, order_id, "desk-1")
    assert done.order.status is OrderStatus.PACKED

    first, second = _slips(engine, now, session, 4)
    assert "Serial: SN-2" in first and "SN-1" not in first
    assert "Serial: SN-1" in second and "SN-2" not in second


KITS_CSV = (
    b"sku,components,prepacked\nGIFT-SET,MUG-BLUE*2;CABLE-C1,no\nBOXED-SET,NOTE-A5;PEN-BLK*3,yes\n"
)


@pytest.fixture
def kit_world(engine: Engine, now: datetime) -> World:
    world = seed(engine, now, orders=[])
    with engine.begin() as conn:
        for sku, name, body in (
            ("GIFT-SET", "Gift set", "400638133397"),
            ("BOXED-SET", "Stationery box", "400638133398"),
        ):
            pk = conn.execute(insert(t.products).values(sku=sku, name=name, weight_g=500))
            assert pk.inserted_primary_key is not None
            world.product_codes[sku] = ean13(body)
            conn.execute(
                insert(t.product_barcodes).values(
                    product_id=pk.inserted_primary_key[0], code=ean13(body).zfill(14)
                )
            )
        skus = dict(conn.execute(select(t.products.c.sku, t.products.c.id)).all())
        order = conn.execute(
            insert(t.orders).values(
                reference="KIT-1",
                slip_code="ORD000077",
                status="ready",
                carrier="DHL",
                ship_to_name="Erika Mustermann",
                ship_to_line1="Heidestraße 17",
                ship_to_country="DE",
                created_at=now,
                updated_at=now,
            )
        )
        assert order.inserted_primary_key is not None
        world.orders["KIT-1"], world.slips["KIT-1"] = order.inserted_primary_key[0], "ORD000077"
        for line_no, (sku, quantity) in enumerate((("GIFT-SET", 1), ("BOXED-SET", 1)), 1):
            conn.execute(
                insert(t.order_lines).values(
                    order_id=world.orders["KIT-1"],
                    line_no=line_no,
                    product_id=skus[sku],
                    quantity=quantity,
                )
            )
    return world


def test_kits_file_is_checked_against_the_catalogue(engine: Engine, now: datetime) -> None:
    seed(engine, now, orders=[])
    kits = KitService(SqlUnitOfWork.factory(engine), StepClock(now))
    with pytest.raises(KitFileRefused) as refused:
        kits.import_kits("kits.csv", b"sku,components\nMUG-BLUE,NOPE*2;CABLE-C1*0\n")
    # the file's own problems and the SKUs no product has, in one run
    assert refused.value.problems == [
        'kits.csv line 2, components: "CABLE-C1*0": the units per kit must be a whole number '
        "from 1 to 1000",
        "kits.csv line 2, components: NOPE is not a known product",
    ]
    with pytest.raises(KitFileRefused) as refused:
        kits.import_kits(
            "kits.csv", b"sku,components,prepacked\nGHOST,NOPE*2,maybe\nMUG-BLUE,,no\n"
        )
    assert refused.value.problems == [
        'kits.csv line 2, prepacked: "maybe" is not yes or no',
        "kits.csv line 3, components: a kit needs at least one component",
        "kits.csv line 2, sku: GHOST is not a known product",
        "kits.csv line 2, components: NOPE is not a known product",
    ]
    with pytest.raises(KitFileRefused) as refused:
        kits.import_kits("kits.csv", b"sku,components\nMUG-BLUE,NOPE*2\nGHOST,CABLE-C1\n")
    assert refused.value.problems == [
        "kits.csv line 2, components: NOPE is not a known product",
        "kits.csv line 3, sku: GHOST is not a known product",
    ]
    with engine.connect() as conn:
        assert conn.execute(select(t.kit_components)).all() == []


def test_a_kit_by_components_and_a_prepacked_kit_end_to_end(
    engine: Engine, now: datetime, kit_world: World
) -> None:
    kits = KitService(SqlUnitOfWork.factory(engine), StepClock(now))
    assert kits.import_kits("kits.csv", KITS_CSV).summary == (
        "kits.csv: 2 kits, 2 added, 0 changed, 0 unchanged"
    )
    assert kits.import_kits("kits.csv", KITS_CSV).unchanged == 2  # again: nothing changes

    packing, session = _packing(engine, now)
    codes = kit_world.product_codes
    order = packing.open_order(session, kit_world.slips["KIT-1"])
    gift = order.lines[0]
    assert [(c.sku, c.needed) for c in gift.components] == [("CABLE-C1", 1), ("MUG-BLUE", 2)]
    assert order.lines[1].components == ()  # pre-packed: scanned as itself
    assert order.units_expected == 4

    def scan(code: str) -> ScanOutcome:
        return packing.record_scan(session, order.id, uid(), code).outcome

    assert scan(codes["GIFT-SET"]) is ScanOutcome.WRONG_ITEM  # packed from its components
    inside = packing.record_scan(session, order.id, uid(), codes["NOTE-A5"])
    assert inside.outcome is ScanOutcome.WRONG_ITEM  # inside the pre-packed box
    assert inside.message == (
        "Notebook A5 dotted (NOTE-A5) comes inside the pre-packed kit Stationery box (BOXED-SET) "
        "in order KIT-1: scan the kit's barcode, not its parts."
    )
    assert scan(codes["MUG-BLUE"]) is ScanOutcome.ACCEPTED
    assert scan(codes["CABLE-C1"]) is ScanOutcome.ACCEPTED
    undone = packing.undo_last_scan(session, order.id, uid())
    assert undone.message == "Undone: Gift set: USB-C cable 1 m is back to 0 of 1."
    assert scan(codes["CABLE-C1"]) is ScanOutcome.ACCEPTED
    last = packing.record_scan(session, order.id, uid(), codes["MUG-BLUE"])
    assert last.message == "Gift set: Ceramic mug, blue 2 of 2"
    assert last.order.lines[0].verified == 1
    assert scan(codes["BOXED-SET"]) is ScanOutcome.ACCEPTED
    done = packing.complete_order(session, order.id, "desk-1")
    with engine.connect() as conn:
        verified = conn.execute(
            select(t.order_lines.c.verified_qty).order_by(t.order_lines.c.line_no)
        ).scalars()
        assert list(verified) == [1, 1]

    (slip,) = _slips(engine, now, session, 2)
    lines = [line.strip() for line in slip.splitlines() if line.strip()]
    kit_at = next(i for i, line in enumerate(lines) if "GIFT-SET" in line)
    assert "+ Ceramic mug, blue" in "\n".join(lines[kit_at : kit_at + 6])
    assert "+ USB-C cable 1 m" in "\n".join(lines[kit_at : kit_at + 8])
    assert "2 lines, 2 units" in slip
    assert done.tracking_number


def test_the_sample_kits_import_cleanly_by_the_command(
    engine: Engine,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.main import main

    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    db = ["--db", database_url]
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    for name in ("products.csv", "kit-products.csv"):
        assert main([*db, "import", "products", str(samples / name)]) == 0
    kits = str(samples / "kits.csv")
    assert main([*db, "import", "kits", kits, "--dry-run"]) == 0
    assert "2 kits, 2 added" in capsys.readouterr().out
    assert main([*db, "import", "kits", kits]) == 0
    assert main([*db, "import", "kits", kits]) == 0
    assert "2 kits, 0 added, 0 changed, 2 unchanged" in capsys.readouterr().out
    with engine.connect() as conn:
        modes = dict(
            conn.execute(
                select(t.products.c.sku, t.products.c.kit).where(t.products.c.kit.is_not(None))
            ).all()
        )
    assert modes == {"TEA-GIFT-SET": "components", "TRAVEL-KIT": "prepacked"}
    bad = tmp_path / "kits.csv"
    bad.write_text("sku,components\nTRAVEL-KIT,TEA-GIFT-SET\n", encoding="utf-8")
    assert main([*db, "import", "kits", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "components: TEA-GIFT-SET is a kit itself" in err
    assert "Traceback" not in err


def test_a_kit_lines_expected_serials_are_refused_ticked_off_and_required(
    engine: Engine, now: datetime, kit_world: World
) -> None:
    kits = KitService(SqlUnitOfWork.factory(engine), StepClock(now))
    kits.import_kits(
        "kits.csv",
        b"sku,components,prepacked\nGIFT-SET,PHONE-X;MUG-BLUE,no\nBOXED-SET,NOTE-A5,yes\n",
    )
    with engine.begin() as conn:
        conn.execute(
            update(t.order_lines)
            .where(t.order_lines.c.order_id == kit_world.orders["KIT-1"])
            .where(t.order_lines.c.line_no == 1)
            .values(expected_serials="SN-1")
        )
    packing, session = _packing(engine, now)
    codes = kit_world.product_codes
    order_id = packing.open_order(session, kit_world.slips["KIT-1"]).id

    def scan(code: str) -> ScanOutcome:
        return packing.record_scan(session, order_id, uid(), code).outcome

    refused = packing.record_scan(session, order_id, uid(), PHONE + "SN-9")
    assert refused.outcome is ScanOutcome.UNEXPECTED_SERIAL
    assert scan(codes["MUG-BLUE"]) is ScanOutcome.ACCEPTED
    assert scan(codes["BOXED-SET"]) is ScanOutcome.ACCEPTED
    with pytest.raises(OrderIncomplete):
        packing.complete_order(session, order_id, "desk-1")
    ticked = packing.record_scan(session, order_id, uid(), PHONE + "SN-1")
    assert ticked.outcome is ScanOutcome.ACCEPTED
    assert ticked.message.endswith("serial SN-1 ✔ · all serials in")
    again = packing.open_order(session, kit_world.slips["KIT-1"])  # read back from the scans
    assert again.lines[0].serials_left == () and again.lines[0].expected_serials == ("SN-1",)
    assert again.fully_verified
    assert packing.complete_order(session, order_id, "desk-1").order.status is OrderStatus.PACKED
