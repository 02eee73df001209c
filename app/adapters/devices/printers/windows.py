"""A printer installed in Windows, sent RAW spooler jobs through pywin32's ``win32print``."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from app.adapters.devices.printers.connection import (
    UNCERTAIN,
    Connection,
    check_job_id,
)
from app.adapters.devices.printers.status import unknown
from app.domain.message import Message
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending

# Win32 PRINTER_STATUS_* flags (winspool.h) and PRINTER_ATTRIBUTE_WORK_OFFLINE.
_WIN_PAUSED = 0x1
_WIN_ERROR = 0x2
_WIN_PAPER_JAM = 0x8
_WIN_PAPER_OUT = 0x10
_WIN_PAPER_PROBLEM = 0x40
_WIN_OFFLINE = 0x80
_WIN_NOT_AVAILABLE = 0x1000
_WIN_USER_INTERVENTION = 0x100000
_WIN_DOOR_OPEN = 0x400000
_WIN_WORK_OFFLINE = 0x400


class WindowsRawConnection(Connection):
    """A printer installed in Windows, sent a RAW spooler job through pywin32's
    ``win32print`` (the bytes reach the printer unchanged).

    The spooler accepts the job at once; "took every byte" means the spooler did. ``status``
    reports the problems the spooler knows of (offline, paper out, door open, error) and
    otherwise unknown: the spooler's "no problem" is not a reply from the printer.
    """

    kind = "windows"
    two_way = False
    _win32print: Any

    def __init__(
        self, printer_name: str, *, name: str | None = None, language: str = "escpos"
    ) -> None:
        super().__init__(name, language)
        if not printer_name.strip():
            raise ValueError("a Windows printer needs the printer's name")
        self.printer_name = printer_name
        if sys.platform != "win32":
            raise ValueError(
                f"the Windows printer {printer_name!r} can only be used on Windows "
                f"(this computer runs {sys.platform}): use a 'cups', 'network', 'serial' or "
                "'usb' printer here"
            )
        try:
            import win32print
        except ImportError as error:
            raise ValueError("Windows printing needs pywin32: pip install pywin32") from error
        self._win32print = win32print

    def describe(self) -> str:
        return Message("Windows printer {name} (raw)", name=repr(self.printer_name))

    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        title = check_job_id(job_id) if job_id is not None else "Packbench label"
        win32print = self._win32print
        try:
            handle = win32print.OpenPrinter(self.printer_name)
        except Exception as error:  # pywintypes.error
            raise self._problem(f"cannot open the printer: {error}") from error
        if on_sending is not None:
            try:
                on_sending()
            except BaseException:
                with contextlib.suppress(Exception):
                    win32print.ClosePrinter(handle)
                raise
        writing = False
        try:
            win32print.StartDocPrinter(handle, 1, (title, None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                writing = True
                written = win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        except Exception as error:  # pywintypes.error
            tail = f"; {UNCERTAIN}" if writing else ""
            raise self._problem(
                f"the spooler refused the job: {error}{tail}", bytes_sent=writing
            ) from error
        finally:
            with contextlib.suppress(Exception):
                win32print.ClosePrinter(handle)
        if written != len(data):
            raise self._problem(
                f"the spooler took {written} of {len(data)} bytes; {UNCERTAIN}",
                bytes_sent=written > 0,
            )

    def status(self, language: str | None = None) -> PrinterState:
        self._language(language)
        win32print = self._win32print
        try:
            handle = win32print.OpenPrinter(self.printer_name)
            try:
                info = win32print.GetPrinter(handle, 2)
            finally:
                win32print.ClosePrinter(handle)
        except Exception as error:  # pywintypes.error
            return PrinterState(PrinterCondition.OFFLINE, f"the spooler does not know it: {error}")
        flags = int(info.get("Status", 0))
        attributes = int(info.get("Attributes", 0))
        if flags & _WIN_DOOR_OPEN:
            return PrinterState(PrinterCondition.COVER_OPEN, "door open (spooler)")
        if flags & _WIN_PAPER_OUT:
            return PrinterState(PrinterCondition.PAPER_OUT, "paper out (spooler)")
        if flags & (_WIN_ERROR | _WIN_PAPER_JAM | _WIN_PAPER_PROBLEM | _WIN_USER_INTERVENTION):
            return PrinterState(PrinterCondition.ERROR, f"error (spooler status 0x{flags:x})")
        if flags & (_WIN_OFFLINE | _WIN_NOT_AVAILABLE | _WIN_PAUSED) or (
            attributes & _WIN_WORK_OFFLINE
        ):
            return PrinterState(
                PrinterCondition.OFFLINE, f"offline or paused (spooler status 0x{flags:x})"
            )
        return unknown("the spooler knows of no problem, but cannot ask the printer")
