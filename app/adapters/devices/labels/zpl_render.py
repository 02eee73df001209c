"""Labels as ZPL II for Zebra-type label printers (raw to TCP 9100, a CUPS raw queue or the
Windows spooler).

Each element of the layout is placed at its position (``^FO``):

* text: font 0 (``^A0N,h``) in a field block (``^FB``: width, lines, line spacing) holding
  the layout's lines joined by ``\\&``, so that the printer breaks them where the layout did
  (font 0 is narrower than the DejaVu Sans the layout measures with, so a line never needs
  more room on the printer). The job is UTF-8 (``^CI28``); text is limited to Windows-1252,
  the characters font 0 has, and everything else is transliterated (see ``charset``).
  ``^``, ``~`` and ``_`` are hex escapes (``^FH_``), a backslash is ``\\\\``.
* the tracking number: ``^BC`` in mode N with explicit code sets (``>:`` start B, ``>;``
  start C, ``>5``/``>6`` switches), the same symbol and width as the other renderers.
* the SSCC: ``^BC`` mode N with ``>;>8`` (start C, FNC1) and the 20 digits ``00`` + SSCC, a
  GS1-128. Mode D (``^FD(00)...``) would make the same symbol but needs newer firmware, and
  mode N is what printers emulating ZPL all understand.
* QR: ``^BQN,2,m`` with ``^FDMA,`` (error correction M, automatic mode).
* rules: ``^GB``.

Human-readable text under barcodes is the layout's own text (``^BC`` interpretation line off).
"""

from __future__ import annotations

from app.adapters.devices.labels.charset import windows_1252
from app.adapters.devices.labels.fonts import line_gap
from app.adapters.devices.labels.layout import (
    Barcode,
    Layout,
    QrCode,
    Rule,
    TextBlock,
    layout_label,
)
from app.domain.labels import LabelContent, LabelSize

__all__ = ["layout_to_zpl", "render_zpl", "zpl_field_text"]


def zpl_field_text(text: str) -> str:
    """``text`` for a ``^FH_^FD`` field: ZPL's command prefixes and the escape character as
    hex escapes."""
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def _block_text(lines: tuple[str, ...]) -> str:
    return "\\&".join(zpl_field_text(line.replace("\\", "\\\\")) for line in lines)


def layout_to_zpl(layout: Layout) -> str:
    """``layout`` as one ZPL II label (``^XA`` ... ``^XZ``)."""
    out = ["^XA", "^CI28", f"^PW{layout.width}", f"^LL{layout.height}", "^LH0,0"]
    for element in layout.elements:
        box = element.box
        if isinstance(element, TextBlock):
            justify = "C" if element.align == "center" else "L"
            out.append(
                f"^FO{box.x},{box.y}^A0N,{element.cell},0"
                f"^FB{box.width},{len(element.lines)},{line_gap(element.cell)},{justify},0"
                f"^FH_^FD{_block_text(element.lines)}^FS"
            )
        elif isinstance(element, Rule):
            thickness = min(box.width, box.height)
            out.append(f"^FO{box.x},{box.y}^GB{box.width},{box.height},{thickness}^FS")
        elif isinstance(element, Barcode):
            out.append(
                f"^FO{element.bars_x},{box.y}^BY{element.module},3,{box.height}"
                f"^BCN,{box.height},N,N,N,N^FD{element.symbol.zpl_data()}^FS"
            )
        elif isinstance(element, QrCode):
            x, y = element.origin
            out.append(
                f"^FO{x},{y}^BQN,2,{element.module}"
                f"^FH_^FDMA,{zpl_field_text(element.symbol.data)}^FS"
            )
    out.append("^XZ")
    return "\n".join(out) + "\n"


def render_zpl(content: LabelContent, size: LabelSize) -> str:
    """The label as ZPL II text (UTF-8, ``^CI28``) for a ``size.dpi`` printer: 812x1218 dots
    for a 4x6 in label at 203 dpi, 1218x1827 at 300 dpi. Send it encoded as UTF-8."""
    return layout_to_zpl(layout_label(content, size, can_print=windows_1252))
