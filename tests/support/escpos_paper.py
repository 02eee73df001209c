"""An ESC/POS job printed onto an image, the way an Epson-type printer puts it on paper.

``print_escpos(data, width)`` runs the commands of a job (as ``parse_escpos`` splits them) on
a roll of paper ``width`` dots wide and returns what came out: the image and the cut
positions. It is a printer's reading of the bytes, independent of the renderer that wrote
them:

* text: font A (12x24 dots) or B (9x17) cells (``ESC M``), magnified by ``GS !``, bold
  (``ESC E``), aligned per line (``ESC a``), decoded with the code page ``ESC t`` selects (the
  profile's numbering); a line is as high as its tallest character or the line spacing
  (1/6 in, or ``ESC 3``), whichever is more. Glyphs are DejaVu Sans drawn one per cell.
* ``GS k`` CODE128 (m = 73): the bars built from the command's data as the printer reads it
  (``{A``/``{B``/``{C`` code sets, ``{1`` FNC1), ``GS w`` dots a module and ``GS h`` dots
  high, aligned by ``ESC a``; the paper advances by the bar height.
* ``GS ( k`` QR code (cn 49): model (fn 65), module size (fn 67), error correction (fn 69),
  store (fn 80) and print (fn 81), drawn by the ``qrcode`` package from the stored bytes.
* ``GS v 0`` raster images, ``ESC J`` / ``ESC d`` feeds, ``GS V`` cuts, ``ESC @`` resets.

Anything else the parser knows is accepted and ignored where it does not change the paper
(``GS f`` HRI font, ...); barcode types other than CODE128 and column images (``ESC *``) are
errors, so a job that starts using them gets a printer here before a test trusts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import qrcode
import qrcode.constants
import qrcode.util
from escpos.capabilities import get_profile_class
from escpos.codepages import CodePages
from PIL import Image, ImageDraw, ImageFont

from app.adapters.devices.resources import resource_path
from tests.support.zpl_raster import code128_modules, escpos_code128_values, parse_escpos

_FONTS = {"a": (12, 24), "b": (9, 17)}
_EC = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}


@dataclass
class PrintedPaper:
    """What a job printed: ``image`` (mode "L", black ink on white) as long as the paper fed,
    ``cuts`` the y of every cut, ``barcodes`` and ``qr_codes`` the data of each symbol drawn,
    ``lines`` the text lines as printed."""

    image: Image.Image
    cuts: list[int] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)
    qr_codes: list[bytes] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Dots of paper fed up to the last cut (or the end)."""
        return self.cuts[-1] if self.cuts else self.image.height

    @property
    def ink_bottom(self) -> int:
        """The row below the last one with ink: how much of a label the print needs."""
        box = self.image.point(lambda v: 255 - v).getbbox()
        return 0 if box is None else box[3]


@dataclass
class _State:
    font: str = "a"
    width_mag: int = 1
    height_mag: int = 1
    bold: bool = False
    align: int = 0  # 0 left, 1 centre, 2 right
    encoding: str = "cp437"
    line_spacing: int | None = None  # None: 1/6 inch
    bar_height: int = 162
    bar_module: int = 3
    qr_module: int = 3
    qr_ec: int = qrcode.constants.ERROR_CORRECT_L
    qr_data: bytes = b""


@dataclass
class _Run:
    text: str
    font: str
    width_mag: int
    height_mag: int
    bold: bool


class _Paper:
    def __init__(self, width: int, dpi: int, profile: str) -> None:
        self.width = width
        self.dpi = dpi
        self.canvas = Image.new("L", (width, 4000), 255)
        self.y = 0
        self.state = _State()
        self.runs: list[_Run] = []
        self.out = PrintedPaper(self.canvas)
        self.slots = {
            int(slot): name
            for slot, name in get_profile_class(profile).profile_data["codePages"].items()
        }

    # -- paper -----------------------------------------------------------------------------

    def _room(self, height: int) -> None:
        if self.y + height > self.canvas.height:
            bigger = Image.new("L", (self.width, max(self.canvas.height * 2, self.y + height)), 255)
            bigger.paste(self.canvas, (0, 0))
            self.canvas = bigger

    def _x(self, width: int) -> int:
        if self.state.align == 1:
            return max(0, (self.width - width) // 2)
        if self.state.align == 2:
            return max(0, self.width - width)
        return 0

    def paste(self, piece: Image.Image) -> None:
        self._room(piece.height)
        self.canvas.paste(piece, (self._x(piece.width), self.y))
        self.y += piece.height

    def spacing(self) -> int:
        return self.state.line_spacing or round(self.dpi / 6)

    # -- text ------------------------------------------------------------------------------

    def text(self, payload: bytes) -> None:
        s = self.state
        self.runs.append(
            _Run(payload.decode(s.encoding), s.font, s.width_mag, s.height_mag, s.bold)
        )

    def line_feed(self) -> None:
        runs, self.runs = self.runs, []
        height = max([self.spacing()] + [_FONTS[r.font][1] * r.height_mag for r in runs])
        width = sum(len(r.text) * _FONTS[r.font][0] * r.width_mag for r in runs)
        self._room(height)
        x = self._x(width)
        for run in runs:
            cell_w, cell_h = _FONTS[run.font]
            for char in run.text:
                glyph = _glyph(char, cell_w, cell_h, run.bold)
                if run.width_mag > 1 or run.height_mag > 1:
                    glyph = glyph.resize(
                        (cell_w * run.width_mag, cell_h * run.height_mag), Image.Resampling.NEAREST
                    )
                top = self.y + height - glyph.height  # characters stand on the line's base
                self.canvas.paste(glyph, (x, top))
                x += glyph.width
        self.out.lines.append("".join(r.text for r in runs))
        self.y += height

    # -- symbols ---------------------------------------------------------------------------

    def barcode(self, m: int, payload: bytes) -> None:
        if m != 73:
            raise NotImplementedError(f"GS k barcode type m={m}")
        values, text = escpos_code128_values(payload)
        modules = code128_modules(values)
        module, height = self.state.bar_module, self.state.bar_height
        strip = Image.new("L", (len(modules) * module, height), 255)
        draw = ImageDraw.Draw(strip)
        for i, bit in enumerate(modules):
            if bit == "1":
                draw.rectangle((i * module, 0, (i + 1) * module - 1, height - 1), fill=0)
        self.paste(strip)
        self.out.barcodes.append(text)

    def qr(self, payload: bytes) -> None:
        cn, fn, rest = payload[0], payload[1], payload[2:]
        if cn != 49:
            raise NotImplementedError(f"GS ( k symbol cn={cn}")
        if fn == 67:
            self.state.qr_module = rest[0]
        elif fn == 69:
            self.state.qr_ec = _EC[rest[0]]
        elif fn == 80:
            self.state.qr_data = bytes(rest[1:])  # m = 48, then the data
        elif fn == 81:
            code = qrcode.QRCode(error_correction=self.state.qr_ec, border=0)
            code.add_data(qrcode.util.QRData(self.state.qr_data, qrcode.util.MODE_8BIT_BYTE))
            code.make(fit=True)
            matrix = code.get_matrix()
            m = self.state.qr_module
            image = Image.new("L", (len(matrix) * m, len(matrix) * m), 255)
            draw = ImageDraw.Draw(image)
            for r, row in enumerate(matrix):
                for c, dark in enumerate(row):
                    if dark:
                        draw.rectangle((c * m, r * m, c * m + m - 1, r * m + m - 1), fill=0)
            self.paste(image)
            self.out.qr_codes.append(self.state.qr_data)
        elif fn != 65:
            raise NotImplementedError(f"GS ( k QR function fn={fn}")

    def raster(self, args: bytes, payload: bytes) -> None:
        x_bytes = args[1] | args[2] << 8
        rows = args[3] | args[4] << 8
        bits = Image.frombytes("1", (x_bytes * 8, rows), payload).convert("L")
        self.paste(bits.point(lambda v: 255 - v))


def _glyph(char: str, width: int, height: int, bold: bool) -> Image.Image:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    face = ImageFont.truetype(str(resource_path("fonts", name)), round(height * 0.8))
    cell = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(cell)
    advance = face.getlength(char)
    if advance > width:  # squeeze a wide glyph into its cell, as a printer font would be
        wide = Image.new("L", (max(1, round(advance)), height), 255)
        ImageDraw.Draw(wide).text((0, 0), char, font=face, fill=0)
        return wide.resize((width, height), Image.Resampling.LANCZOS)
    draw.text(((width - advance) / 2, 0), char, font=face, fill=0)
    return cell


def print_escpos(
    data: bytes, width: int, *, dpi: int = 203, profile: str = "TM-T20II"
) -> PrintedPaper:
    """Run the ESC/POS job ``data`` on paper ``width`` dots wide (see the module docstring).
    ``profile`` numbers the code pages of ``ESC t`` as python-escpos's profile does."""
    paper = _Paper(width, dpi, profile)
    for command in parse_escpos(data):
        name, args = command.name, command.args
        s = paper.state
        if name == "TEXT":
            paper.text(command.payload)
        elif name == "LF":
            paper.line_feed()
        elif name == "ESC @":
            paper.state = _State()
        elif name == "ESC M":
            s.font = "b" if args[0] in (1, 49) else "a"
        elif name == "GS !":
            s.width_mag, s.height_mag = (args[0] >> 4) + 1, (args[0] & 0x0F) + 1
        elif name == "ESC E":
            s.bold = bool(args[0] & 1)
        elif name == "ESC a":
            s.align = args[0] % 48
        elif name == "ESC t":
            codepage = paper.slots[args[0]]
            s.encoding = CodePages.get_encoding(codepage).get("python_encode", codepage.lower())
        elif name == "ESC 2":
            s.line_spacing = None
        elif name == "ESC 3":
            s.line_spacing = args[0]
        elif name == "ESC J":
            paper.y += args[0]
        elif name == "ESC d":
            paper.y += args[0] * paper.spacing()
        elif name == "GS h":
            s.bar_height = args[0]
        elif name == "GS w":
            s.bar_module = args[0]
        elif name == "GS k":
            paper.barcode(args[0], command.payload)
        elif name == "GS ( k":
            paper.qr(command.payload)
        elif name == "GS v 0":
            paper.raster(args, command.payload)
        elif name == "GS V":
            paper.out.cuts.append(paper.y)
        elif name in ("ESC *", "ESC !"):
            raise NotImplementedError(name)
        # GS H / GS f (HRI position and font, HRI is off), ESC - / ESC G: no paper of their own
    paper._room(1)
    paper.out.image = paper.canvas.crop((0, 0, width, max(1, paper.y)))
    return paper.out
