"""How a station's label printer is reached: one ``Connection`` per printer.

* ``network.NetworkConnection``: raw TCP, usually port 9100 (JetDirect / "raw" port);
* ``serial.SerialConnection``: RS-232 or USB-serial through pyserial;
* ``usb.UsbConnection``: a USB printer through python-escpos's ``escpos.printer.Usb``;
* ``cups.CupsRawConnection``: a CUPS queue, ``lp -d QUEUE -o raw``;
* ``windows.WindowsRawConnection``: the Windows spooler, a RAW job through ``win32print``;
* ``file.FileConnection``: one file per job in a folder.

``connection.Connection`` says what ``send`` and ``status`` promise (every byte taken, or a
``PrinterProblem`` saying whether any byte left); ``status`` decodes what printers answer;
``targets.connection_from_settings`` turns a station's printer settings into a connection.
"""

from __future__ import annotations

from app.adapters.devices.printers.connection import Connection, ConnectionProblem
from app.adapters.devices.printers.cups import CupsRawConnection
from app.adapters.devices.printers.file import FileConnection
from app.adapters.devices.printers.network import NetworkConnection
from app.adapters.devices.printers.serial import SerialConnection
from app.adapters.devices.printers.targets import KINDS, connection_from_settings
from app.adapters.devices.printers.usb import UsbConnection
from app.adapters.devices.printers.windows import WindowsRawConnection

__all__ = [
    "KINDS",
    "Connection",
    "ConnectionProblem",
    "CupsRawConnection",
    "FileConnection",
    "NetworkConnection",
    "SerialConnection",
    "UsbConnection",
    "WindowsRawConnection",
    "connection_from_settings",
]
