"""Label files as they might come from upstream, made by hand for tests: PNGs of any pixel
size written row by row (a one-colour 20,000 x 20,000 PNG is a few KB and never exists
decoded), PDFs with any page size, and the upstream label of the integration tests."""

from __future__ import annotations

import io
import struct
import zlib

import pypdfium2
from PIL import Image

from app.adapters.devices.labels import render_pdf, render_png
from app.domain.labels import LABEL_4X6_203, Address, LabelContent, LabelSize

TRACKING = "1Z999AA10123456784"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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


def label_image(size: LabelSize = LABEL_4X6_203) -> Image.Image:
    return render_png(upstream_label(), size)


def label_pdf(size: LabelSize = LABEL_4X6_203) -> bytes:
    return render_pdf(upstream_label(), size)


def png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def blank_png(width: int, height: int) -> bytes:
    """A white 1-bit PNG of ``width`` x ``height`` pixels, compressed one row at a time."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter type 0, then white pixels
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def pdf_page(width_pt: float, height_pt: float) -> bytes:
    """A one-page PDF with an empty page of ``width_pt`` x ``height_pt`` points, by hand."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] >>".encode(),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    return out + f"startxref\n{xref}\n%%EOF\n".encode()


def pdf_pages(count: int, width_pt: float = 288, height_pt: float = 432) -> bytes:
    """A PDF of ``count`` empty pages (4x6 in by default), as PDFium writes it."""
    document = pypdfium2.PdfDocument.new()
    for _ in range(count):
        document.new_page(width_pt, height_pt)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()
