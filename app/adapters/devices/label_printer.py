"""Shipping labels on ESC/POS thermal printers: the print job, a PNG preview, and where they go.

* ``render_escpos`` builds the job with python-escpos: text lines plus the tracking number as a
  native Code 128 barcode (``GS k``), so a label is a few hundred bytes, not a raster image.
* ``render_label_image`` draws the same label as a 1-bit image: the preview shown to the packer
  and kept next to the job, and the fallback for printers without native barcodes.
* ``FilePrinter`` and ``NetworkPrinter`` implement the ``LabelPrinter`` port; every failure
  reaches the caller as ``PrinterProblem`` naming the printer.
* ``printer_from_settings`` turns the station's printer settings into one of them.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import sys
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

from platformdirs import user_cache_dir

from app.domain.errors import PrinterProblem
from app.domain.labels import Address, LabelContent
from app.services.ports import LabelPrinter, PrinterState, PrintOutcome

# python-escpos unpickles its capabilities into a fresh temp dir on every import unless told
# where to cache them; set that before the first import of escpos anywhere in the process.
_ESCPOS_CACHE = Path(
    os.environ.setdefault(
        "ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(user_cache_dir("packbench")) / "escpos")
    )
)
_ESCPOS_CACHE.mkdir(parents=True, exist_ok=True)

from barcode.codex import Code128  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.exceptions import Error as EscposError  # noqa: E402
from escpos.printer import Dummy, Network  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

__all__ = [
    "DEFAULT_PROFILE",
    "FilePrinter",
    "NetworkPrinter",
    "printer_from_settings",
    "profile_width_px",
    "render_escpos",
    "render_label_image",
    "resource_path",
    "wrap_text",
]

DEFAULT_PROFILE = "TM-T88V"

_JOB_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def resource_path(*parts: str) -> Path:
    """A file under the project's ``resources`` folder, also when frozen by PyInstaller."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root, "resources", *parts)
    return Path(__file__).resolve().parents[3].joinpath("resources", *parts)


def _clean(text: str) -> str:
    """One line of printable text: control characters (ESC/POS commands!) and runs of
    whitespace become single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _check_tracking(tracking: str) -> str:
    if not 1 <= len(tracking) <= 80 or not all(" " <= ch <= "~" for ch in tracking):
        raise ValueError(
            f"tracking number {tracking!r} cannot be a Code 128 barcode: "
            "1 to 80 printable ASCII characters are needed"
        )
    return tracking


def _sender_line(sender: Address) -> str:
    return "From: " + ", ".join(_clean(part) for part in sender.lines())


def _parcel_line(label: LabelContent) -> str:
    return f"Parcel {label.parcel_no} of {label.parcel_count}"


def _weight_line(label: LabelContent) -> str | None:
    if label.weight_g is None:
        return None
    return f"Weight {label.weight_g / 1000:.2f} kg"


# --------------------------------------------------------------------------------------------
# The preview image
# --------------------------------------------------------------------------------------------

_MIN_MODULE_PX = 2
_MAX_MODULE_PX = 4
_QUIET_MODULES = 10


@lru_cache(maxsize=64)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), size)


def _split_word(word: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Break a word that is wider than ``max_width`` into pieces that fit, character by
    character (at least one character a piece)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and font.getlength(current + ch) > max_width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """``text`` as lines that each fit into ``max_width`` pixels in ``font``.

    Breaks between words; a word wider than the line is broken between characters. Empty text
    gives no lines.
    """
    lines: list[str] = []
    current = ""
    for word in _clean(text).split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if font.getlength(word) <= max_width:
            current = word
        else:
            *full, current = _split_word(word, font, max_width)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines


def _fit_lines(
    texts: list[str], *, bold: bool, size: int, min_size: int, max_width: int, extra_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font from ``size`` down to ``min_size`` at which every text wraps between
    words and no more than ``extra_lines`` lines are added by wrapping; at ``min_size`` the
    texts are wrapped however they must be."""
    for candidate in range(size, min_size - 1, -2):
        font = _font(candidate, bold)
        words_fit = all(
            font.getlength(word) <= max_width for text in texts for word in _clean(text).split()
        )
        if not words_fit:
            continue
        lines = [line for text in texts for line in wrap_text(text, font, max_width)]
        if len(lines) <= len(texts) + extra_lines:
            return font, lines
    font = _font(min_size, bold)
    return font, [line for text in texts for line in wrap_text(text, font, max_width)]


def _code128_modules(data: str) -> str:
    """The Code 128 symbol (start, data, check, stop) as a string of '1' (bar) and '0'."""
    return str(Code128(data).build()[0])


class _Canvas:
    """A tall white 1-bit page that is drawn top to bottom and cropped at the end."""

    def __init__(self, width: int, margin: int) -> None:
        self.width = width
        self.margin = margin
        self.content_width = width - 2 * margin
        self.image = Image.new("1", (width, 4000), 1)
        self.draw = ImageDraw.Draw(self.image)
        self.y = margin

    def _grow(self, needed: int) -> None:
        if self.y + needed + self.margin <= self.image.height:
            return
        bigger = Image.new("1", (self.width, max(self.image.height * 2, self.y + needed * 2)), 1)
        bigger.paste(self.image, (0, 0))
        self.image = bigger
        self.draw = ImageDraw.Draw(self.image)

    def text_lines(
        self, lines: list[str], font: ImageFont.FreeTypeFont, center: bool = False
    ) -> None:
        ascent, descent = font.getmetrics()
        step = ascent + descent + max(2, int(font.size) // 8)
        for line in lines:
            self._grow(step)
            x = self.margin
            if center:
                x = (self.width - round(font.getlength(line))) // 2
            self.draw.text((x, self.y), line, font=font, fill=0)
            self.y += step

    def gap(self, pixels: int) -> None:
        self.y += pixels

    def rule(self, thickness: int) -> None:
        self._grow(thickness * 5)
        self.y += thickness * 2
        self.draw.rectangle(
            (self.margin, self.y, self.width - self.margin - 1, self.y + thickness - 1), fill=0
        )
        self.y += thickness * 3

    def bars(self, modules: str, module_px: int, height: int) -> None:
        self._grow(height)
        x = (self.width - len(modules) * module_px) // 2
        for i, module in enumerate(modules):
            if module == "1":
                left = x + i * module_px
                self.draw.rectangle(
                    (left, self.y, left + module_px - 1, self.y + height - 1), fill=0
                )
        self.y += height

    def finish(self) -> Image.Image:
        return self.image.crop((0, 0, self.width, self.y + self.margin))


def render_label_image(label: LabelContent, width_px: int = 576) -> Image.Image:
    """The label as a 1-bit image ``width_px`` wide (576 px = 72 mm at 203 dpi).

    Top to bottom: sender (small), SHIP TO block (large bold, wrapped, shrunk to fit), order
    reference, carrier and service (large), parcel n of m, weight, and the tracking number as
    a Code 128 barcode with quiet zones and the number in text below it. Raises ``ValueError``
    when the barcode cannot fit the width with modules of at least 2 px.
    """
    tracking = _check_tracking(label.tracking_number)
    modules = _code128_modules(tracking)
    module_px = min(_MAX_MODULE_PX, width_px // (len(modules) + 2 * _QUIET_MODULES))
    if module_px < _MIN_MODULE_PX:
        raise ValueError(
            f"tracking number {tracking!r} needs {len(modules)} Code 128 modules: "
            f"too wide for a {width_px} px label at {_MIN_MODULE_PX} px a module"
        )

    scale = width_px / 576

    def px(value: float) -> int:
        return max(1, round(value * scale))

    canvas = _Canvas(width_px, margin=max(8, width_px // 36))
    width = canvas.content_width

    sender_font = _font(px(18), False)
    canvas.text_lines(wrap_text(_sender_line(label.sender), sender_font, width), sender_font)
    canvas.rule(px(3))

    canvas.text_lines(["SHIP TO"], _font(px(22), True))
    address_font, address_lines = _fit_lines(
        [_clean(line) for line in label.ship_to.lines()],
        bold=True,
        size=px(44),
        min_size=px(24),
        max_width=width,
        extra_lines=2,
    )
    canvas.text_lines(address_lines, address_font)
    canvas.rule(px(3))

    info_font = _font(px(26), False)
    canvas.text_lines(wrap_text(f"Order {label.order_reference}", info_font, width), info_font)
    carrier_font, carrier_lines = _fit_lines(
        [_clean(f"{label.carrier} {label.service}")],
        bold=True,
        size=px(40),
        min_size=px(24),
        max_width=width,
        extra_lines=1,
    )
    canvas.text_lines(carrier_lines, carrier_font)
    canvas.text_lines([_parcel_line(label)], _font(px(30), True))
    weight = _weight_line(label)
    if weight is not None:
        canvas.text_lines([weight], info_font)
    canvas.rule(px(3))

    canvas.gap(px(12))
    canvas.bars(modules, module_px, height=max(80, px(120)))
    canvas.gap(px(6))
    canvas.text_lines([tracking], _font(px(26), False), center=True)
    return canvas.finish()


# --------------------------------------------------------------------------------------------
# The ESC/POS job
# --------------------------------------------------------------------------------------------


def profile_width_px(profile: str = DEFAULT_PROFILE) -> int:
    """The printable width in dots of a python-escpos printer profile (512 on a TM-T88V)."""
    return int(Dummy(profile=profile).profile.profile_data["media"]["width"]["pixels"])


def _printable(printer: Escpos, text: str) -> str:
    """``text`` with every character the profile's code pages lack transliterated (NFKD,
    accents dropped: "Ł" stays if a code page has it, "ﬁ" becomes "fi") or replaced by "?".

    This also keeps CJK text off python-escpos's raw GB18030 path, which most printers print
    as garbage.
    """
    encoder = printer.magic.encoder
    out: list[str] = []
    for ch in _clean(text):
        if ch.isascii() or encoder.find_suitable_encoding(ch) is not None:
            out.append(ch)
            continue
        ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(ascii_form or "?")
    return "".join(out)


def _columns(printer: Escpos, font: str) -> int:
    try:
        return int(printer.profile.get_columns(font))
    except (KeyError, TypeError, ValueError):
        return 42


def _wrap_columns(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        rest = word
        while len(rest) > columns:
            if current:
                lines.append(current)
                current = ""
            lines.append(rest[:columns])
            rest = rest[columns:]
        if not rest:
            continue
        if current and len(current) + 1 + len(rest) > columns:
            lines.append(current)
            current = rest
        else:
            current = f"{current} {rest}" if current else rest
    if current:
        lines.append(current)
    return lines


def _compose(printer: Escpos, label: LabelContent) -> None:
    """Send the label's commands to ``printer`` (any python-escpos printer)."""
    tracking = _check_tracking(label.tracking_number)
    columns = _columns(printer, "a")

    def lines(text: str, width: int) -> None:
        for line in _wrap_columns(_printable(printer, text), width):
            printer.textln(line)

    printer.hw("INIT")
    printer.set(align="left", font="b", bold=False, normal_textsize=True)
    lines(_sender_line(label.sender), _columns(printer, "b"))
    printer.set(font="a")
    printer.textln("-" * columns)
    printer.set(bold=True)
    printer.textln("SHIP TO")
    for address_line in label.ship_to.lines():
        printer.set(bold=True, double_height=True, double_width=True)
        lines(address_line, columns // 2)
    printer.set(bold=False, normal_textsize=True)
    printer.textln("-" * columns)
    lines(f"Order {label.order_reference}", columns)
    printer.set(bold=True, double_height=True, double_width=True)
    lines(f"{label.carrier} {label.service}", columns // 2)
    printer.set(bold=True, normal_textsize=True, double_height=True)
    printer.textln(_parcel_line(label))
    printer.set(bold=False, normal_textsize=True)
    weight = _weight_line(label)
    if weight is not None:
        printer.textln(weight)
    printer.ln()

    data = "{B" + tracking
    modules = 11 * (len(tracking) + 3) + 2  # start, data, check digit, stop (13 modules)
    paper = int(printer.profile.profile_data["media"]["width"]["pixels"])
    width = min(4, paper // (modules + 2 * _QUIET_MODULES))
    if width < 2:
        raise ValueError(
            f"tracking number {tracking!r} is too long for a native Code 128 barcode "
            f"on {paper} dot paper"
        )
    # python-escpos print()s which renderer it chose; keep stdout clean.
    with contextlib.redirect_stdout(io.StringIO()):
        printer.barcode(
            data,
            "CODE128",
            height=96,
            width=width,
            pos="BELOW",
            font="A",
            align_ct=True,
            function_type="B",
        )
    printer.set(align="left")
    printer.cut()


def render_escpos(label: LabelContent, profile: str = DEFAULT_PROFILE) -> bytes:
    """The label as an ESC/POS job for the python-escpos printer ``profile``."""
    printer = Dummy(profile=profile)
    _compose(printer, label)
    return bytes(printer.output)


# --------------------------------------------------------------------------------------------
# Printers
# --------------------------------------------------------------------------------------------


def _check_job_uid(job_uid: str) -> str:
    if not _JOB_UID.fullmatch(job_uid):
        raise ValueError(f"job uid {job_uid!r} is not usable as a file name")
    return job_uid


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or all of the new one."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "no answer (timed out)"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


class FilePrinter:
    """Writes each job as ``<job_uid>.bin`` (ESC/POS) and ``<job_uid>.png`` (preview).

    For stations without a printer, for tests, and for spooling to a folder another program
    watches. The preview is written first, so a ``.bin`` file is always a complete job.
    """

    def __init__(
        self,
        directory: Path,
        name: str = "file",
        *,
        profile: str = DEFAULT_PROFILE,
        preview_width_px: int | None = None,
    ) -> None:
        self.name = name
        self.directory = Path(directory)
        self.profile = profile
        self.preview_width_px = preview_width_px or profile_width_px(profile)

    def print_label(self, label: LabelContent, job_uid: str) -> PrintOutcome:
        _check_job_uid(job_uid)
        job = render_escpos(label, self.profile)
        preview = _png_bytes(render_label_image(label, self.preview_width_px))
        bin_path = self.directory / f"{job_uid}.bin"
        png_path = self.directory / f"{job_uid}.png"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(png_path, preview)
            _write_atomically(bin_path, job)
        except OSError as error:
            raise PrinterProblem(
                f"Printer {self.name} could not write the label to {self.directory}: "
                f"{_describe(error)}"
            ) from error
        return PrintOutcome(
            destination=str(bin_path), byte_count=len(job), preview_path=str(png_path)
        )

    def print_upstream(self, data: bytes, label_format: str, job_uid: str) -> PrintOutcome:
        """Keep a label bought upstream as ``<job_uid>.<format>``, exactly as it came."""
        _check_job_uid(job_uid)
        suffix = _upstream_suffix(label_format)
        path = self.directory / f"{job_uid}.{suffix}"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, data)
        except OSError as error:
            raise PrinterProblem(
                f"Printer {self.name} could not write the label to {self.directory}: "
                f"{_describe(error)}"
            ) from error
        preview = str(path) if suffix == "png" else None
        return PrintOutcome(destination=str(path), byte_count=len(data), preview_path=preview)

    def status(self) -> PrinterState:
        """Ready when its folder can be written to (or made)."""
        folder = self.directory
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if folder.is_dir() and os.access(folder, os.W_OK):
            return PrinterState("ready")
        return PrinterState("error", f"cannot write to {self.directory}")


class _Network(Network):  # type: ignore[misc]
    """python-escpos's ``Network`` whose ``open`` lets the socket error through and never
    leaks a half-made socket (the original drops it unclosed and wraps the error)."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)


class NetworkPrinter:
    """An ESC/POS printer on a raw TCP port (9100), sent to through python-escpos's
    ``Network``, with an explicit timeout for connecting and for sending the whole job.

    A job that was handed to the operating system in full counts as printed: a raw port gives
    no receipt. Status queries (DLE EOT) come with a later issue.
    """

    def __init__(
        self,
        host: str,
        port: int = 9100,
        timeout: float = 5.0,
        *,
        name: str = "network",
        preview_dir: Path | None = None,
        profile: str = DEFAULT_PROFILE,
        preview_width_px: int | None = None,
    ) -> None:
        if not host:
            raise ValueError("a network printer needs a host name or address")
        if not 0 < port < 65536:
            raise ValueError(f"port {port} is not a TCP port")
        if timeout <= 0:
            raise ValueError("the printer timeout must be positive")
        self.name = name
        self.host = host
        self.port = port
        self.timeout = timeout
        self.preview_dir = None if preview_dir is None else Path(preview_dir)
        self.profile = profile
        self.preview_width_px = preview_width_px or profile_width_px(profile)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def _problem(self, what: str) -> PrinterProblem:
        return PrinterProblem(f"Printer {self.name} at {self.address}: {what}")

    def send(self, data: bytes) -> None:
        """Send raw bytes as one connection; any failure becomes ``PrinterProblem``."""
        connection = _Network(self.host, self.port, self.timeout, profile=self.profile)
        try:
            connection.open()
            connection._raw(data)
        except (OSError, EscposError) as error:
            raise self._problem(_describe(error)) from error
        finally:
            with contextlib.suppress(OSError):
                connection.close()

    def print_label(self, label: LabelContent, job_uid: str) -> PrintOutcome:
        _check_job_uid(job_uid)
        job = render_escpos(label, self.profile)
        preview_path: Path | None = None
        if self.preview_dir is not None:
            preview_path = self.preview_dir / f"{job_uid}.png"
            image = render_label_image(label, self.preview_width_px)
            try:
                self.preview_dir.mkdir(parents=True, exist_ok=True)
                _write_atomically(preview_path, _png_bytes(image))
            except OSError as error:
                raise self._problem(
                    f"could not write the preview to {self.preview_dir}: {_describe(error)}"
                ) from error
        self.send(job)
        return PrintOutcome(
            destination=f"tcp://{self.address}",
            byte_count=len(job),
            preview_path=None if preview_path is None else str(preview_path),
        )

    def print_upstream(self, data: bytes, label_format: str, job_uid: str) -> PrintOutcome:
        """Send a label bought upstream as it came: ZPL as text, a PNG as a raster image."""
        _check_job_uid(job_uid)
        suffix = _upstream_suffix(label_format)
        if suffix == "zpl":
            job = data
        elif suffix == "png":
            from app.adapters.devices.labels import ESCPOS_4INCH_203, escpos_raster_job

            with Image.open(io.BytesIO(data)) as image:
                job = escpos_raster_job(image.convert("1"), ESCPOS_4INCH_203)
        else:
            raise self._problem("a PDF label needs a PDF printer (an office printer or CUPS)")
        self.send(job)
        return PrintOutcome(f"tcp://{self.address}", len(job), None)

    def status(self) -> PrinterState:
        """Unknown: this connection does not ask the printer (the station printer does)."""
        return PrinterState("unknown", "not asked")


def _upstream_suffix(label_format: str) -> str:
    suffix = label_format.strip().lower()
    if suffix not in ("zpl", "png", "pdf"):
        raise PrinterProblem(f"an upstream label in {label_format!r}: only ZPL, PNG or PDF")
    return suffix


def printer_from_settings(kind: str, target: str, directory: Path) -> LabelPrinter:
    """The printer a station's settings name.

    ``kind`` "file": a ``FilePrinter`` writing into ``directory`` (``target`` is ignored);
    ``kind`` "network": a ``NetworkPrinter`` at ``target`` "host:port" (port 9100 if left out;
    IPv6 as "[addr]:port"), keeping previews in ``directory``.
    """
    normalized = kind.strip().lower()
    if normalized == "file":
        return FilePrinter(directory)
    if normalized == "network":
        host, port = _parse_host_port(target)
        return NetworkPrinter(host, port, preview_dir=directory)
    raise ValueError(f"unknown printer kind {kind!r}: use 'file' or 'network'")


def _parse_host_port(target: str) -> tuple[str, int]:
    target = target.strip()
    match = re.fullmatch(
        r"\[(?P<v6>[^\]]+)\](?::(?P<p6>\d+))?|(?P<host>[^:\s]+)(?::(?P<port>\d+))?", target
    )
    if not match:
        raise ValueError(f"printer address {target!r} is not host:port")
    host = match["v6"] or match["host"]
    port_text = match["p6"] or match["port"]
    port = int(port_text) if port_text else 9100
    if not 0 < port < 65536:
        raise ValueError(f"printer address {target!r} has no valid port")
    return host, port
