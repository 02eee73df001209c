"""A printer on a serial port (RS-232 or USB-serial) through pyserial."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from app.adapters.devices.printers.connection import (
    DEFAULT_STATUS_TIMEOUT,
    UNCERTAIN,
    TwoWayConnection,
    check_job_id,
    describe_error,
    failed_during_job,
    positive,
    status_failed,
)
from app.adapters.devices.printers.status import query
from app.domain.message import Message
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending

_PORT_ERRORS = (serial.SerialException, OSError, ValueError)


class _SerialChannel:
    def __init__(self, port: Any) -> None:
        self.port = port

    def write(self, data: bytes) -> None:
        self.port.write(data)

    def read(self, wait: float) -> bytes:
        self.port.timeout = max(0.0, wait)
        waiting = max(1, int(self.port.in_waiting or 0))
        return bytes(self.port.read(waiting))


class SerialConnection(TwoWayConnection):
    """A printer on a serial port (or any pyserial URL), opened for each job or query.

    ``send`` opens the port, asks the status (``status_timeout``), calls ``on_sending``, writes
    with a write timeout, waits until the port's output queue is empty and asks the status
    again (its reply means the printer took the whole job): ``timeout`` seconds from the first
    byte, the last question at least ``status_timeout``. On a failure the output queue is
    discarded so that closing the port cannot block. A printer without a receive wire never
    answers: it is refused before anything is sent ("no status").
    """

    kind = "serial"

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        timeout: float = 5.0,
        serial_factory: Callable[..., Any] = serial.serial_for_url,
        *,
        name: str | None = None,
        language: str = "escpos",
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
    ) -> None:
        super().__init__(name, language)
        if not port:
            raise ValueError("a serial printer needs a port such as /dev/ttyUSB0 or COM3")
        if not 0 < baudrate <= 4_000_000:
            raise ValueError(f"{baudrate} is not a baud rate")
        self.port = port
        self.baudrate = baudrate
        self.timeout = positive(timeout, "printer timeout")
        self.status_timeout = positive(status_timeout, "status timeout")
        self.serial_factory = serial_factory
        self._lock = threading.Lock()

    def describe(self) -> str:
        return Message("serial {port} at {baudrate} baud", port=self.port, baudrate=self.baudrate)

    def _open(self, write_timeout: float) -> Any:
        return self.serial_factory(
            self.port,
            baudrate=self.baudrate,
            timeout=self.status_timeout,
            write_timeout=write_timeout,
        )

    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        if job_id is not None:
            check_job_id(job_id)
        with self._lock:
            try:
                port = self._open(self.timeout)
            except _PORT_ERRORS as error:
                raise self._problem(
                    Message("cannot open the port: {problem}", problem=describe_error(error))
                ) from error
            delivered = False
            try:
                self._deliver(port, data, on_sending)
                delivered = True
            finally:
                if not delivered:
                    with contextlib.suppress(Exception):
                        port.reset_output_buffer()
                with contextlib.suppress(Exception):
                    port.close()

    def _deliver(self, port: Any, data: bytes, on_sending: OnSending | None) -> None:
        channel = _SerialChannel(port)
        try:
            with contextlib.suppress(Exception):
                port.reset_input_buffer()  # nothing stale is taken for a reply
            self._check_ready(channel)
        except (serial.SerialException, OSError) as error:
            what = describe_error(error)
            raise self._problem(status_failed(what)) from error
        if on_sending is not None:
            on_sending()
        deadline = time.monotonic() + self.timeout
        try:
            port.write_timeout = self.timeout
            port.write(data)
            self._wait_drained(port, len(data), deadline)
            with contextlib.suppress(Exception):
                port.reset_input_buffer()  # bytes volunteered meanwhile are no reply
            self._confirm_taken(channel, deadline - time.monotonic())
        except serial.SerialTimeoutException as error:
            raise self._problem(
                Message(
                    "timed out: the printer did not take the job within {seconds} s (busy, out "
                    "of paper, or handshake lines holding the data back); {tail}",
                    seconds=f"{self.timeout:g}",
                    tail=UNCERTAIN,
                ),
                bytes_sent=True,
            ) from error
        except (serial.SerialException, OSError) as error:
            raise self._problem(
                failed_during_job(describe_error(error), UNCERTAIN), bytes_sent=True
            ) from error

    def _wait_drained(self, port: Any, size: int, deadline: float) -> None:
        while True:
            try:
                waiting = int(port.out_waiting)
            except (AttributeError, NotImplementedError, OSError, serial.SerialException):
                return  # the port cannot tell: the status reply after the job will
            if waiting <= 0:
                return
            if time.monotonic() >= deadline:
                raise self._problem(
                    Message(
                        "timed out: {waiting} of {size} bytes still waiting to go out after "
                        "{seconds} s (handshake lines holding the data back?); {tail}",
                        waiting=waiting,
                        size=size,
                        seconds=f"{self.timeout:g}",
                        tail=UNCERTAIN,
                    ),
                    bytes_sent=True,
                )
            time.sleep(0.005)

    def status(self, language: str | None = None) -> PrinterState:
        if not self.asks_status:
            return self._not_asked()
        checked = self._language(language)
        with self._lock:
            try:
                port = self._open(self.status_timeout)
            except _PORT_ERRORS as error:
                return PrinterState(
                    PrinterCondition.OFFLINE, f"cannot open the port: {describe_error(error)}"
                )
            try:
                with contextlib.suppress(Exception):
                    port.reset_input_buffer()  # nothing stale is taken for a reply
                return query(checked, _SerialChannel(port), self.status_timeout)
            except (serial.SerialException, OSError) as error:
                return PrinterState(
                    PrinterCondition.UNKNOWN, f"the status query failed: {describe_error(error)}"
                )
            finally:
                with contextlib.suppress(Exception):
                    port.reset_output_buffer()
                with contextlib.suppress(Exception):
                    port.close()
