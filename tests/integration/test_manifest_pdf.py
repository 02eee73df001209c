"""The manifest PDF (vector bars, standard fonts) read back by PDFium: every tracking number
decodes from its page, the manifest's own barcode too, the text is there (characters outside
Windows-1252 as "?"), a number a scanner keyboard may mistype is text only, and page numbers
count the pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pypdfium2
import zxingcpp
from PIL import Image

from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.documents.vector_pdf import code128_modules
from app.domain.handoff import ManifestHeader, ManifestLine
from app.domain.tracking import format_s10

AT = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def _line(i: int, number: str, reference: str) -> ManifestLine:
    return ManifestLine(i, reference, number, None, 1000 + i, AT, AT)


def _read(pdf: bytes) -> tuple[list[str], list[str]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        codes: list[str] = []
        texts: list[str] = []
        for index in range(len(document)):
            page = document[index]
            image: Image.Image = page.render(scale=300 / 72).to_pil()
            codes.extend(r.text for r in zxingcpp.read_barcodes(image.convert("L")))
            texts.append(" ".join(page.get_textpage().get_text_range().split()))
        return codes, texts
    finally:
        document.close()


def test_every_barcode_decodes_and_the_text_is_there() -> None:
    numbers = [format_s10("JJ", 30_000_000 + i, "DE") for i in range(70)]
    lines = [_line(i, n, f"SHOP-{i}") for i, n in enumerate(numbers)]
    lines.append(_line(99, "1z-999/aa", "Müller & Söhne (Ünïcode ✓)"))
    header = ManifestHeader(42, "DHL", "EXPRESS", AT, AT, "Dana Dock")

    pdf = ManifestSheet().pdf(header, lines)

    codes, texts = _read(pdf)
    assert sorted(codes) == sorted([header.code, *numbers])
    assert len(texts) == 3  # 22 parcels on page one, 30 on the next ones
    assert texts[0].startswith("Manifest DHL EXPRESS")
    assert "Parcels: 71 Total weight: 73.51 kg" in texts[0]
    assert "by Dana Dock" in texts[0]
    assert all(f"MFT00000042 DHL EXPRESS page {n} of 3" in texts[n - 1] for n in (1, 2, 3))
    whole = "\n".join(texts)
    assert "1z-999/aa" in whole  # printed as text, not as bars
    assert "Müller & Söhne (Ünïcode ?)" in whole
    assert "SHOP-69 1.07 kg" in whole


def test_only_safe_characters_become_bars() -> None:
    assert set(code128_modules("JJ123456789DE")) == {"0", "1"}
    for unsafe in ("", "jj1", "A-1", "Ä1"):
        try:
            code128_modules(unsafe)
        except ValueError as exc:
            assert "only digits and capital letters" in str(exc)
        else:
            raise AssertionError(f"{unsafe!r} was encoded")
