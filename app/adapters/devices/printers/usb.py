"""A USB printer through python-escpos's ``escpos.printer.Usb`` (pyusb and a libusb backend)."""

from __future__ import annotations

import contextlib
import errno
import threading
import time
from functools import cache
from typing import Any

from app.adapters.devices.printers.connection import (
    DEFAULT_STATUS_TIMEOUT,
    UNCERTAIN,
    TwoWayConnection,
    check_job_id,
    describe_error,
    failed_during_job,
    positive,
    status_failed,
    timed_out,
)
from app.adapters.devices.printers.status import query
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending

USB_DEPENDENCY_HINT = "USB printing needs pyusb and libusb: pip install pyusb libusb-package"


def import_escpos_usb() -> Any:
    """python-escpos's USB module, imported on first use (after ``resources`` has pointed
    python-escpos's capabilities cache at the user cache folder)."""
    from escpos.printer import usb as escpos_usb

    from app.adapters.devices import resources  # noqa: F401

    return escpos_usb


@cache
def _usb_printer_class() -> Any:
    import_escpos_usb()  # sets the capabilities cache first
    from escpos.printer import Usb

    class _Usb(Usb):  # type: ignore[misc]
        """``escpos.printer.Usb`` whose ``close`` does nothing when nothing is open: the
        original needs pyusb even then, and ``Escpos.__del__`` calls it."""

        def close(self) -> None:
            if self._device:
                super().close()

    return _Usb


def _libusb_package_backend() -> Any:
    """The libusb backend of the ``libusb-package`` wheel, if installed (else pyusb looks for
    a system libusb)."""
    try:
        import libusb_package
    except ImportError:
        return None
    return libusb_package.get_libusb1_backend()


class _UsbUnavailable(Exception):
    """The USB printer cannot be opened; ``what`` says why, ``state`` is its status."""

    def __init__(self, what: str, state: PrinterCondition = PrinterCondition.OFFLINE) -> None:
        super().__init__(what)
        self.what = what
        self.state = state


def _is_usb_timeout(usb_core: Any, error: BaseException) -> bool:
    timeout_class = getattr(usb_core, "USBTimeoutError", None)
    if timeout_class is not None and isinstance(error, timeout_class):
        return True
    return getattr(error, "errno", None) in (errno.ETIMEDOUT, 110)


class _UsbChannel:
    def __init__(self, printer: Any, usb_core: Any) -> None:
        self.printer = printer
        self.usb_core = usb_core

    def write(self, data: bytes) -> None:
        self.printer._raw(data)

    def read(self, wait: float) -> bytes:
        milliseconds = max(1, int(wait * 1000))
        try:
            return bytes(self.printer.device.read(self.printer.in_ep, 64, milliseconds))
        except self.usb_core.USBError as error:
            if _is_usb_timeout(self.usb_core, error):
                return b""
            raise


class UsbConnection(TwoWayConnection):
    """A USB printer through python-escpos's ``escpos.printer.Usb`` (pyusb underneath).

    The device is found by vendor and product id (``backend``: a pyusb backend; by default the
    ``libusb-package`` wheel's, if installed, else the system libusb), configured once by
    python-escpos (which detaches the ``usblp`` kernel driver and resets the device) and kept
    open between jobs: reopening for every job would reset the printer every time. After a USB
    error it is reopened on the next use. Bulk writes and status reads get ``timeout`` and
    ``status_timeout`` (python-escpos's own default is no timeout at all). ``send`` asks the
    status before and after the job, as every two-way connection does.
    """

    kind = "usb"

    def __init__(
        self,
        vendor_id: int,
        product_id: int,
        timeout: float = 5.0,
        backend: Any = None,
        *,
        name: str | None = None,
        language: str = "escpos",
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        in_ep: int = 0x82,
        out_ep: int = 0x01,
    ) -> None:
        super().__init__(name, language)
        for what, value in (("vendor", vendor_id), ("product", product_id)):
            if not 0 < value <= 0xFFFF:
                raise ValueError(f"USB {what} id {value!r} is not between 0001 and ffff")
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.timeout = positive(timeout, "printer timeout")
        self.status_timeout = positive(status_timeout, "status timeout")
        self.backend = backend
        self.in_ep = in_ep
        self.out_ep = out_ep
        self._lock = threading.Lock()
        self._printer: Any = None
        self._usb_core: Any = None

    def describe(self) -> str:
        return f"USB {self.vendor_id:04x}:{self.product_id:04x}"

    def _open(self) -> Any:
        """The open python-escpos printer (opened now if needed)."""
        if self._printer is not None:
            return self._printer
        escpos_usb = import_escpos_usb()
        if not escpos_usb.is_usable():
            raise _UsbUnavailable(USB_DEPENDENCY_HINT, PrinterCondition.ERROR)
        try:
            import usb.core
        except ImportError as error:
            raise _UsbUnavailable(USB_DEPENDENCY_HINT, PrinterCondition.ERROR) from error
        from escpos.exceptions import DeviceNotFoundError

        backend = self.backend if self.backend is not None else _libusb_package_backend()
        printer = _usb_printer_class()(
            self.vendor_id,
            self.product_id,
            usb_args={} if backend is None else {"backend": backend},
            timeout=max(1, int(self.timeout * 1000)),  # pyusb counts milliseconds
            in_ep=self.in_ep,
            out_ep=self.out_ep,
        )
        try:
            printer.open()
        except usb.core.NoBackendError as error:
            raise _UsbUnavailable(
                f"no libusb found. {USB_DEPENDENCY_HINT}", PrinterCondition.ERROR
            ) from error
        except DeviceNotFoundError as error:
            raise _UsbUnavailable(
                "not found: is it plugged in and switched on? (On Linux, a udev rule must "
                f"give this user access.) {str(error).splitlines()[-1]}"
            ) from error
        except usb.core.USBError as error:
            raise _UsbUnavailable(f"cannot open the device: {describe_error(error)}") from error
        if not printer.device:  # python -O removes python-escpos's own check
            raise _UsbUnavailable("not found: is it plugged in and switched on?")
        self._printer = printer
        self._usb_core = usb.core
        return printer

    def _drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer.close()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        if job_id is not None:
            check_job_id(job_id)
        with self._lock:
            try:
                printer = self._open()
            except _UsbUnavailable as unavailable:
                raise self._problem(unavailable.what) from unavailable.__cause__
            usb_core = self._usb_core
            channel = _UsbChannel(printer, usb_core)
            try:
                self._check_ready(channel)
            except usb_core.USBError as error:
                self._drop()
                what = describe_error(error)
                raise self._problem(status_failed(what)) from error
            if on_sending is not None:
                on_sending()
            deadline = time.monotonic() + self.timeout
            try:
                printer._raw(data)
                self._confirm_taken(channel, deadline - time.monotonic())
            except usb_core.USBError as error:
                self._drop()
                if _is_usb_timeout(usb_core, error):
                    raise self._problem(
                        timed_out(self.timeout, UNCERTAIN), bytes_sent=True
                    ) from error
                raise self._problem(
                    failed_during_job(describe_error(error), UNCERTAIN), bytes_sent=True
                ) from error

    def status(self, language: str | None = None) -> PrinterState:
        if not self.asks_status:
            return self._not_asked()
        checked = self._language(language)
        with self._lock:
            try:
                printer = self._open()
            except _UsbUnavailable as unavailable:
                return PrinterState(unavailable.state, unavailable.what)
            try:
                return query(checked, _UsbChannel(printer, self._usb_core), self.status_timeout)
            except self._usb_core.USBError as error:
                self._drop()
                if _is_usb_timeout(self._usb_core, error):
                    return PrinterState(
                        PrinterCondition.UNKNOWN,
                        f"the status request timed out after {self.timeout:g} s",
                    )
                return PrinterState(
                    PrinterCondition.UNKNOWN, f"the status query failed: {describe_error(error)}"
                )
