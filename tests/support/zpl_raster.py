"""Printer output turned back into pictures, for tests: a ZPL renderer and an ESC/POS reader.

``render_zpl_image(zpl)`` draws the subset of ZPL II that Packbench emits (``^XA ^XZ ^CI28
^PW ^LL ^LH ^FO ^A0 ^FB ^FH ^FD ^FS ^BY ^BC ^BQ ^GB``) onto a white image, like a 203/300 dpi
printer would, closely enough for zxing-cpp to read its barcodes. Text is drawn in DejaVu Sans
at the field's height (the printer's font 0 is narrower); a field block that needs more lines
than it allows, or a field outside the label, is reported in ``warnings``. Code 128 bars are
built from the ``^FD`` data as the printer reads it (mode N invocation codes ``>: >; >5 >6 >8``,
mode D ``(00)...``, mode A through python-barcode), with python-barcode's bar patterns; QR
codes with the ``qrcode`` package. Anything else is an error, so that new commands get a
renderer before they get a test.

``parse_escpos(data)`` splits an ESC/POS job into its commands (it knows the ones
python-escpos and Packbench send, and refuses others). On top of it: the raster images in it
(``GS v 0`` and ``ESC *`` column images, as python-escpos sends them), the native barcodes
(``GS k``) and QR codes (``GS ( k``), the printed text decoded with the code pages the job
selected, and a Code 128 drawn the way a printer draws ``GS k`` data, to read back with
zxing-cpp.

(zplkit, a Rust renderer on PyPI, renders ZPL with the printer's real font metrics but cannot
draw text outside ASCII; the tests use it as a second opinion where it is installed.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import qrcode
import qrcode.constants
from barcode.charsets import code128 as charset
from barcode.codex import Code128 as PyBarcodeCode128
from escpos.capabilities import get_profile_class
from escpos.codepages import CodePages
from PIL import Image, ImageDraw, ImageFont

from app.adapters.devices.resources import resource_path

# -- Code 128 as a printer builds it -----------------------------------------------------------

_STOP: str = str(charset.STOP) + "11"


def code128_modules(values: list[int]) -> str:
    """Bars ("1") and spaces ("0") for symbol values from the start code on, with the check
    symbol and the stop pattern added."""
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], 1))) % 103
    patterns: tuple[str, ...] = charset.CODES
    return "".join(patterns[v] for v in [*values, check]) + _STOP


def draw_modules(
    draw: ImageDraw.ImageDraw, modules: str, x: int, y: int, module: int, height: int
) -> None:
    for i, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle((x + i * module, y, x + (i + 1) * module - 1, y + height - 1), fill=0)


def modules_image(modules: str, module: int = 3, height: int = 100) -> Image.Image:
    """A barcode alone on white, with 10-module quiet zones."""
    quiet = 10 * module
    image = Image.new("L", (len(modules) * module + 2 * quiet, height + 2 * quiet), 255)
    draw_modules(ImageDraw.Draw(image), modules, quiet, quiet, module, height)
    return image


def _zpl_mode_n_values(data: str) -> list[int]:
    values: list[int] = []
    code_set = "B"
    i = 0
    if data.startswith((">:", ">;", ">9")):
        code_set = {">:": "B", ">;": "C", ">9": "A"}[data[:2]]
        i = 2
    if code_set == "A":
        raise NotImplementedError("ZPL Code 128 subset A")
    values.append({"B": 104, "C": 105}[code_set])
    while i < len(data):
        if data[i] == ">":
            code = data[i : i + 2]
            i += 2
            if code == ">8":
                values.append(102)
            elif code == ">5":
                values.append(99)
                code_set = "C"
            elif code == ">6":
                values.append(100)
                code_set = "B"
            elif code == "><" and code_set == "B":
                values.append(ord(">") - 32)
            else:
                raise NotImplementedError(f"ZPL Code 128 invocation code {code!r}")
        elif code_set == "C":
            pair = data[i : i + 2]
            if len(pair) != 2 or not pair.isdigit():
                raise ValueError(f"ZPL Code 128 subset C needs digit pairs, got {pair!r}")
            values.append(int(pair))
            i += 2
        else:
            values.append(ord(data[i]) - 32)
            i += 1
    return values


def zpl_code128_modules(data: str, mode: str) -> str:
    """The bars a printer makes of ``^FD`` ``data`` in ``^BC`` mode ``mode``."""
    if mode == "N":
        return code128_modules(_zpl_mode_n_values(data))
    if mode == "D":
        digits = re.sub(r"[() ]", "", data)
        if not digits.isdigit() or len(digits) % 2:
            raise NotImplementedError(f"mode D data {data!r}: only even digit strings")
        pairs = [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
        return code128_modules([105, 102, *pairs])
    if mode == "A":
        return str(PyBarcodeCode128(data).build()[0])
    raise NotImplementedError(f"^BC mode {mode}")


# -- ZPL ---------------------------------------------------------------------------------------


@dataclass
class ZplField:
    kind: str  # "text", "code128", "qr", "box"
    x: int
    y: int
    width: int
    height: int
    data: str
    lines: list[str] = field(default_factory=list)


@dataclass
class ZplRendering:
    image: Image.Image
    fields: list[ZplField]
    warnings: list[str]

    def texts(self) -> list[str]:
        return [f.data for f in self.fields if f.kind == "text"]


def _font(height: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(resource_path("fonts", "DejaVuSans.ttf")), max(6, round(height / 1.17))
    )


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _split_commands(zpl: str) -> list[tuple[str, str]]:
    """(command, parameters) pairs; ``^FD`` data runs to the next ``^``."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(zpl):
        char = zpl[i]
        if char in "\r\n":
            i += 1
            continue
        if char != "^":
            raise ValueError(f"ZPL: unexpected text {zpl[i : i + 20]!r} outside a field")
        if zpl[i + 1] == "A" and zpl[i + 2] not in "@":
            name, start = "A", i + 2
        else:
            name, start = zpl[i + 1 : i + 3], i + 3
        end = zpl.find("^", start)
        end = len(zpl) if end < 0 else end
        params = zpl[start:end]
        if name != "FD":
            params = params.replace("\n", "").replace("\r", "")
        out.append((name, params))
        i = end
    return out


def _unhex(data: str, indicator: str | None) -> str:
    if indicator is None:
        return data
    raw = bytearray()
    i = 0
    encoded = data.encode("utf-8")
    mark = indicator.encode()
    while i < len(encoded):
        if encoded[i : i + 1] == mark:
            raw.append(int(encoded[i + 1 : i + 3], 16))
            i += 3
        else:
            raw.append(encoded[i])
            i += 1
    return raw.decode("utf-8")


def render_zpl_image(
    zpl: str, *, width: int | None = None, height: int | None = None
) -> ZplRendering:
    """Draw the one label in ``zpl`` (``^XA`` ... ``^XZ``)."""
    commands = _split_commands(zpl.strip())
    if not commands or commands[0][0] != "XA" or commands[-1][0] != "XZ":
        raise ValueError("ZPL: one label from ^XA to ^XZ expected")
    page_w, page_h = width, height
    for name, params in commands:
        if name == "PW":
            page_w = int(params)
        elif name == "LL":
            page_h = int(params)
    if page_w is None or page_h is None:
        raise ValueError("ZPL: label size unknown (^PW/^LL)")
    image = Image.new("L", (page_w, page_h), 255)
    draw = ImageDraw.Draw(image)
    fields: list[ZplField] = []
    warnings: list[str] = []

    home = (0, 0)
    origin = (0, 0)
    font_h = 9
    block: tuple[int, int, int, str] | None = None
    hex_indicator: str | None = None
    by = (2, 3.0, 10)
    pending: tuple[str, list[str]] | None = None
    data: str | None = None

    def check_inside(f: ZplField) -> None:
        if f.x < 0 or f.y < 0 or f.x + f.width > page_w or f.y + f.height > page_h:
            warnings.append(
                f"{f.kind} field {f.data!r} at {f.x},{f.y} size {f.width}x{f.height} "
                "is outside the label"
            )

    for name, params in commands[1:-1]:
        args = params.split(",") if name != "FD" else []
        if name == "CI":
            if params != "28":
                raise NotImplementedError(f"^CI{params}: only ^CI28 (UTF-8)")
        elif name in ("PW", "LL"):
            pass
        elif name == "LH":
            home = (int(args[0]), int(args[1]))
        elif name == "FO":
            origin = (home[0] + int(args[0]), home[1] + int(args[1]))
        elif name == "A":
            if not params.startswith("0"):
                raise NotImplementedError(f"^A{params}: only font 0")
            rest = params[1:].split(",")
            if rest[0] not in ("", "N"):
                raise NotImplementedError("rotated text")
            font_h = int(rest[1])
        elif name == "FB":
            justify = args[3] if len(args) > 3 and args[3] else "L"
            block = (int(args[0]), int(args[1] or 1), int(args[2] or 0), justify)
        elif name == "FH":
            hex_indicator = params or "_"
        elif name == "BY":
            by = (
                int(args[0]),
                float(args[1] or 3),
                int(args[2]) if len(args) > 2 and args[2] else by[2],
            )
        elif name in ("BC", "BQ", "GB"):
            pending = (name, args)
        elif name == "FD":
            data = _unhex(params, hex_indicator)
        elif name == "FS":
            x, y = origin
            if pending is None:
                assert data is not None, "^FS without ^FD"
                f = _draw_text(draw, x, y, font_h, block, data, warnings)
            elif pending[0] == "GB":
                w, h, t = (int(a) for a in pending[1][:3])
                t = min(t, w, h)
                for box in (
                    (x, y, x + w - 1, y + t - 1),
                    (x, y + h - t, x + w - 1, y + h - 1),
                    (x, y, x + t - 1, y + h - 1),
                    (x + w - t, y, x + w - 1, y + h - 1),
                ):
                    draw.rectangle(box, fill=0)
                f = ZplField("box", x, y, w, h, "")
            elif pending[0] == "BC":
                assert data is not None
                a = pending[1] + [""] * 6
                if a[0] not in ("", "N"):
                    raise NotImplementedError("rotated barcodes")
                bar_h = int(a[1]) if a[1] else by[2]
                mode = a[5] or "N"
                modules = zpl_code128_modules(data, mode)
                draw_modules(draw, modules, x, y, by[0], bar_h)
                f = ZplField("code128", x, y, len(modules) * by[0], bar_h, data)
            else:  # BQ
                assert data is not None
                a = pending[1] + [""] * 3
                magnification = int(a[2]) if a[2] else 2
                ecc_letter, mode_letter = data[0], data[1]
                if data[2] != "," or mode_letter != "A":
                    raise NotImplementedError(
                        f"^BQ data {data[:4]!r}: only '<ecc>A,' automatic mode"
                    )
                payload = data[3:]
                ecc = {
                    "H": qrcode.constants.ERROR_CORRECT_H,
                    "Q": qrcode.constants.ERROR_CORRECT_Q,
                    "M": qrcode.constants.ERROR_CORRECT_M,
                    "L": qrcode.constants.ERROR_CORRECT_L,
                }[ecc_letter]
                code = qrcode.QRCode(error_correction=ecc, border=0)
                code.add_data(payload)
                code.make(fit=True)
                matrix = code.get_matrix()
                for r, row in enumerate(matrix):
                    for c, dark in enumerate(row):
                        if dark:
                            m = magnification
                            draw.rectangle(
                                (x + c * m, y + r * m, x + (c + 1) * m - 1, y + (r + 1) * m - 1),
                                fill=0,
                            )
                side = len(matrix) * magnification
                f = ZplField("qr", x, y, side, side, payload)
            check_inside(f)
            fields.append(f)
            pending, data, block, hex_indicator = None, None, None, None
        else:
            raise NotImplementedError(f"ZPL command ^{name} is not rendered by tests/support")
    return ZplRendering(image, fields, warnings)


def _draw_text(
    draw: ImageDraw.ImageDraw,
    x: int,
    y: int,
    height: int,
    block: tuple[int, int, int, str] | None,
    data: str,
    warnings: list[str],
) -> ZplField:
    font = _font(height)
    if block is None:
        width = round(font.getlength(data))
        draw.text((x, y), data, font=font, fill=0, anchor="la")
        return ZplField("text", x, y, width, height, data, [data])
    width, max_lines, spacing, justify = block
    lines: list[str] = []
    for part in data.split("\\&"):
        lines.extend(_wrap(part.replace("\\\\", "\\"), font, width))
    if len(lines) > max_lines:
        warnings.append(f"field block {data!r} needs {len(lines)} lines, has {max_lines}")
    for index, line in enumerate(lines):
        row = min(index, max_lines - 1)  # a printer overprints the last line
        line_x = x
        if justify == "C":
            line_x = x + max(0, (width - round(font.getlength(line))) // 2)
        if font.getlength(line) > width:
            warnings.append(f"text {line!r} is wider than its field block ({width} dots)")
        draw.text((line_x, y + row * (height + spacing)), line, font=font, fill=0, anchor="la")
    block_h = max_lines * height + (max_lines - 1) * spacing
    return ZplField("text", x, y, width, block_h, data, lines)


# -- ESC/POS -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscposCommand:
    name: str  # "TEXT", "LF", "ESC @", "GS k", ...
    args: bytes = b""
    payload: bytes = b""


_ESC_ONE_ARG = {b"M", b"E", b"a", b"t", b"J", b"d", b"!", b"-", b"3", b"G", b"V", b"{", b"p"}
_GS_ONE_ARG = {b"!", b"h", b"w", b"f", b"H", b"B", b"b"}


def parse_escpos(data: bytes) -> list[EscposCommand]:
    """The commands of an ESC/POS job, in order; text between them as "TEXT" commands."""
    out: list[EscposCommand] = []
    i = 0
    text = bytearray()

    def flush() -> None:
        if text:
            out.append(EscposCommand("TEXT", payload=bytes(text)))
            text.clear()

    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            flush()
            out.append(EscposCommand("LF"))
            i += 1
        elif byte == 0x1B:
            flush()
            op = data[i + 1 : i + 2]
            if op in (b"@", b"2"):
                out.append(EscposCommand(f"ESC {op.decode()}"))
                i += 2
            elif op in _ESC_ONE_ARG:
                out.append(EscposCommand(f"ESC {op.decode()}", data[i + 2 : i + 3]))
                i += 3
            elif op == b"*":
                m, n = data[i + 2], data[i + 3] | data[i + 4] << 8
                per_column = 3 if m in (32, 33) else 1
                payload = data[i + 5 : i + 5 + n * per_column]
                out.append(EscposCommand("ESC *", bytes([m]) + data[i + 3 : i + 5], payload))
                i += 5 + n * per_column
            else:
                raise ValueError(f"unknown ESC command {op!r} at byte {i}")
        elif byte == 0x1D:
            flush()
            op = data[i + 1 : i + 2]
            if op in _GS_ONE_ARG:
                out.append(EscposCommand(f"GS {op.decode()}", data[i + 2 : i + 3]))
                i += 3
            elif op == b"V":
                m = data[i + 2]
                size = 4 if m in (65, 66, 97, 98, 103, 104) else 3
                out.append(EscposCommand("GS V", data[i + 2 : i + size]))
                i += size
            elif op == b"k":
                m = data[i + 2]
                if m >= 65:
                    n = data[i + 3]
                    out.append(EscposCommand("GS k", bytes([m]), data[i + 4 : i + 4 + n]))
                    i += 4 + n
                else:
                    end = data.index(b"\x00", i + 3)
                    out.append(EscposCommand("GS k", bytes([m]), data[i + 3 : end]))
                    i = end + 1
            elif op == b"(":
                kind = data[i + 2 : i + 3]
                n = data[i + 3] | data[i + 4] << 8
                out.append(EscposCommand(f"GS ( {kind.decode()}", b"", data[i + 5 : i + 5 + n]))
                i += 5 + n
            elif op == b"v" and data[i + 2 : i + 3] == b"0":
                x_bytes = data[i + 4] | data[i + 5] << 8
                rows = data[i + 6] | data[i + 7] << 8
                size = x_bytes * rows
                out.append(EscposCommand("GS v 0", data[i + 3 : i + 8], data[i + 8 : i + 8 + size]))
                i += 8 + size
            else:
                raise ValueError(f"unknown GS command {op!r} at byte {i}")
        elif byte < 0x20 and byte not in (0x09,):
            raise ValueError(f"unexpected control byte {byte:#04x} at byte {i}")
        else:
            text.append(byte)
            i += 1
    flush()
    return out


def escpos_raster_images(data: bytes) -> list[Image.Image]:
    """The raster images in a job (``GS v 0`` blocks, ``ESC *`` lines), consecutive blocks
    of the same width joined into one image. Ink is black (0) on white (255)."""
    images: list[Image.Image] = []
    joinable = False
    for command in parse_escpos(data):
        piece: Image.Image | None = None
        if command.name == "GS v 0":
            x_bytes = command.args[1] | command.args[2] << 8
            rows = command.args[3] | command.args[4] << 8
            bits = Image.frombytes("1", (x_bytes * 8, rows), command.payload).convert("L")
            piece = bits.point(lambda v: 255 - v)
        elif command.name == "ESC *":
            m = command.args[0]
            columns = command.args[1] | command.args[2] << 8
            dots = 24 if m in (32, 33) else 8
            piece = Image.new("L", (columns, dots), 255)
            per = dots // 8
            for col in range(columns):
                for b in range(per):
                    value = command.payload[col * per + b]
                    for bit in range(8):
                        if value & (0x80 >> bit):
                            piece.putpixel((col, b * 8 + bit), 0)
        if piece is None:
            if command.name not in ("LF", "ESC 3", "ESC 2"):
                joinable = False
            continue
        if joinable and images and images[-1].width == piece.width:
            joined = Image.new("L", (piece.width, images[-1].height + piece.height), 255)
            joined.paste(images[-1], (0, 0))
            joined.paste(piece, (0, images[-1].height))
            images[-1] = joined
        else:
            images.append(piece)
        joinable = True
    return images


def escpos_barcodes(data: bytes) -> list[tuple[int, bytes]]:
    """(m, data) of every ``GS k`` barcode command."""
    return [(c.args[0], c.payload) for c in parse_escpos(data) if c.name == "GS k"]


def escpos_qr_codes(data: bytes) -> list[bytes]:
    """The data stored for printing by ``GS ( k`` QR commands (cn 49, fn 80)."""
    return [
        c.payload[3:] for c in parse_escpos(data) if c.name == "GS ( k" and c.payload[:2] == b"1P"
    ]


def escpos_code128_values(payload: bytes) -> tuple[list[int], str]:
    """Symbol values (from the start code) and the text of the data of a ``GS k`` CODE128
    (m = 73), read as an Epson printer reads it: ``{A``/``{B``/``{C`` code sets, ``{1`` FNC1,
    ``{{`` a brace; in code set C one byte (0-99) per digit pair."""
    if payload[:1] != b"{" or payload[1:2] not in (b"A", b"B", b"C"):
        raise ValueError("CODE128 data must start with a code set selector")
    values: list[int] = []
    text: list[str] = []
    code_set = ""
    i = 0
    while i < len(payload):
        byte = payload[i]
        if byte == ord("{"):
            op = chr(payload[i + 1])
            i += 2
            if op in "ABC":
                if not values:
                    values.append({"A": 103, "B": 104, "C": 105}[op])
                elif op != code_set:
                    values.append({"A": 101, "B": 100, "C": 99}[op])
                code_set = op
            elif op == "1":
                values.append(102)
            elif op == "{":
                values.append(ord("{") - 32)
                text.append("{")
            else:
                raise NotImplementedError(f"CODE128 function {{{op}")
        elif code_set == "C":
            if byte > 99:
                raise ValueError(f"code set C byte {byte} is not 0-99")
            values.append(byte)
            text.append(f"{byte:02d}")
            i += 1
        else:
            if code_set == "A" and byte >= 96:
                raise ValueError("lower case in code set A")
            values.append(byte - 32 if byte >= 32 else byte + 64)
            text.append(chr(byte))
            i += 1
    return values, "".join(text)


def escpos_text(data: bytes, profile: str = "TM-T20II") -> str:
    """The printed text of a job, decoded with the code pages it selects (``ESC t``) as the
    python-escpos ``profile`` numbers them; lines separated by newlines."""
    slots = {
        int(slot): name
        for slot, name in get_profile_class(profile).profile_data["codePages"].items()
    }
    encoding = "cp437"
    out: list[str] = []
    for command in parse_escpos(data):
        if command.name == "ESC t":
            name = slots[command.args[0]]
            encoding = CodePages.get_encoding(name).get("python_encode", name.lower())
        elif command.name == "TEXT":
            out.append(command.payload.decode(encoding))
        elif command.name == "LF":
            out.append("\n")
    return "".join(out)


def zpl_graphics(zpl: str) -> list[Image.Image]:
    """The uncompressed ``^GFA`` graphics of a ZPL job, as images (1 bits are black)."""
    images: list[Image.Image] = []
    for match in re.finditer(r"\^GFA,(\d+),(\d+),(\d+),([0-9A-Fa-f]+)", zpl):
        total, row_bytes, data = int(match[1]), int(match[3]), bytes.fromhex(match[4])
        if len(data) != total:
            raise ValueError(f"^GFA announces {total} bytes but holds {len(data)}")
        height = total // row_bytes
        inverted = bytes(b ^ 0xFF for b in data)  # PIL "1": 1 is white
        images.append(Image.frombytes("1", (row_bytes * 8, height), inverted))
    return images
