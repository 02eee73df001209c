"""A small vector PDF writer for documents made of text, lines and barcodes (the manifest).

Coordinates are pixels at 300 dpi from the page's top-left corner, as the Pillow-drawn sheets
use; the page content scales them to PDF points. Barcodes are filled rectangles, one per bar:
sharp at any printer's resolution, nothing to rasterise or compress as an image, so a
5,000-parcel manifest is written in a fraction of a second instead of seconds of G4 encoding.
Text is in the PDF's standard Helvetica fonts (no font embedded): characters outside Windows
code page 1252 are printed as "?".
"""

from __future__ import annotations

import zlib
from typing import Final

import barcode
from barcode.errors import BarcodeError

DPI: Final = 300
PAGE_SIZE: Final = (2480, 3508)  # A4 at 300 dpi
MODULE_PX: Final = 4  # 0.34 mm per module, as the demo sheet's barcodes
QUIET_MODULES: Final = 10
#: Characters printed as a barcode; anything else comes out differently on scanners set to
#: another keyboard layout, so it is printed as text only.
SAFE_CHARS: Final = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

_SCALE: Final = 72 / DPI
_FONTS: Final = {False: "F1", True: "F2"}


def _escaped(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def code128_modules(value: str) -> str:
    """The Code 128 bars of ``value`` as modules ('1' bar, '0' space), without quiet zones.
    Raises ``ValueError`` for characters outside :data:`SAFE_CHARS`."""
    if not value or not set(value) <= SAFE_CHARS:
        raise ValueError(f"{value!r}: only digits and capital letters A-Z print as a barcode")
    try:
        return str(barcode.get("code128", value).build()[0])
    except BarcodeError as exc:  # pragma: no cover - the check above keeps these out
        raise ValueError(f"cannot encode {value!r} as Code 128: {exc}") from exc


class VectorPdf:
    """Pages of A4 drawn with :meth:`text`, :meth:`line` and :meth:`code128`."""

    def __init__(self, title: str) -> None:
        self._title = title
        self._pages: list[list[bytes]] = []

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def new_page(self) -> None:
        # Scale pixels at 300 dpi to points; y still counts up from the bottom.
        self._pages.append([f"{_SCALE:.4f} 0 0 {_SCALE:.4f} 0 0 cm\n".encode()])

    def _ops(self) -> list[bytes]:
        if not self._pages:
            self.new_page()
        return self._pages[-1]

    def text(self, x: int, baseline: int, text: str, size: int, bold: bool = False) -> None:
        """``text`` starting at ``x`` on the line ``baseline`` (pixels from the top)."""
        y = PAGE_SIZE[1] - baseline
        self._ops().append(
            b"BT /%s %d Tf %d %d Td (%s) Tj ET\n"
            % (_FONTS[bold].encode(), size, x, y, _escaped(text))
        )

    def text_on(self, page: int, x: int, baseline: int, text: str, size: int) -> None:
        """:meth:`text` on an earlier page (numbered from 0): page numbers "of N" at the end."""
        y = PAGE_SIZE[1] - baseline
        self._pages[page].append(
            b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, _escaped(text))
        )

    def line(self, x1: int, y1: int, x2: int, y2: int, width: int) -> None:
        h = PAGE_SIZE[1]
        self._ops().append(b"%d w %d %d m %d %d l S\n" % (width, x1, h - y1, x2, h - y2))

    def code128(self, x: int, top: int, value: str, bar_height: int, human_text: bool) -> int:
        """``value``'s bars with their quiet zones from (``x``, ``top``), the value in text
        under them if ``human_text``; returns the width drawn. ``ValueError`` as
        :func:`code128_modules`."""
        modules = code128_modules(value)
        quiet = QUIET_MODULES * MODULE_PX
        bottom = PAGE_SIZE[1] - top - bar_height
        rects: list[bytes] = []
        start = -1
        for i, module in enumerate(modules + "0"):
            if module == "1" and start < 0:
                start = i
            elif module != "1" and start >= 0:
                rects.append(
                    b"%d %d %d %d re"
                    % (x + quiet + start * MODULE_PX, bottom, (i - start) * MODULE_PX, bar_height)
                )
                start = -1
        self._ops().append(b"\n".join(rects) + b" f\n")
        width = 2 * quiet + len(modules) * MODULE_PX
        if human_text:
            size = 38
            text_width = int(len(value) * size * 0.556)  # Helvetica's digits and most capitals
            baseline = top + bar_height + 8 + size * 3 // 4  # Helvetica's capitals: 3/4 of the size
            self.text(x + (width - text_width) // 2, baseline, value, size)
        return width

    def pdf(self) -> bytes:
        """The document: catalogue, pages, the two fonts, one compressed stream per page."""
        if not self._pages:
            self.new_page()
        count = len(self._pages)
        objects: list[bytes] = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"",  # the page tree, once the pages' numbers are known
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
            b"/Encoding /WinAnsiEncoding >>",
            b"<< /Title (%s) /Producer (Packbench) >>" % _escaped(self._title),
        ]
        width, height = (round(side * _SCALE, 2) for side in PAGE_SIZE)
        kids = []
        for ops in self._pages:
            content = zlib.compress(b"".join(ops), 6)
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                % (len(content), content)
            )
            kids.append(len(objects) + 1)
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R "
                b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>"
                % (str(width).encode(), str(height).encode(), len(objects))
            )
        objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
            count,
            b" ".join(b"%d 0 R" % kid for kid in kids),
        )
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            xref,
        )
        return bytes(out)
