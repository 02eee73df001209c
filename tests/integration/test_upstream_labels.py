"""Labels bought upstream printed as they came, on ESC/POS and ZPL printers, read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.adapters.devices.labels import render_pdf, render_png
from app.domain.errors import PrinterProblem
from app.domain.labels import LABEL_4X6_203, Address, LabelContent
from tests.support.printers import file_printer
from tests.support.zpl_raster import escpos_raster_images, zpl_graphics

TRACKING = "1Z999AA10123456784"


def upstream_label() -> LabelContent:
    return LabelContent(
        ship_to=Address(
            "Erika Mustermann", "Heidestraße 17", postcode="51147", city="Köln", country="DE"
        ),
        sender=Address(
            "Shop GmbH", "Hafenstraße 1", postcode="20457", city="Hamburg", country="DE"
        ),
        order_reference="UP-1",
        carrier="UPS",
        service="Standard",
        tracking_number=TRACKING,
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    render_png(upstream_label(), LABEL_4X6_203).save(buffer, "PNG")
    return buffer.getvalue()


def decoded(image: Image.Image) -> set[str]:
    return {barcode.text for barcode in zxingcpp.read_barcodes(image.convert("L"))}


@pytest.mark.parametrize("label_format", ["png", "pdf"])
def test_png_and_pdf_labels_print_as_escpos_raster(tmp_path: Path, label_format: str) -> None:
    data = png_bytes() if label_format == "png" else render_pdf(upstream_label(), LABEL_4X6_203)
    printer = file_printer(tmp_path / "spool", "desk-1")
    outcome = printer.print_upstream(data, label_format, "job-1")
    job = (tmp_path / "spool" / "job-1.bin").read_bytes()
    assert outcome.byte_count == len(job)
    images = escpos_raster_images(job)
    assert images and TRACKING in decoded(images[0])
    assert outcome.preview_path is not None and TRACKING in decoded(
        Image.open(outcome.preview_path)
    )


@pytest.mark.parametrize("label_format", ["png", "pdf"])
def test_png_and_pdf_labels_print_as_a_zpl_graphic(tmp_path: Path, label_format: str) -> None:
    data = png_bytes() if label_format == "png" else render_pdf(upstream_label(), LABEL_4X6_203)
    printer = file_printer(tmp_path / "spool", "desk-1", language="zpl")
    printer.print_upstream(data, label_format, "job-1")
    zpl = (tmp_path / "spool" / "job-1.zpl").read_bytes()
    assert zpl.startswith(b"^XA") and b"^GFA," in zpl
    graphics = zpl_graphics(zpl.decode("ascii"))
    assert len(graphics) == 1  # rows are padded to whole bytes: 812 dots -> 102 bytes
    assert graphics[0].size == (816, LABEL_4X6_203.height_px)
    assert TRACKING in decoded(graphics[0])


def test_zpl_passes_through_unchanged_and_is_refused_by_escpos(tmp_path: Path) -> None:
    zpl = b"^XA^FO50,50^BCN,100,Y,N,N^FD" + TRACKING.encode() + b"^FS^XZ"
    file_printer(tmp_path / "z", "desk-z", language="zpl").print_upstream(zpl, "ZPL", "job-1")
    assert (tmp_path / "z" / "job-1.zpl").read_bytes() == zpl
    with pytest.raises(PrinterProblem, match="needs a ZPL printer"):
        file_printer(tmp_path / "e", "desk-e").print_upstream(zpl, "zpl", "job-1")


def test_broken_or_too_wide_upstream_labels_are_refused(tmp_path: Path) -> None:
    printer = file_printer(tmp_path / "spool", "desk-1")
    with pytest.raises(PrinterProblem, match="declared PNG, but the file is of an unknown kind"):
        printer.print_upstream(b"not a png", "png", "job-1")
    with pytest.raises(PrinterProblem, match="cannot be read: the file is damaged or cut short"):
        printer.print_upstream(png_bytes()[:2000], "png", "job-1")
    wide = io.BytesIO()
    Image.new("1", (2000, 300), 1).save(wide, "PNG")
    with pytest.raises(PrinterProblem, match="2000 x 300 dots, larger than this printer's labels"):
        printer.print_upstream(wide.getvalue(), "png", "job-2")
    assert not (tmp_path / "spool").exists() or not any((tmp_path / "spool").iterdir())
