"""From a station's printer settings (kind and target) to a connection."""

from __future__ import annotations

import re
from pathlib import Path

from app.adapters.devices.printers.connection import Connection, TwoWayConnection
from app.adapters.devices.printers.cups import CupsRawConnection
from app.adapters.devices.printers.file import FileConnection
from app.adapters.devices.printers.network import NetworkConnection
from app.adapters.devices.printers.serial import SerialConnection
from app.adapters.devices.printers.usb import UsbConnection
from app.adapters.devices.printers.windows import WindowsRawConnection

KINDS = ("network", "serial", "usb", "cups", "windows", "file")


def parse_host_port(target: str) -> tuple[str, int]:
    match = re.fullmatch(
        r"\[(?P<v6>[^\]\s]+)\](?::(?P<p6>\d+))?|(?P<host>[^:\s\[\]]+)(?::(?P<port>\d+))?",
        target,
    )
    if not match:
        raise ValueError(
            f"network printer {target!r} is not host:port (e.g. 10.0.4.21:9100, "
            "printer-3.local or [fe80::1]:9100)"
        )
    host = match["v6"] or match["host"]
    port_text = match["p6"] or match["port"]
    port = int(port_text) if port_text else 9100
    if not 0 < port < 65536:
        raise ValueError(f"network printer {target!r} has no valid port (1 to 65535)")
    return host, port


def parse_serial(target: str) -> tuple[str, int]:
    port, at, baud_text = target.rpartition("@")
    if not at:
        port, baud_text = target, "9600"
    if not port or not baud_text.isdigit() or not 0 < int(baud_text) <= 4_000_000:
        raise ValueError(
            f"serial printer {target!r} is not PORT or PORT@BAUD (e.g. /dev/ttyUSB0@115200 "
            "or COM3@9600)"
        )
    return port, int(baud_text)


def parse_usb(target: str) -> tuple[int, int]:
    match = re.fullmatch(r"(?:0x)?([0-9A-Fa-f]{1,4}):(?:0x)?([0-9A-Fa-f]{1,4})", target)
    if not match or 0 in (int(match[1], 16), int(match[2], 16)):
        raise ValueError(
            f"USB printer {target!r} is not VENDOR:PRODUCT in hex (e.g. 04b8:0e15; "
            "lsusb shows them)"
        )
    return int(match[1], 16), int(match[2], 16)


def connection_from_settings(
    kind: str,
    target: str,
    directory: Path,
    timeout: float = 5.0,
    *,
    name: str | None = None,
    language: str = "escpos",
    asks_status: bool = True,
) -> Connection:
    """The connection a station's printer settings name.

    ``kind`` and ``target``:

    * "network": "host:port" or "host" (port 9100); IPv6 as "[addr]:port";
    * "serial": "PORT@BAUD" or "PORT" (9600 baud): "/dev/ttyUSB0@115200", "COM3@9600";
    * "usb": "VENDOR:PRODUCT" in hex: "04b8:0e15";
    * "cups": the queue name;
    * "windows": the printer's name as Windows shows it (Windows only);
    * "file": ``target`` is ignored; jobs are written into ``directory`` (``.zpl`` files for
      ZPL, ``.bin`` for ESC/POS).

    ``language`` ("escpos" or "zpl") is the one two-way connections ask the status in;
    ``asks_status`` False sends to a network, serial or USB printer that does not answer
    status requests as to a one-way queue.
    Raises ``ValueError`` with a message for the person setting the station up when the kind
    is unknown or the target does not fit it.
    """
    connection = _connection(kind, target, directory, timeout, name=name, language=language)
    if isinstance(connection, TwoWayConnection):
        connection.asks_status = asks_status
    return connection


def _connection(
    kind: str, target: str, directory: Path, timeout: float, *, name: str | None, language: str
) -> Connection:
    normalized = kind.strip().lower()
    target = target.strip()
    if normalized == "file":
        suffix = ".zpl" if language.strip().lower() == "zpl" else ".bin"
        return FileConnection(directory, name=name, suffix=suffix, language=language)
    if normalized not in KINDS:
        raise ValueError(f"unknown printer kind {kind!r}: use one of {', '.join(KINDS)}")
    if not target:
        raise ValueError(f"a {normalized} printer needs a target (where the printer is)")
    if normalized == "network":
        host, port = parse_host_port(target)
        return NetworkConnection(host, port, timeout, name=name, language=language)
    if normalized == "serial":
        port_name, baudrate = parse_serial(target)
        return SerialConnection(port_name, baudrate, timeout, name=name, language=language)
    if normalized == "usb":
        vendor_id, product_id = parse_usb(target)
        return UsbConnection(vendor_id, product_id, timeout, name=name, language=language)
    if normalized == "cups":
        return CupsRawConnection(target, timeout, name=name, language=language)
    return WindowsRawConnection(target, name=name, language=language)
