"""Labels as ESC/POS jobs, built with python-escpos's ``Dummy`` printer.

Two modes:

``"native"``
    The layout's elements top to bottom with the printer's own commands: text in its
    fonts (``ESC M``, ``GS !`` sizes, ``ESC E`` bold, ``ESC a`` alignment), the tracking number
    as ``GS k`` CODE128 (m = 73, code sets ``{B``/``{C``), the SSCC as ``GS k`` CODE128 with
    ``{C{1``: FNC1 in first position makes it a GS1-128 (python-escpos's own "GS1-128", m = 74,
    takes a different data format that python-escpos does not build, and fewer printers
    have it), and the QR code as ``GS ( k``. What the profile lacks becomes a raster image of
    just that element (``GS v 0``): barcodes without ``barcodeB``, QR codes without
    ``qrCode``, and text blocks in a script that no code page has and that cannot be
    transliterated (see ``charset``). Text is wrapped at the columns the printer font has in
    the block's width; on a die-cut label the largest fonts are made smaller (the address
    first), then the QR code's modules, until the job's height fits the label (``escpos_plan``).
    A 4x6 label is about 0.5 KB.
``"raster"``
    The whole label as one raster image (``GS v 0``, or ``ESC *`` on printers with column
    images only): about 124 KB for a 4x6 label at 203 dpi.

Either way a label wider than the profile's paper is refused (``LabelDoesNotFit``) with a
message naming both widths; so is any image through ``escpos_raster_job``. Text in native mode
is made printable with the profile's code pages first (``charset``); python-escpos then picks
the code page (``ESC t``) for each run of text.

python-escpos has no profile for 4-inch ESC/POS label printers: ``EscposProfile`` takes a
profile's commands and code pages with another paper width (``ESCPOS_4INCH_203``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from escpos.capabilities import Profile, get_profile_class
from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image, ImageDraw

from app.adapters.devices.labels.escpos_plan import (
    FONT_A,
    NativeStyle,
    feed_dots,
    fit_plan,
    native_text_lines,
)
from app.adapters.devices.labels.image_render import draw_element, draw_layout
from app.adapters.devices.labels.layout import (
    Barcode,
    Element,
    LabelDoesNotFit,
    Layout,
    QrCode,
    Rule,
    TextBlock,
    layout_label,
)
from app.domain.labels import LabelContent, LabelSize

__all__ = [
    "ESCPOS_4INCH_203",
    "EscposMode",
    "EscposProfile",
    "NativeStyle",
    "escpos_can_print",
    "escpos_printer",
    "escpos_raster_job",
    "native_text_lines",
    "paper_width_px",
    "receipt_size_for",
    "render_escpos",
    "render_layout_escpos",
]

EscposMode = Literal["native", "raster"]


@dataclass(frozen=True)
class EscposProfile:
    """A python-escpos profile (``base``: "TM-T20II", ...) with, optionally, another printable
    width in dots and resolution: for printers python-escpos has no profile for."""

    base: str
    width_px: int | None = None
    dpi: int | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.base


#: A 4-inch ESC/POS label printer (104 mm print head, 832 dots at 203 dpi; Xprinter, HPRT and
#: similar in ESC/POS mode) with Epson TM-T20II commands and code pages.
ESCPOS_4INCH_203 = EscposProfile("TM-T20II", width_px=832, dpi=203, name="4-inch ESC/POS printer")

ProfileArg = str | EscposProfile


def _as_profile(profile: ProfileArg) -> EscposProfile:
    return EscposProfile(profile) if isinstance(profile, str) else profile


@lru_cache(maxsize=64)
def _profile_object(profile: EscposProfile) -> Any:
    base = get_profile_class(profile.base)
    data = copy.deepcopy(base.profile_data)
    media = data.setdefault("media", {})
    if profile.width_px is not None:
        media.setdefault("width", {})["pixels"] = profile.width_px
    if profile.dpi is not None:
        media["dpi"] = profile.dpi
    custom = type("PackbenchProfile", (Profile,), {"profile_data": data})
    return custom(features=data.get("features", {}))


def escpos_printer(profile: ProfileArg) -> Dummy:
    """A python-escpos ``Dummy`` printer (collects bytes in ``.output``) for ``profile``."""
    return Dummy(profile=_profile_object(_as_profile(profile)))


def _media(profile: ProfileArg) -> dict[str, Any]:
    media: dict[str, Any] = _profile_object(_as_profile(profile)).profile_data.get("media", {})
    return media


def paper_width_px(profile: ProfileArg) -> int | None:
    """The printable width in dots, None if the profile does not know it."""
    try:
        return int(_media(profile)["width"]["pixels"])
    except (KeyError, TypeError, ValueError):
        return None


def _dpi(profile: ProfileArg) -> int | None:
    try:
        return int(_media(profile)["dpi"])
    except (KeyError, TypeError, ValueError):
        return None


def receipt_size_for(profile: ProfileArg) -> LabelSize:
    """Continuous paper as wide as ``profile`` prints (512 dots on a TM-T88V)."""
    width = paper_width_px(profile)
    if width is None:
        raise ValueError(_unknown_width(profile))
    dpi = _dpi(profile) or 203
    width_mm = width / dpi * 25.4
    paper_mm = 80.0 if 60 < width_mm <= 80 else 58.0 if width_mm <= 58 else width_mm
    return LabelSize(
        f"receipt paper on {_as_profile(profile).label} ({width} dots, {dpi} dpi)",
        round(width_mm, 2),
        None,
        dpi,
        width,
        side_margin_mm=max(0.0, (paper_mm - width_mm) / 2),
    )


def _unknown_width(profile: ProfileArg) -> str:
    return (
        f"Printer profile {_as_profile(profile).label} does not say how wide its paper is: "
        "use EscposProfile(base, width_px=...) to give the printable width in dots."
    )


def _check_width(width: int, profile: ProfileArg, what: str) -> int:
    paper = paper_width_px(profile)
    if paper is None:
        raise ValueError(_unknown_width(profile))
    if width > paper:
        raise LabelDoesNotFit(
            f"{what} is {width} dots wide, but printer {_as_profile(profile).label} prints at "
            f"most {paper} dots: choose a size for this printer's paper or a wider printer."
        )
    return paper


def _supports(printer: Escpos, feature: str) -> bool:
    return bool(printer.profile.supports(feature))


def _image_impl(printer: Escpos) -> str:
    for impl in ("bitImageRaster", "bitImageColumn", "graphics"):
        if _supports(printer, impl):
            return impl
    return "bitImageRaster"


def _print_image(printer: Escpos, image: Image.Image) -> None:
    printer.image(image, impl=_image_impl(printer), center=False)


def escpos_raster_job(image: Image.Image, profile: ProfileArg, *, cut: bool = True) -> bytes:
    """``image`` as a raster ESC/POS job (initialise, image, cut).

    Raises ``LabelDoesNotFit`` when the image is wider than the profile's paper, rather than
    letting the printer clip or wrap it.
    """
    _check_width(image.width, profile, f"The image ({image.width}x{image.height})")
    printer = escpos_printer(profile)
    printer.hw("INIT")
    _print_image(printer, image)
    if cut:
        printer.cut()
    return bytes(printer.output)


# -- native ----------------------------------------------------------------------------------


class _Native:
    def __init__(
        self,
        printer: Escpos,
        layout: Layout,
        raster_source: Callable[[], Layout],
        can_print: Callable[[str], bool],
    ) -> None:
        self.p = printer
        self.can_print = can_print
        self.layout = layout
        self._raster_source = raster_source
        self._raster_layout: Layout | None = None
        self.current: dict[str, bytes] = {}
        self.has_font_b = "1" in (printer.profile.fonts or {})
        self.dpmm = layout.size.dots_per_mm

    def state(
        self, font: str, width: int, height: int, bold: bool, align: Literal["left", "center"]
    ) -> None:
        """Emit only the commands that change the printer's text state: ``ESC M`` font,
        ``GS !`` size, ``ESC E`` bold, ``ESC a`` alignment."""
        if font == "b" and not self.has_font_b:
            font = "a"
        wanted = {
            "font": b"\x1bM" + (b"\x01" if font == "b" else b"\x00"),
            "size": b"\x1d!" + bytes([((width - 1) << 4) | (height - 1)]),
            "bold": b"\x1bE" + (b"\x01" if bold else b"\x00"),
            "align": b"\x1ba" + (b"\x01" if align == "center" else b"\x00"),
        }
        for key, command in wanted.items():
            if self.current.get(key) != command:
                self.p._raw(command)
                self.current[key] = command

    def apply(self, style: NativeStyle) -> None:
        m = style.magnification
        self.state(style.font, m, m, style.bold, style.align)

    def feed(self, mm: float) -> None:
        self.p._raw(b"\x1bJ" + bytes([feed_dots(mm, self.dpmm)]))

    def raster(self, element: Element) -> None:
        """``element`` as a raster strip as wide as the layout (so no alignment is needed)."""
        box = element.box
        strip = Image.new("1", (self.layout.width, box.height), 1)
        draw_element(ImageDraw.Draw(strip), element, (0, box.y))
        self.state("a", 1, 1, False, "left")
        _print_image(self.p, strip)

    def text(self, block: TextBlock, style: NativeStyle) -> None:
        if not block.complete:
            source = self._raster_twin(block)
            if source is not None:
                self.raster(source)
                return
        self.apply(style)
        for line in native_text_lines(block, style):
            self.p.textln(line)

    def _raster_twin(self, block: TextBlock) -> TextBlock | None:
        """The same block laid out for an image, if DejaVu can draw all of it."""
        if self._raster_layout is None:
            self._raster_layout = self._raster_source()
        for element in self._raster_layout.elements:
            if isinstance(element, TextBlock) and element.role == block.role:
                return element if element.complete else None
        return None

    def rule(self, rule: Rule) -> None:
        """A line of box-drawing characters in 4x wide font A: a few bytes for a whole line
        (dashes where no code page has the box-drawing character)."""
        self.state("a", 4, 1, False, "left")
        char = "\u2500" if self.can_print("\u2500") else "-"
        self.p.textln(char * max(1, rule.box.width // (FONT_A[0] * 4)))

    def barcode(self, barcode: Barcode) -> None:
        self.feed(1.0)
        if _supports(self.p, "barcodeB"):
            # The public barcode() decides between hardware and software itself and print()s
            # its choice to stdout; the choice is made here, from the same profile feature.
            self.p._hw_barcode(
                barcode.symbol.escpos_data().decode("latin-1"),
                "CODE128",
                height=max(1, min(255, barcode.box.height)),
                width=max(2, min(6, barcode.module)),
                pos="OFF",
                font="A",
                align_ct=True,
                function_type="B",
            )
            self.p._raw(b"\n")
            self.current.pop("align", None)  # _hw_barcode centred
        else:
            self.raster(barcode)
        self.feed(1.0)

    def qr(self, qr: QrCode, module: int) -> None:
        if _supports(self.p, "qrCode"):
            self.state("a", 1, 1, False, "center")
            self.p.qr(qr.symbol.data, ec=QR_ECLEVEL_M, size=max(1, min(16, module)), native=True)
            self.p._raw(b"\n")
        else:
            self.raster(qr)


def render_layout_escpos(
    layout: Layout, profile: ProfileArg, raster_source: Callable[[], Layout] | None = None
) -> bytes:
    """A native ESC/POS job for ``layout`` (whose text was made printable for ``profile``).
    ``raster_source`` makes the same content laid out for images, asked for only when a text
    block has characters no code page has (that block then prints as an image)."""
    printer = escpos_printer(profile)
    native = _Native(printer, layout, raster_source or (lambda: layout), escpos_can_print(profile))
    plan = fit_plan(layout)
    printer.hw("INIT")
    for element in layout.elements:
        if isinstance(element, TextBlock):
            native.text(element, plan.styles[element.role])
        elif isinstance(element, Rule):
            native.rule(element)
        elif isinstance(element, Barcode):
            native.barcode(element)
        elif isinstance(element, QrCode):
            native.qr(element, plan.qr_module[element.role])
    native.state("a", 1, 1, False, "left")
    printer.cut()
    return bytes(printer.output)


def escpos_can_print(profile: ProfileArg) -> Callable[[str], bool]:
    """Whether one of the profile's code pages has a character (ASCII always)."""
    return _can_print_for(_as_profile(profile))


@lru_cache(maxsize=64)
def _can_print_for(profile: EscposProfile) -> Callable[[str], bool]:
    encoder = Encoder(_profile_object(profile).get_code_pages())
    encodings = list(encoder.codepages)

    @lru_cache(maxsize=4096)
    def can_print(char: str) -> bool:
        if char.isascii():
            return char.isprintable()
        return any(encoder.can_encode(encoding, char) for encoding in encodings)

    return can_print


def render_escpos(
    content: LabelContent,
    size: LabelSize,
    profile: ProfileArg = ESCPOS_4INCH_203,
    mode: EscposMode = "native",
) -> bytes:
    """The label as an ESC/POS job for ``profile`` (a python-escpos profile name or an
    ``EscposProfile``).

    Raises ``LabelDoesNotFit`` when ``size`` is wider than the profile's paper (or the content
    cannot fit the label), ``ValueError`` for a bad mode or a profile of unknown width.
    """
    if mode not in ("native", "raster"):
        raise ValueError(f"unknown ESC/POS mode {mode!r}: use 'native' or 'raster'")
    _check_width(size.width_px, profile, f"The label ({size.name})")
    if mode == "raster":
        return escpos_raster_job(draw_layout(layout_label(content, size)), profile)
    layout = layout_label(content, size, can_print=escpos_can_print(profile))
    return render_layout_escpos(layout, profile, lambda: layout_label(content, size))
