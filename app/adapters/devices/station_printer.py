"""The station's printer: a printer language and label size over a connection.

Renders each label for the printer's language (ESC/POS with native barcodes, or ZPL) and size,
keeps a PNG preview of it for the pack screen, and sends the job over its connection, which
returns once the printer took every byte (see ``printers.connection``). Every problem is a
``PrinterProblem`` naming the printer by the station's name for it.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image

from app.adapters.devices.labels import (
    ESCPOS_4INCH_203,
    EscposProfile,
    LabelDoesNotFit,
    receipt_size_for,
    render_escpos,
    render_packing_slip_escpos,
    render_packing_slip_pages,
    render_png,
    render_zpl,
)
from app.adapters.devices.labels.upstream import upstream_job, zpl_graphic_job
from app.adapters.devices.printers import Connection, ConnectionProblem, connection_from_settings
from app.domain.errors import PrinterProblem
from app.domain.labels import (
    LABEL_4X6_203,
    LABEL_4X6_300,
    RECEIPT_58MM,
    RECEIPT_80MM,
    LabelContent,
    LabelSize,
    PackingSlip,
)
from app.domain.message import Message
from app.domain.printing import PrinterState
from app.services.device_ports import OnSending, PrintOutcome

LANGUAGES = ("escpos", "zpl")
SIZES = {
    "4x6-203": LABEL_4X6_203,
    "4x6-300": LABEL_4X6_300,
    "80mm": RECEIPT_80MM,
    "58mm": RECEIPT_58MM,
}
PROFILE_4INCH = "4inch-203"


def escpos_profile(name: str) -> EscposProfile:
    """``4inch-203`` (a 4-inch ESC/POS label printer) or any python-escpos profile name."""
    return ESCPOS_4INCH_203 if name == PROFILE_4INCH else EscposProfile(name)


class StationPrinter:
    def __init__(
        self,
        connection: Connection,
        *,
        language: str = "escpos",
        size: LabelSize = LABEL_4X6_203,
        profile: EscposProfile = ESCPOS_4INCH_203,
        preview_dir: Path,
        name: str,
    ) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"printer language {language!r}: use escpos or zpl")
        if connection.language != language:
            raise ValueError(
                f"the connection asks the status in {connection.language}, the printer "
                f"speaks {language}"
            )
        self.connection = connection
        self.language = language
        self.size = size
        self.profile = profile
        self.preview_dir = Path(preview_dir)
        self.name = name

    def render(self, label: LabelContent) -> bytes:
        """The job's bytes; a label that cannot fit the paper is refused, not clipped."""
        try:
            if self.language == "zpl":
                return render_zpl(label, self.size).encode("utf-8")
            return render_escpos(label, self.size, self.profile)
        except LabelDoesNotFit as exc:
            raise PrinterProblem(self._named(str(exc))) from exc

    def print_label(
        self, label: LabelContent, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        data = self.render(label)
        preview = self._write_preview(render_png(label, self.size), job_uid)
        self._send(data, job_uid, on_sending)
        return PrintOutcome(self.connection.describe(), len(data), preview)

    def print_upstream(
        self, data: bytes, label_format: str, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        """A label bought upstream, as it came: ZPL to a ZPL printer unchanged; a PNG or PDF
        as the printer's raster at its resolution. Anything that cannot print right is
        refused with the reason, never sent as garbage."""
        try:
            job, image = upstream_job(data, label_format, self.language, self.size, self.profile)
        except LabelDoesNotFit as exc:
            raise PrinterProblem(self._named(str(exc))) from exc
        except Exception as exc:  # a broken PNG or PDF from upstream
            unreadable = Message(
                "the {format} label bought upstream cannot be read ({error}).",
                format=label_format.upper(),
                error=type(exc).__name__,
            )
            raise PrinterProblem(self._named(unreadable)) from exc
        preview = self._write_preview(image, job_uid) if image is not None else None
        self._send(job, job_uid, on_sending)
        return PrintOutcome(self.connection.describe(), len(job), preview)

    def print_packing_slip(
        self, slip: PackingSlip, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        """The slip in the printer's own terms: native ESC/POS text on receipt paper, or its
        pages as ZPL graphics on label stock."""
        size = self.size if self.language == "zpl" else receipt_size_for(self.profile)
        pages = render_packing_slip_pages(slip, size)
        try:
            if self.language == "zpl":
                job = "".join(zpl_graphic_job(page, size) for page in pages).encode("ascii")
            else:
                job = render_packing_slip_escpos(slip, self.profile)
        except LabelDoesNotFit as exc:
            raise PrinterProblem(self._named(str(exc))) from exc
        preview = self._write_preview(pages[0], job_uid)
        self._send(job, job_uid, on_sending)
        return PrintOutcome(self.connection.describe(), len(job), preview)

    def _send(self, data: bytes, job_uid: str, on_sending: OnSending | None) -> None:
        """``on_sending`` is the connection's to call: after it connected and the printer
        said it is ready, right before the first byte."""
        try:
            self.connection.send(data, job_id=job_uid, on_sending=on_sending)
        except ConnectionProblem as exc:
            raise PrinterProblem(self._says(exc.what), bytes_sent=exc.bytes_sent) from exc

    def _says(self, what: str) -> str:
        """A problem in words, naming the printer as the station does."""
        where = self.connection.describe()
        who = self.name if where in self.name else f"{self.name} ({where})"
        return Message("Printer {printer}: {problem}", printer=who, problem=what)

    def _named(self, what: str) -> str:
        return Message("Printer {printer}: {problem}", printer=self.name, problem=what)

    def status(self) -> PrinterState:
        return self.connection.status(self.language)

    def _write_preview(self, image: Image.Image, job_uid: str) -> str:
        path = self.preview_dir / f"{job_uid}.png"
        try:
            self.preview_dir.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            handle, temporary = tempfile.mkstemp(dir=self.preview_dir, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(buffer.getvalue())
            os.replace(temporary, path)
        except OSError as exc:
            unwritten = Message(
                "could not write the preview to {folder}: {error}",
                folder=str(self.preview_dir),
                error=str(exc),
            )
            raise PrinterProblem(self._named(unwritten)) from exc
        return str(path)


def station_printer(
    *,
    station: str,
    kind: str,
    target: str,
    language: str,
    size: str,
    profile: str,
    timeout: float,
    labels_dir: Path,
    asks_status: bool = True,
) -> StationPrinter:
    """The printer a station's settings describe. Its name ("PACK-01 network 10.0.4.21:9100")
    is how the print queue knows which jobs are its own."""
    escpos = escpos_profile(profile)
    if size == "receipt":
        label_size = receipt_size_for(escpos)
    elif size in SIZES:
        label_size = SIZES[size]
    else:
        raise ValueError(f"label size {size!r}: use receipt, {', '.join(SIZES)}")
    connection = connection_from_settings(
        kind, target, labels_dir, timeout=timeout, language=language, asks_status=asks_status
    )
    name = Message("{station} {where}", station=station, where=connection.describe())
    return StationPrinter(
        connection,
        language=language,
        size=label_size,
        profile=escpos,
        preview_dir=labels_dir / "previews",
        name=name,
    )
