"""Labels bought upstream (by the shop, from the carrier) printed as they came.

A ZPL label goes to a ZPL printer unchanged, once ``upstream_zpl.check_zpl`` has found it to be
a plain label (no printer resets, configuration or network commands). A PNG or PDF label is
turned into the printer's own raster format at the printer's resolution, without scaling:
ESC/POS raster for ESC/POS printers, a ZPL ``^GFA`` graphic for ZPL printers. (A ZPL label
cannot go to an ESC/POS printer: refused.)

Bounded before anything is decoded, so that a hostile or broken file cannot take the station's
memory or time:

* the format is what the file's first bytes say (PNG signature, ``%PDF-``, ZPL ``^``/``~``),
  never only what the order says; a mismatch is refused with both named, and nothing but PNG
  reaches Pillow (``formats=["PNG"]``), nothing but PDF reaches PDFium;
* a PNG or PDF file is at most ``MAX_FILE_BYTES``;
* a PNG's pixel size is read from its IHDR header, a PDF page's size from PDFium
  (``get_size``) before rendering, and both are checked against the printer's label (width
  and height, ``TOLERANCE`` over allowed; continuous paper up to ``CONTINUOUS_MAX_MM`` long)
  and an absolute ``MAX_PIXELS``;
* a PDF has exactly one page: one label per parcel. A carrier PDF with a page per parcel, or a
  label with customs pages, is refused with the page count rather than half printed.

The few dots a label may be over (within the tolerance) are cut off only when they are blank;
a label that would lose printed dots is refused with the sizes, never clipped.
"""

from __future__ import annotations

import io
import math
import struct

import pypdfium2
from PIL import Image

from app.adapters.devices.labels.escpos_render import EscposProfile, escpos_raster_job
from app.adapters.devices.labels.layout import LabelDoesNotFit
from app.adapters.devices.labels.upstream_zpl import check_zpl
from app.domain.labels import LabelSize

FORMATS = ("zpl", "png", "pdf")
MAX_FILE_BYTES = 10 * 1024 * 1024  # a carrier's 4x6 PDF or PNG is well under 1 MB
TOLERANCE = 0.02  # a label may be 2 % larger than the printer's (blank edges are cut off)
CONTINUOUS_MAX_MM = 300.0  # the longest label accepted on continuous (receipt) paper
MAX_PIXELS = 6_000_000  # whatever the paper: 4x6 in at 300 dpi is 2.2 million dots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What a file that is none of the three is, to name it in the refusal.
_OTHER_FORMATS = (
    (b"%!PS", "PostScript/EPS"),
    (b"\xc5\xd0\xd3\xc6", "PostScript/EPS"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"RIFF", "WebP/RIFF"),
    (b"PK\x03\x04", "ZIP"),
    (b"<?xml", "SVG/XML"),
    (b"<svg", "SVG"),
)


class UpstreamLabelRefused(LabelDoesNotFit):
    """The label bought upstream cannot be printed as it is; the message says why."""


def sniff(data: bytes) -> str:
    """What the file is by its first bytes: ``png``, ``pdf``, ``zpl`` or words for the
    refusal (``a JPEG file``, ``a PostScript/EPS file``, ``empty``, ``of an unknown kind``)."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if b"%PDF-" in data[:1024]:  # PDF readers allow junk before the header
        return "pdf"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"^", b"~"):
        return "zpl"
    for magic, name in _OTHER_FORMATS:
        if head.startswith(magic):
            return f"a {name} file"
    return "empty" if not data else "of an unknown kind"


def upstream_image(data: bytes, label_format: str, size: LabelSize) -> Image.Image:
    """A PNG, or a one-page PDF drawn at the printer's resolution, as a 1-bit image that fits
    ``size``; refused (``UpstreamLabelRefused``) before decoding when it cannot."""
    name = label_format.upper()
    if len(data) > MAX_FILE_BYTES:
        raise UpstreamLabelRefused(
            f"The {name} label bought upstream is a {len(data) / 1e6:.1f} MB file; at most "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB is accepted for one label."
        )
    if label_format == "png":
        gray = _png_image(data, size)
    elif label_format == "pdf":
        gray = _pdf_image(data, size)
    else:
        raise UpstreamLabelRefused(f"A {name} label is not an image.")
    return _fit(_one_bit(gray), name, size)


def _limits(size: LabelSize) -> tuple[int, int]:
    """The largest label in dots (width, height) this paper accepts."""
    width = math.floor(size.width_px * (1 + TOLERANCE))
    if size.height_px is None:
        return width, size.px(CONTINUOUS_MAX_MM)
    return width, math.floor(size.height_px * (1 + TOLERANCE))


def _paper(size: LabelSize) -> str:
    if size.height_px is None:
        return f"{size.width_px} dots wide ({size.name}, at most {CONTINUOUS_MAX_MM:.0f} mm long)"
    return f"{size.width_px} x {size.height_px} dots ({size.name})"


def _check_size(what: str, width: int, height: int, size: LabelSize) -> None:
    """Refuse a label of ``width`` x ``height`` dots that the paper cannot take."""
    max_width, max_height = _limits(size)
    if width <= 0 or height <= 0:
        raise UpstreamLabelRefused(f"{what} is empty ({width} x {height} dots).")
    if width > max_width or height > max_height or width * height > MAX_PIXELS:
        raise UpstreamLabelRefused(
            f"{what} is {width} x {height} dots, larger than this printer's labels "
            f"({_paper(size)}); it would be cut off, so it is not printed."
        )


def _png_image(data: bytes, size: LabelSize) -> Image.Image:
    what = "The PNG label bought upstream"
    # The IHDR chunk comes first: length 13, "IHDR", width, height (big-endian).
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise UpstreamLabelRefused(f"{what} is damaged: its header is missing.")
    width, height = struct.unpack(">II", data[16:24])
    _check_size(what, width, height, size)
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            if image.size != (width, height):
                raise UpstreamLabelRefused(f"{what} is damaged: its header contradicts itself.")
            frames = getattr(image, "n_frames", 1)
            if frames > 1:
                raise UpstreamLabelRefused(f"{what} is animated ({frames} frames).")
            image.load()
            return _on_white(image)
    except UpstreamLabelRefused:
        raise
    except Exception as exc:  # Pillow reports damage as OSError, SyntaxError, zlib.error, ...
        raise UpstreamLabelRefused(
            f"{what} cannot be read: the file is damaged or cut short ({type(exc).__name__})."
        ) from exc


def _on_white(image: Image.Image) -> Image.Image:
    """The image in grey levels, transparent parts white (as the paper is)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return image.convert("L")


def _pdf_image(data: bytes, size: LabelSize) -> Image.Image:
    what = "The PDF label bought upstream"
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UpstreamLabelRefused(
            f"{what} cannot be opened: the file is damaged or password-protected."
        ) from exc
    try:
        pages = len(document)
        if pages == 0:
            raise UpstreamLabelRefused(f"{what} has no page.")
        if pages > 1:
            raise UpstreamLabelRefused(
                f"{what} has {pages} pages; one label per parcel is expected."
            )
        page = document[0]
        width_pt, height_pt = page.get_size()
        scale = size.dpi / 72
        width, height = round(width_pt * scale), round(height_pt * scale)
        _check_size(
            f"{what} (a page of {width_pt * 25.4 / 72:.0f} x {height_pt * 25.4 / 72:.0f} mm)",
            width,
            height,
            size,
        )
        try:
            bitmap = page.render(scale=scale, grayscale=True)
            page_image: Image.Image = bitmap.to_pil()
        except pypdfium2.PdfiumError as exc:
            raise UpstreamLabelRefused(f"{what} cannot be drawn: the page is damaged.") from exc
    finally:
        document.close()
    return page_image.convert("L")


def _one_bit(gray: Image.Image) -> Image.Image:
    return gray.point(lambda v: 255 if v >= 128 else 0).convert("1")


def _fit(image: Image.Image, name: str, size: LabelSize) -> Image.Image:
    """``image`` cut to the paper when only blank dots are over; refused otherwise."""
    width = min(image.width, size.width_px)
    height = image.height if size.height_px is None else min(image.height, size.height_px)
    if (width, height) == image.size:
        return image
    # In "1" mode black is 0: the strips cut off must hold no black dot.
    right = image.crop((width, 0, image.width, image.height))
    bottom = image.crop((0, height, image.width, image.height))
    for strip in (right, bottom):
        if strip.width and strip.height and strip.getextrema()[0] == 0:
            raise UpstreamLabelRefused(
                f"The {name} label bought upstream is {image.width} x {image.height} dots and "
                f"printed to its edge, larger than this printer's labels ({_paper(size)}); "
                "it would be cut off, so it is not printed."
            )
    return image.crop((0, 0, width, height))


def zpl_graphic_job(image: Image.Image, size: LabelSize) -> str:
    """``image`` as one ZPL label: a ``^GFA`` graphic at the top left corner."""
    if image.width > size.width_px:
        raise LabelDoesNotFit(
            f"The label image is {image.width} dots wide, but the printer's labels are "
            f"{size.width_px} dots wide."
        )
    bitmap = image.convert("1")
    row_bytes = (bitmap.width + 7) // 8
    # PIL "1" packs 1 for white; ZPL wants 1 for black: invert while packing.
    raw = bytes(b ^ 0xFF for b in bitmap.tobytes("raw", "1"))
    padded = b"".join(raw[row * row_bytes : (row + 1) * row_bytes] for row in range(bitmap.height))
    total = len(padded)
    height = size.height_px or bitmap.height
    return (
        f"^XA^CI28^PW{size.width_px}^LL{height}"
        f"^FO0,0^GFA,{total},{total},{row_bytes},{padded.hex().upper()}^FS^XZ"
    )


def upstream_job(
    data: bytes, label_format: str, language: str, size: LabelSize, profile: EscposProfile
) -> tuple[bytes, Image.Image | None]:
    """The bytes to send for a label bought upstream, and its image for the preview (None for
    ZPL passed through). Raises ``LabelDoesNotFit`` (``UpstreamLabelRefused``) with the reason
    for anything that cannot print right."""
    declared = label_format.strip().lower()
    if declared not in FORMATS:
        raise UpstreamLabelRefused(
            f"The label bought upstream is declared {label_format.strip()!r}: only ZPL, PNG "
            "or PDF labels are printed."
        )
    found = sniff(data)
    if found != declared:
        shown = f"a {found.upper()} file" if found in FORMATS else found
        raise UpstreamLabelRefused(
            f"The label bought upstream is declared {declared.upper()}, but the file is "
            f"{shown}; it is not printed."
        )
    if declared == "zpl":
        if language != "zpl":
            raise UpstreamLabelRefused("A ZPL label bought upstream needs a ZPL printer.")
        check_zpl(data)
        return data, None
    image = upstream_image(data, declared, size)
    if language == "zpl":
        return zpl_graphic_job(image, size).encode("ascii"), image
    return escpos_raster_job(image, profile), image
