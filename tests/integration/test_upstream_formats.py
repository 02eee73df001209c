"""Labels bought upstream through StationPrinter.print_upstream: the format is what the file
is, sizes are checked against the printer's labels, one PDF page per parcel, and broken files
give one clear message, never a traceback, with nothing sent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.adapters.devices.labels.escpos_render import ESCPOS_4INCH_203, EscposProfile
from app.adapters.devices.printers import FileConnection
from app.adapters.devices.station_printer import StationPrinter
from app.domain.errors import PrinterProblem
from app.domain.labels import LABEL_4X6_300, RECEIPT_80MM, LabelSize
from tests.support.printers import file_printer
from tests.support.upstream_files import (
    TRACKING,
    blank_png,
    label_image,
    label_pdf,
    pdf_page,
    pdf_pages,
    png_of,
)
from tests.support.zpl_raster import escpos_raster_images, zpl_graphics


def decoded(image: Image.Image) -> set[str]:
    return {barcode.text for barcode in zxingcpp.read_barcodes(image.convert("L"))}


def spooled(directory: Path) -> list[Path]:
    return sorted(directory.iterdir()) if directory.exists() else []


def printer_for(
    directory: Path,
    size: LabelSize,
    language: str = "escpos",
    profile: EscposProfile = ESCPOS_4INCH_203,
) -> StationPrinter:
    return StationPrinter(
        FileConnection(
            directory, suffix=".zpl" if language == "zpl" else ".bin", language=language
        ),
        language=language,
        size=size,
        profile=profile,
        preview_dir=directory.parent / "previews",
        name="PACK-07 file",
    )


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 20000 20000\nshowpage\n"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (10, 10), 255).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "declared", "expected"),
    [
        (lambda: EPS, "png", "declared PNG, but the file is a PostScript/EPS file"),
        (jpeg, "png", "declared PNG, but the file is a JPEG file"),
        (label_pdf, "png", "declared PNG, but the file is a PDF file"),
        (lambda: png_of(label_image()), "pdf", "declared PDF, but the file is a PNG file"),
        (lambda: b"^XA^FDx^FS^XZ", "pdf", "declared PDF, but the file is a ZPL file"),
        (lambda: png_of(label_image()), "zpl", "declared ZPL, but the file is a PNG file"),
        (lambda: b"", "png", "declared PNG, but the file is empty"),
        (lambda: png_of(label_image()), "gif", "declared 'gif': only ZPL, PNG or PDF"),
    ],
)
def test_the_file_must_be_what_the_order_says(
    tmp_path: Path, make: object, declared: str, expected: str
) -> None:
    assert callable(make)
    data: bytes = make()
    for language in ("escpos", "zpl"):
        printer = file_printer(tmp_path / language, "PACK-07 file", language=language)
        with pytest.raises(PrinterProblem) as refused:
            printer.print_upstream(data, declared, "job-1")
        assert refused.value.message.startswith("Printer PACK-07 file: ")
        assert expected in refused.value.message
        assert spooled(tmp_path / language) == []


def test_a_label_a_little_larger_with_blank_edges_prints_cut_to_the_paper(
    tmp_path: Path,
) -> None:
    canvas = Image.new("1", (826, 1240), 1)  # 1.7 % wider and 1.8 % longer, blank edges
    canvas.paste(label_image(), (0, 0))
    printer = file_printer(tmp_path / "spool", "PACK-07 file")
    outcome = printer.print_upstream(png_of(canvas), "png", "job-1")
    images = escpos_raster_images((tmp_path / "spool" / "job-1.bin").read_bytes())
    assert [image.size for image in images] == [(816, 1218)]  # rows padded to whole bytes
    assert TRACKING in decoded(images[0])
    assert outcome.preview_path is not None
    assert Image.open(outcome.preview_path).size == (812, 1218)


def test_a_label_over_the_edge_is_refused_not_clipped(tmp_path: Path) -> None:
    printer = file_printer(tmp_path / "spool", "PACK-07 file")
    inked = Image.new("1", (826, 1218), 1)
    inked.paste(label_image(), (0, 0))
    inked.putpixel((820, 600), 0)  # printed beyond the paper's 812 dots
    with pytest.raises(PrinterProblem, match=r"826 x 1218 dots and printed to its edge"):
        printer.print_upstream(png_of(inked), "png", "job-1")
    with pytest.raises(PrinterProblem, match=r"is 812 x 1300 dots, larger than this printer"):
        printer.print_upstream(blank_png(812, 1300), "png", "job-2")  # 6.7 % too long
    with pytest.raises(PrinterProblem, match=r"a page of 105 x 148 mm"):
        printer.print_upstream(pdf_page(297.6, 419.5), "pdf", "job-3")  # A6: 839 dots wide
    assert spooled(tmp_path / "spool") == []


def test_continuous_paper_takes_labels_up_to_300_mm(tmp_path: Path) -> None:
    receipt = EscposProfile("TM-T20II")
    printer = printer_for(tmp_path / "spool", RECEIPT_80MM, profile=receipt)
    printer.print_upstream(blank_png(576, 1600), "png", "job-1")  # 200 mm
    assert len(spooled(tmp_path / "spool")) == 1
    with pytest.raises(PrinterProblem, match=r"576 x 3000 dots, larger .* at most 300 mm long"):
        printer.print_upstream(blank_png(576, 3000), "png", "job-2")  # 375 mm
    assert len(spooled(tmp_path / "spool")) == 1


def test_a_4x6_pdf_prints_on_a_300_dpi_zpl_printer(tmp_path: Path) -> None:
    printer = printer_for(tmp_path / "spool", LABEL_4X6_300, language="zpl")
    printer.print_upstream(label_pdf(), "pdf", "job-1")
    graphics = zpl_graphics((tmp_path / "spool" / "job-1.zpl").read_text("ascii"))
    assert len(graphics) == 1
    assert graphics[0].width == 1200 and abs(graphics[0].height - 1800) <= 1  # 4x6 in, 300 dpi
    assert TRACKING in decoded(graphics[0])


def test_a_pdf_with_several_pages_is_refused_with_the_count(tmp_path: Path) -> None:
    printer = file_printer(tmp_path / "spool", "PACK-07 file")
    with pytest.raises(PrinterProblem) as refused:
        printer.print_upstream(pdf_pages(3), "pdf", "job-1")
    assert refused.value.message == (
        "Printer PACK-07 file: The PDF label bought upstream has 3 pages; "
        "one label per parcel is expected."
    )
    printer.print_upstream(pdf_pages(1), "pdf", "job-2")
    assert [path.name for path in spooled(tmp_path / "spool")] == ["job-2.bin"]


def test_a_transparent_png_prints_on_white(tmp_path: Path) -> None:
    label = label_image().convert("L")
    # Black where the label is black, fully transparent (and black underneath) elsewhere.
    rgba = Image.new("RGBA", label.size, (0, 0, 0, 0))
    rgba.putalpha(label.point(lambda v: 255 - v))
    printer = file_printer(tmp_path / "spool", "PACK-07 file")
    printer.print_upstream(png_of(rgba), "png", "job-1")
    images = escpos_raster_images((tmp_path / "spool" / "job-1.bin").read_bytes())
    assert TRACKING in decoded(images[0])


@pytest.mark.parametrize(
    ("make", "declared", "expected"),
    [
        (
            lambda: png_of(label_image())[:2000],
            "png",
            "The PNG label bought upstream cannot be read: the file is damaged or cut short",
        ),
        (
            lambda: png_of(label_image())[:20],
            "png",
            "The PNG label bought upstream is damaged: its header is missing.",
        ),
        (
            lambda: png_of(label_image())[:33],  # the header alone, no image data
            "png",
            "The PNG label bought upstream cannot be read",
        ),
        (
            lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50,
            "pdf",
            "The PDF label bought upstream cannot be opened: the file is damaged or "
            "password-protected.",
        ),
        (
            lambda: png_of(label_image()) + b"\x00" * (11 * 1024 * 1024),
            "png",
            "is a 11.5 MB file; at most 10 MB is accepted",
        ),
        (lambda: blank_png(0, 10), "png", "is empty (0 x 10 dots)"),
    ],
)
def test_broken_files_give_one_clear_message(
    tmp_path: Path, make: object, declared: str, expected: str
) -> None:
    assert callable(make)
    printer = file_printer(tmp_path / "spool", "PACK-07 file")
    with pytest.raises(PrinterProblem) as refused:
        printer.print_upstream(make(), declared, "job-1")
    assert refused.value.message.startswith("Printer PACK-07 file: ")
    assert expected in refused.value.message
    assert spooled(tmp_path / "spool") == []


def test_an_animated_png_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    frames = [label_image().convert("L"), Image.new("L", (812, 1218), 255)]
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    printer = file_printer(tmp_path / "spool", "PACK-07 file")
    with pytest.raises(PrinterProblem, match=r"The PNG label bought upstream is animated \(2 "):
        printer.print_upstream(buffer.getvalue(), "png", "job-1")
    assert spooled(tmp_path / "spool") == []
