"""The label layout and its renderers, read back the way a printer and a scanner would.

PNG and PDF are images already; ESC/POS raster images are decoded from the job's ``GS v 0``
bytes; ZPL is drawn by ``tests/support/zpl_raster.py`` (and by zplkit where installed). The
barcodes in those images are read with zxing-cpp. Native ESC/POS barcodes are read from the
``GS k`` command bytes, then drawn the way a printer draws that data and read with zxing-cpp.
"""

from __future__ import annotations

import itertools
import re
import socket

import pytest
import zxingcpp
from PIL import Image

from app.adapters.devices.labels import (
    ESCPOS_4INCH_203,
    EscposProfile,
    LabelDoesNotFit,
    escpos_raster_job,
    layout_label,
    receipt_size_for,
    render_escpos,
    render_packing_slip_escpos,
    render_packing_slip_pages,
    render_packing_slip_pdf,
    render_pdf,
    render_png,
    render_zpl,
)
from app.adapters.devices.labels.charset import printable_text, windows_1252
from app.adapters.devices.labels.fonts import font
from app.adapters.devices.labels.layout import Barcode, Layout, TextBlock
from app.adapters.devices.labels.packing_slip import layout_packing_slip
from app.adapters.devices.labels.symbols import Code128
from app.domain.barcodes import CodeKind, interpret
from app.domain.errors import InvalidBarcode
from app.domain.labels import (
    LABEL_4X6_203,
    LABEL_4X6_300,
    LABEL_SIZES,
    PAGE_A4,
    RECEIPT_58MM,
    RECEIPT_80MM,
    Address,
    LabelContent,
    LabelSize,
    PackingSlip,
    PackingSlipLine,
)
from app.domain.tracking import format_s10
from tests.support.escpos_paper import print_escpos
from tests.support.virtual_printer import VirtualPrinter
from tests.support.zpl_raster import (
    code128_modules,
    escpos_barcodes,
    escpos_code128_values,
    escpos_qr_codes,
    escpos_raster_images,
    escpos_text,
    modules_image,
    parse_escpos,
    render_zpl_image,
)

TRACKING = format_s10("RR", 12345678, "DE")  # RR123456785DE
UPS = "1Z999AA10123456784"
SSCC = "106141411234567897"
QR = "https://track.example.com/t/RR123456785DE?lang=de"

SENDER = Address(
    "Packbench Warehouse", "Lagerweg 1", postcode="20095", city="Hamburg", country="DE"
)
HOME = Address(
    "Erika Mustermann", "Heidestrasse 17", postcode="51147", city="Koeln", country="Germany"
)
INTERNATIONAL = Address(
    name="Zoë Ångström-Żółć, Ζωή Παπαδοπούλου",
    line1="Иван Петров, ул. Ленина 5",
    line2="Rue de l'Église 5, Miete 12,50 € — ﬁnal, Straße",
    postcode="75001",
    city="Paris",
    country="France",
)
LONG = Address(
    name="Maximiliane Alexandra von und zu Hohenzollern-Sigmaringen-Wittelsbach",
    line1="Rindfleischetikettierungsueberwachungsaufgabenuebertragungsgesetzstrasse 12345",
    line2="c/o Donaudampfschifffahrtsgesellschaftskapitaen, Hinterhaus, 4. Obergeschoss links",
    postcode="12345",
    city="Sankt Peter-Ording an der Nordsee im Kreis Nordfriesland",
    country="Bundesrepublik Deutschland",
)

#: ESC/POS printers for each size: a 4-inch label printer at 203 and 300 dpi, an 80 mm
#: TM-T20II (576 dots) and a 58 mm printer with TM-T20II commands (384 dots).
PRINTERS: dict[str, EscposProfile] = {
    LABEL_4X6_203.name: ESCPOS_4INCH_203,
    LABEL_4X6_300.name: EscposProfile("TM-T20II", width_px=1248, dpi=300, name="4-inch 300 dpi"),
    RECEIPT_80MM.name: EscposProfile("TM-T20II"),
    RECEIPT_58MM.name: EscposProfile("TM-T20II", width_px=384, dpi=203, name="58 mm"),
}
#: CP437 only, no native barcodes or QR codes (python-escpos's "simple" profile), 80 mm.
BARE = EscposProfile("simple", width_px=576, dpi=203, name="bare")

SIZE_IDS = ["4x6-203", "4x6-300", "80mm", "58mm"]


def make_label(
    ship_to: Address = HOME,
    tracking: str = TRACKING,
    sscc: str | None = SSCC,
    qr: str | None = QR,
    **changes: object,
) -> LabelContent:
    fields: dict[str, object] = {
        "ship_to": ship_to,
        "sender": SENDER,
        "order_reference": "ORD-2024-000123",
        "carrier": "DHL",
        "service": "Paket",
        "tracking_number": tracking,
        "parcel_no": 2,
        "parcel_count": 3,
        "weight_g": 1250,
        "sscc": sscc,
        "qr_data": qr,
    }
    fields.update(changes)
    return LabelContent(**fields)  # type: ignore[arg-type]


def decoded(image: Image.Image) -> dict[str, str]:
    """Barcode format -> text for every code zxing-cpp finds (GS1 as "(00)...")."""
    found: dict[str, str] = {}
    for result in zxingcpp.read_barcodes(image):
        key = result.format.name
        if result.symbology_identifier == "]C1":
            key = "GS1-128"
        assert key not in found, f"two {key} symbols"
        found[key] = result.text
    return found


def expected(
    tracking: str = TRACKING, sscc: str | None = SSCC, qr: str | None = QR
) -> dict[str, str]:
    out = {"Code128": tracking}
    if sscc is not None:
        out["GS1-128"] = f"(00){sscc}"
    if qr is not None:
        out["QRCode"] = qr
    return out


def flat(text: str) -> str:
    """Text with line breaks (the printer's or ZPL's ``\\&``) as spaces."""
    return " ".join(text.replace("\\&", " ").split())


def ink_columns(image: Image.Image) -> tuple[int, int]:
    """The leftmost and rightmost column with ink."""
    box = image.convert("L").point(lambda v: 255 - v).getbbox()
    assert box is not None
    return box[0], box[2]


# -- the layout --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("ship_to", [HOME, LONG, INTERNATIONAL], ids=["home", "long", "intl"])
def test_every_element_stays_inside_the_printable_area(size: LabelSize, ship_to: Address) -> None:
    layout = layout_label(make_label(ship_to=ship_to, tracking=UPS), size)

    assert layout.width == size.width_px
    if size.height_px is not None:
        assert layout.height == size.height_px
    for element in layout.elements:
        assert element.box.within(layout.width, layout.height), element
    for element in layout.elements:
        if isinstance(element, TextBlock):
            face_width = element.box.width
            assert element.box.right <= layout.width - layout.margin
            face = font(element.cell, element.bold)
            for line in element.lines:
                assert face.getlength(line) <= face_width, (element.role, line)
    # nothing overlaps vertically in the single column parts
    column = [e for e in layout.elements if e.role != "qr"]
    for upper, lower in itertools.pairwise(column):
        if upper.role in ("carrier", "order", "parcel", "weight") and lower.role == "qr":
            continue
        assert upper.box.bottom <= lower.box.y, (upper.role, lower.role)


@pytest.mark.parametrize("size", [LABEL_4X6_203, LABEL_4X6_300], ids=SIZE_IDS[:2])
def test_a_long_address_wraps_and_shrinks_to_fit_the_label(size: LabelSize) -> None:
    short = layout_label(make_label(), size).find("ship_to")
    long = layout_label(make_label(ship_to=LONG), size).find("ship_to")

    assert isinstance(short, TextBlock) and isinstance(long, TextBlock)
    assert len(long.lines) > len(long.paragraphs)  # wrapped
    assert long.cell < short.cell  # and shrunk
    assert long.cell >= size.px(2.5)  # still legible
    words = " ".join(long.lines).replace(" ", "")
    assert words == " ".join(LONG.lines()).replace(" ", "")  # nothing lost


def test_an_address_that_cannot_fit_is_refused_with_a_clear_message() -> None:
    absurd = Address("X " * 600, "Y " * 600, city="Z " * 300)
    with pytest.raises(LabelDoesNotFit, match="ship-to address is too long for 100x150 mm"):
        layout_label(make_label(ship_to=absurd), LABEL_4X6_203)
    # continuous paper simply gets longer
    assert layout_label(make_label(ship_to=absurd), RECEIPT_80MM).height > 3000


def test_bad_tracking_numbers_and_ssccs_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be a Code 128"):
        layout_label(make_label(tracking="RR^XA123"), LABEL_4X6_203)
    with pytest.raises(ValueError, match="cannot be a Code 128"):
        layout_label(make_label(tracking=""), LABEL_4X6_203)
    with pytest.raises(InvalidBarcode, match="check digit"):
        layout_label(make_label(sscc="106141411234567890"), LABEL_4X6_203)
    with pytest.raises(ValueError, match="parcel number"):
        layout_label(make_label(parcel_no=4), LABEL_4X6_203)


def test_a_tracking_number_too_long_for_the_paper_is_refused() -> None:
    long_tracking = "ABCDEFGHIJ" * 3
    layout_label(make_label(tracking=long_tracking), LABEL_4X6_203)  # fits 4x6 at 0.25 mm
    with pytest.raises(LabelDoesNotFit, match="too long for a barcode on 58 mm"):
        layout_label(make_label(tracking=long_tracking), RECEIPT_58MM)


def test_code128_symbols_use_code_set_c_for_digit_runs_and_fnc1_for_gs1() -> None:
    assert Code128("RR123456785DE").segments == (("B", "RR1"), ("C", "23456785"), ("B", "DE"))
    assert Code128(UPS).segments == (("B", "1Z999AA1"), ("C", "0123456784"))
    gs1 = Code128("00" + SSCC, gs1=True)
    assert gs1.values[:2] == (105, 102)  # start C, FNC1
    assert gs1.escpos_data().startswith(b"{C{1\x00\x0a\x3d")  # 00, 10, 61
    assert gs1.zpl_data() == ">;>800" + SSCC
    for symbol in (Code128(TRACKING), Code128(UPS), Code128("A1B2"), gs1):
        want = f"(00){SSCC}" if symbol.gs1 else symbol.text
        assert decoded(modules_image(symbol.modules)) == {
            "GS1-128" if symbol.gs1 else "Code128": want
        }


# -- PNG and PDF -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("tracking", [TRACKING, UPS])
def test_png_barcodes_read_back(size: LabelSize, tracking: str) -> None:
    image = render_png(make_label(tracking=tracking), size)

    assert image.mode == "1"
    assert image.width == size.width_px
    if size.height_px is not None:
        assert image.height == size.height_px
    assert decoded(image) == expected(tracking)


def test_png_without_sscc_and_qr_has_the_tracking_barcode_only() -> None:
    image = render_png(make_label(sscc=None, qr=""), LABEL_4X6_203)
    assert decoded(image) == expected(sscc=None, qr=None)


def test_the_default_qr_code_is_the_ssccs_digital_link_else_the_tracking_number() -> None:
    with_sscc = make_label(qr=None)
    assert with_sscc.qr_text == f"https://id.gs1.org/00/{SSCC}"
    assert decoded(render_png(with_sscc, LABEL_4X6_203)) == expected(qr=with_sscc.qr_text)
    without = make_label(sscc=None, qr=None)
    assert without.qr_text == TRACKING
    assert decoded(render_png(without, LABEL_4X6_203)) == expected(sscc=None, qr=TRACKING)
    # The station's own scan interpreter reads the default QR code as the parcel's SSCC.
    code = interpret(with_sscc.qr_text)
    assert code.kind is CodeKind.SSCC and code.sscc == SSCC


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
def test_weight_parcel_count_and_grouped_sscc_text(size: LabelSize) -> None:
    layout = layout_label(make_label(weight_g=1234, sscc="340123450000000017"), size)
    texts = {e.role: " ".join(e.lines) for e in layout.elements if isinstance(e, TextBlock)}
    assert texts["weight"] == "Weight 1.234 kg"
    assert texts["parcel"] == "Parcel 2 of 3"
    assert texts["sscc_text"] == "(00) 3 4012345 000000001 7"
    assert texts["tracking_text"] == TRACKING
    assert "weight" not in layout_label(make_label(weight_g=None), size).roles()
    assert make_label(weight_g=50).weight_text == "0.050 kg"
    assert make_label(weight_g=12_000).weight_text == "12.000 kg"


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
def test_png_long_address_keeps_ink_inside_the_margins(size: LabelSize) -> None:
    label = make_label(ship_to=LONG, tracking=UPS)
    image = render_png(label, size)
    assert decoded(image) == expected(UPS)
    # Barcodes may use the whole width on receipt paper (their quiet zone is the paper's
    # unprinted edge); everything else keeps the margin.
    text_only = image.copy()
    for element in layout_label(label, size).elements:
        if isinstance(element, Barcode):
            box = element.box
            text_only.paste(1, (0, box.y, image.width, box.bottom))
    left, right = ink_columns(text_only)
    assert left >= size.px(1.5)
    assert right <= image.width - size.px(1.5)


def test_png_draws_international_text_as_it_is() -> None:
    layout = layout_label(make_label(ship_to=INTERNATIONAL), LABEL_4X6_203)
    address = layout.find("ship_to")
    assert isinstance(address, TextBlock)
    text = " ".join(address.lines)
    for word in ("Zoë", "Ångström-Żółć", "Παπαδοπούλου", "Иван", "€", "Église", "Straße"):
        assert word in text
    assert "ﬁnal" in text  # DejaVu has the ligature
    assert address.complete


def test_pdf_is_one_page_of_the_label_size() -> None:
    pdf = render_pdf(make_label(), LABEL_4X6_203)

    assert pdf.startswith(b"%PDF")
    match = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert match is not None
    width_mm, height_mm = (float(v) / 72 * 25.4 for v in match.groups())
    assert width_mm == pytest.approx(101.6, abs=0.2)  # 4x6 in,
    assert height_mm == pytest.approx(152.4, abs=0.2)
    assert abs(width_mm - 100) < 2.5 and abs(height_mm - 150) < 2.5  # sold as 100x150 mm
    assert pdf.count(b"/Type /Page\n") == 1
    assert len(pdf) < 20_000  # CCITT G4, not a raw bitmap


# -- ZPL ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("ship_to", [HOME, LONG], ids=["home", "long"])
def test_zpl_renders_and_its_barcodes_read_back(size: LabelSize, ship_to: Address) -> None:
    zpl = render_zpl(make_label(ship_to=ship_to, tracking=UPS), size)

    assert zpl.startswith("^XA\n^CI28\n")
    assert zpl.rstrip().endswith("^XZ")
    assert f"^PW{size.width_px}" in zpl
    rendering = render_zpl_image(zpl)
    assert rendering.warnings == []  # no field block overflows, nothing outside the label
    assert rendering.image.width == size.width_px
    if size.height_px is not None:
        assert rendering.image.height == size.height_px  # 812x1218 / 1218x1827
    assert decoded(rendering.image) == expected(UPS)
    assert ">;>800" + SSCC in zpl  # GS1-128: start C, FNC1, AI 00


def test_zpl_is_utf8_with_text_font_0_can_print() -> None:
    label = make_label(ship_to=INTERNATIONAL)
    zpl = render_zpl(label, LABEL_4X6_203)

    assert "^CI28" in zpl
    zpl.encode("utf-8")
    texts = flat(" ".join(render_zpl_image(zpl).texts()))
    for word in ("Zoë", "Ångström-Zólc", "Zoi Papadopoulou", "Ivan Petrov, ul. Lenina 5"):
        assert word in texts
    assert "12,50 €" in texts and "Straße" in texts and "Église" in texts and "final" in texts
    assert "?" not in texts
    assert all(windows_1252(char) for char in texts)


def test_zpl_escapes_what_would_be_commands() -> None:
    label = make_label(ship_to=Address("Eve ^XZ~JR_x", "Back\\slash", city="Town\x1b"))
    zpl = render_zpl(label, LABEL_4X6_203)
    assert "^XZ" not in zpl.replace("\n^XZ\n", "\n")
    texts = render_zpl_image(zpl).texts()
    assert "Eve ^XZ~JR_x\\&Back\\\\slash\\&Town" in texts


@pytest.mark.parametrize("size", [LABEL_4X6_203, LABEL_4X6_300], ids=SIZE_IDS[:2])
@pytest.mark.parametrize("ship_to", [HOME, LONG], ids=["home", "long"])
def test_zplkit_renders_the_same_barcodes(size: LabelSize, ship_to: Address) -> None:
    """A second, independent renderer with the printer's own font metrics (ASCII only)."""
    import zplkit  # test-only (OSL-3.0): never shipped with the app

    zpl = render_zpl(make_label(ship_to=ship_to), size)
    document = zplkit.render(
        zpl.encode(), zplkit.Options(dpi=size.dpi, width=size.width_px, height=size.height_px)
    )
    raster = document.labels[0].rasterize()
    image = Image.frombytes("L", (raster.width, raster.height), raster.pixels)
    assert image.size == (size.width_px, size.height_px)
    assert decoded(image) == expected()
    left, right = ink_columns(image)
    margin = size.px(2.0)
    assert left >= margin and right <= image.width - margin  # no text ran off the edge


# -- ESC/POS raster --------------------------------------------------------------------------


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
def test_escpos_raster_reads_back(size: LabelSize) -> None:
    data = render_escpos(make_label(tracking=UPS), size, PRINTERS[size.name], mode="raster")

    assert data.startswith(b"\x1b@")
    assert escpos_barcodes(data) == [] and escpos_qr_codes(data) == []
    images = escpos_raster_images(data)
    assert len(images) == 1
    image = images[0]
    assert image.width == -(-size.width_px // 8) * 8
    assert decoded(image) == expected(UPS)
    assert (
        image.crop((0, 0, size.width_px, image.height)).convert("1").tobytes()
        == render_png(make_label(tracking=UPS), size).tobytes()
    )


def test_escpos_raster_4x6_is_about_124_kb() -> None:
    data = render_escpos(make_label(), LABEL_4X6_203, ESCPOS_4INCH_203, mode="raster")
    assert 120_000 < len(data) < 130_000


def test_a_label_wider_than_the_paper_is_refused() -> None:
    for mode in ("native", "raster"):
        with pytest.raises(LabelDoesNotFit) as caught:
            render_escpos(make_label(), LABEL_4X6_203, "TM-T88V", mode=mode)
        message = str(caught.value)
        assert "812 dots wide" in message and "TM-T88V prints at most 512 dots" in message
    with pytest.raises(LabelDoesNotFit, match=r"576 dots wide.*at most 512"):
        render_escpos(make_label(), RECEIPT_80MM, "TM-T88V")
    with pytest.raises(LabelDoesNotFit, match=r"image \(600x100\) is 600 dots wide"):
        escpos_raster_job(Image.new("1", (600, 100), 1), "TM-T88V")
    with pytest.raises(ValueError, match="does not say how wide its paper is"):
        render_escpos(make_label(), RECEIPT_80MM, "default")
    # the receipt size made for the printer fits
    size = receipt_size_for("TM-T88V")
    assert size.width_px == 512 and size.dpi == 180
    assert decoded(render_png(make_label(), size)) == expected()
    assert escpos_barcodes(render_escpos(make_label(), size, "TM-T88V"))


# -- ESC/POS native --------------------------------------------------------------------------


def text_widths_fit(data: bytes, paper: int) -> None:
    """Every printed line, in the font and size selected for it, fits ``paper`` dots."""
    font, width_mag = (12, 24), 1
    line = 0
    for command in parse_escpos(data):
        if command.name == "ESC M":
            font = (9, 17) if command.args[0] == 1 else (12, 24)
        elif command.name == "GS !":
            width_mag = (command.args[0] >> 4) + 1
        elif command.name == "TEXT":
            line += len(command.payload) * font[0] * width_mag
        elif command.name == "LF":
            assert line <= paper, f"a line of {line} dots on {paper} dot paper"
            line = 0


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("tracking", [TRACKING, UPS])
def test_escpos_native_barcodes_and_qr_from_the_command_bytes(
    size: LabelSize, tracking: str
) -> None:
    profile = PRINTERS[size.name]
    data = render_escpos(make_label(tracking=tracking), size, profile)

    assert data.startswith(b"\x1b@") and b"\x1dV" in data[-4:]
    assert escpos_raster_images(data) == []  # no image at all
    barcodes = escpos_barcodes(data)
    assert [m for m, _ in barcodes] == [73, 73]  # GS k CODE128, function B
    (tracking_values, tracking_text), (sscc_values, sscc_text) = (
        escpos_code128_values(payload) for _, payload in barcodes
    )
    assert tracking_text == tracking
    assert sscc_values[:2] == [105, 102]  # code set C, FNC1 first: GS1-128
    assert sscc_text == "00" + SSCC
    # What a printer draws from those bytes reads back as the tracking number and the SSCC.
    assert decoded(modules_image(code128_modules(tracking_values))) == {"Code128": tracking}
    assert decoded(modules_image(code128_modules(sscc_values))) == {"GS1-128": f"(00){SSCC}"}
    assert escpos_qr_codes(data) == [QR.encode()]
    text = flat(escpos_text(data))
    assert "Erika Mustermann" in text and "ORD-2024-000123" in text and "Parcel 2 of 3" in text
    assert "(00) 1 0614141 123456789 7" in text
    text_widths_fit(data, int(profile.width_px or 576))


@pytest.mark.parametrize("size", LABEL_SIZES, ids=SIZE_IDS)
def test_escpos_native_label_is_under_1_kb(size: LabelSize) -> None:
    data = render_escpos(make_label(), size, PRINTERS[size.name])
    assert len(data) < 1024, len(data)
    long = render_escpos(make_label(ship_to=LONG, tracking=UPS), size, PRINTERS[size.name])
    assert len(long) < 1400, len(long)


@pytest.mark.parametrize("size", [LABEL_4X6_203, LABEL_4X6_300], ids=SIZE_IDS[:2])
@pytest.mark.parametrize("ship_to", [HOME, LONG, INTERNATIONAL], ids=["home", "long", "intl"])
def test_escpos_native_label_as_printed_fits_the_label_and_scans(
    size: LabelSize, ship_to: Address
) -> None:
    """The job run on a printer's paper: every line, barcode and the QR code (printed below
    the parcel lines, not beside them as in the layout) ends on the die-cut label."""
    profile = PRINTERS[size.name]
    label = make_label(ship_to=ship_to, qr=None)
    paper = print_escpos(
        render_escpos(label, size, profile), int(profile.width_px or 0), dpi=size.dpi
    )

    assert size.height_px is not None and paper.ink_bottom <= size.height_px
    assert decoded(paper.image) == expected(qr=label.qr_text)


def test_escpos_native_long_address_fits_the_paper_and_the_label() -> None:
    data = render_escpos(make_label(ship_to=LONG, tracking=UPS), LABEL_4X6_203, ESCPOS_4INCH_203)
    text_widths_fit(data, 832)
    text = flat(escpos_text(data))
    assert "Sankt Peter-Ording" in text and "Bundesrepublik Deutschland" in text


def test_escpos_native_falls_back_to_raster_where_the_profile_lacks_commands() -> None:
    cases: list[tuple[EscposProfile, LabelSize]] = [
        (BARE, RECEIPT_80MM),
        (EscposProfile("NT-5890K"), RECEIPT_58MM),
    ]
    for profile, size in cases:
        data = render_escpos(make_label(tracking=UPS), size, profile)
        assert escpos_barcodes(data) == [] and escpos_qr_codes(data) == []
        found: dict[str, str] = {}
        for image in escpos_raster_images(data):
            found.update(decoded(image))
        assert found == expected(UPS)
        text = escpos_text(data, profile.base)
        assert "Erika Mustermann" in flat(text)


def test_escpos_prints_international_text_from_code_pages() -> None:
    data = render_escpos(make_label(ship_to=INTERNATIONAL), RECEIPT_80MM, "TM-T20II")
    text = flat(escpos_text(data, "TM-T20II"))

    for word in (
        "Ζωή",
        "Παπαδοπούλου",
        "Иван Петров",
        "ул. Ленина",
        "€",
        "Église",
        "Straße",
        "Ångström",
    ):
        assert word in text, word
    assert "final" in text  # the ligature has no code page: decomposed
    assert b"\x1bt" in data  # code page switches
    assert not any(b"?" in c.payload for c in parse_escpos(data) if c.name == "TEXT")


def test_escpos_transliterates_what_the_code_pages_lack() -> None:
    data = render_escpos(make_label(ship_to=INTERNATIONAL), RECEIPT_80MM, BARE)  # CP437 only
    text = flat(escpos_text(data, "simple"))

    for word in ("Zoi Papadopoulou", "Ivan Petrov, ul. Lenina 5", "12,50 EUR", "Straße", "Église"):
        assert word in text, word
    assert "Zólc" in text  # Ż ó ł ć: ó is in CP437, the others lose their accents
    assert not any(b"?" in c.payload for c in parse_escpos(data) if c.name == "TEXT")


def test_escpos_prints_a_script_without_code_page_as_an_image() -> None:
    armenian = Address("Արամ Խաչատրյան", "Abovyan 5", city="Yerevan", country="Armenia")
    data = render_escpos(make_label(ship_to=armenian, sscc=None, qr=None), RECEIPT_80MM, "TM-T20II")

    images = escpos_raster_images(data)
    assert len(images) == 1  # the address block, drawn in DejaVu Sans
    assert "Yerevan" not in escpos_text(data)  # the whole block is the image
    assert not any(b"?" in c.payload for c in parse_escpos(data) if c.name == "TEXT")
    assert escpos_barcodes(data)  # the barcode stays native


def test_text_without_any_glyph_is_marked_not_invented() -> None:
    printed, complete = printable_text("東京 Taro", windows_1252)
    assert printed == "?? Taro" and not complete
    printed, complete = printable_text("Ёжик €5 ß", lambda c: c.isascii())
    assert printed == "Ezhik EUR5 ss" and complete


def test_control_characters_cannot_inject_escpos_commands() -> None:
    label = make_label(ship_to=Address("Eve\x1dV\x00", "Line\x1b@two", city="Town"))
    data = render_escpos(label, RECEIPT_80MM, "TM-T20II")
    assert data.count(b"\x1dV") == 1 and data.count(b"\x1b@") == 1
    assert "Eve V" in escpos_text(data) and "Line @two" in escpos_text(data)


# -- sending ---------------------------------------------------------------------------------


def test_jobs_reach_a_network_printer_unchanged() -> None:
    label = make_label()
    jobs = [
        render_escpos(label, LABEL_4X6_203, ESCPOS_4INCH_203),
        render_zpl(label, LABEL_4X6_203).encode("utf-8"),
    ]
    with VirtualPrinter() as printer:
        for job in jobs:
            with socket.create_connection(printer.address, timeout=2.0) as connection:
                connection.sendall(job)
        received = printer.wait_for_jobs(2)
    assert received == jobs


# -- packing slip ----------------------------------------------------------------------------


def slip(lines: int = 40) -> PackingSlip:
    return PackingSlip(
        "ORD-2024-000123",
        INTERNATIONAL,
        tuple(
            PackingSlipLine(
                f"SKU-{i:04d}",
                f"Widget number {i} with a rather long descriptive name",
                i % 5 + 1,
                lots=(f"LOT{i}A",) if i % 2 else (),
                serials=tuple(f"SN{i}{j:05d}" for j in range(i % 7)),
            )
            for i in range(lines)
        ),
        sender=SENDER,
    )


def all_text(layout: Layout) -> str:
    return "\n".join(line for e in layout.elements if isinstance(e, TextBlock) for line in e.lines)


@pytest.mark.parametrize("size", [PAGE_A4, LABEL_4X6_203, RECEIPT_80MM], ids=["a4", "4x6", "80mm"])
def test_packing_slip_pages(size: LabelSize) -> None:
    layouts = layout_packing_slip(slip(), size)
    pages = render_packing_slip_pages(slip(), size)

    assert len(pages) == len(layouts)
    if size.continuous:
        assert len(pages) == 1
    else:
        assert len(pages) > 1
        for number, layout in enumerate(layouts, 1):
            assert f"Page {number} of {len(layouts)}" in all_text(layout)
    for layout in layouts:
        for element in layout.elements:
            assert element.box.within(layout.width, layout.height)
    text = flat("\n".join(all_text(layout) for layout in layouts))
    for i in range(40):
        assert f"SKU-{i:04d}" in text
    assert "Lot: LOT39A" in text and "SN3900003" in text
    assert "Иван Петров" in text
    assert decoded(pages[0]) == {"Code128": "ORD-2024-000123"}
    barcode = layouts[0].find("order_barcode")
    assert isinstance(barcode, Barcode)


def test_packing_slip_pdf_has_a_page_per_page() -> None:
    pdf = render_packing_slip_pdf(slip(), PAGE_A4)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page\n")
    assert pages == len(render_packing_slip_pages(slip(), PAGE_A4)) == 2
    match = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert match is not None
    assert [round(float(v) / 72 * 25.4) for v in match.groups()] == [210, 297]


def test_packing_slip_as_escpos_text() -> None:
    data = render_packing_slip_escpos(slip(8), "TM-T88V")
    text = flat(escpos_text(data, "TM-T88V"))

    assert "PACKING SLIP" in text and "Order ORD-2024-000123" in text
    assert "3 x SKU-0002" in text and "Lot: LOT7A" in text and "SN600005" in text
    assert "Иван Петров" in text
    assert escpos_raster_images(data) == []
    ((_, payload),) = escpos_barcodes(data)
    assert escpos_code128_values(payload)[1] == "ORD-2024-000123"
    text_widths_fit(data, 512)
