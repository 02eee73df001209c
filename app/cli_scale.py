"""``packbench scale read``: one stable weight from a scale, for setting a station up; and the
scale part of ``packbench ports``.

    packbench scale read --port /dev/ttyUSB0 --protocol mt-sics [--baud 9600] [--json]
    packbench scale read --port 0922:8003 --protocol hid

Prints ``1234 g`` (or ``{"grams": 1234, "stable": true}``) and exits 0, or exits 2 with one
line saying why there is no stable weight (no such port, timed out while moving, overload,
no reply, what came is not a reading of the protocol, not a serial port, hidapi missing ...).
Options not given come from the station's ``[scale]`` settings, which need not be complete:
``--port`` and ``--protocol`` are enough on their own.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import queue
import re
import time
from typing import Any

from app import cli_numbers
from app.domain.weighing import ReadingKind, ScaleError, ScaleReading, pattern_problem
from app.setting_checks import baudrate

PROTOCOL_CHOICES = ("mt-sics", "sma", "nci", "pattern", "hid")


def add_parser(commands: Any) -> None:
    """Add ``scale`` and its subcommands to the ``packbench`` command's subparsers."""
    scale = commands.add_parser("scale", help="read a scale (setting a station up)")
    actions = scale.add_subparsers(dest="scale_action", required=True)
    read = actions.add_parser("read", help="print one stable weight in grams")
    read.add_argument("--port", help="serial port, pyserial URL, or for hid VID:PID or a path")
    read.add_argument("--protocol", choices=PROTOCOL_CHOICES)
    read.add_argument(
        "--baud", type=cli_numbers.whole(1, 4_000_000), help="serial speed (default 9600)"
    )
    read.add_argument("--pattern", help="continuous output: a regular expression (see README)")
    read.add_argument(
        "--timeout", type=float, default=5.0, help="seconds to wait for a stable weight (5)"
    )
    read.add_argument("--json", action="store_true", help='print {"grams": N, "stable": true}')


def run(args: argparse.Namespace, settings: Any) -> int:
    if not args.verbose:  # the answer or the reason is the whole output
        logging.getLogger("app.adapters.devices.scales").setLevel(logging.ERROR)
    protocol = args.protocol or settings.scale_protocol
    port = args.port if args.port is not None else settings.scale_port
    baud = args.baud if args.baud is not None else settings.scale_baudrate
    pattern = args.pattern if args.pattern is not None else settings.scale_pattern
    if protocol not in PROTOCOL_CHOICES:
        raise ScaleError(
            "no scale protocol: give --protocol (" + "|".join(PROTOCOL_CHOICES) + ") or set "
            "[scale] protocol"
        )
    if not port:
        raise ScaleError("no scale port: give --port (see packbench ports) or set [scale] port")
    if not 0 < args.timeout <= 600:
        raise ScaleError(f"--timeout {args.timeout:g}: use more than 0 and at most 600 seconds")
    if args.baud is not None and protocol != "hid" and (problem := baudrate(args.baud)):
        raise ScaleError(f"--baud {args.baud}: not a standard serial speed; {problem}")
    if protocol == "pattern" and (problem := pattern_problem(pattern)):
        raise ScaleError(f"--pattern {pattern!r} {problem}")
    reading = read_stable(protocol, port, baud, pattern, args.timeout)
    if args.json:
        print(json.dumps({"grams": reading.grams, "stable": True}))
    else:
        print(f"{reading.grams} g")
    return 0


def read_stable(
    protocol: str, port: str, baud: int, pattern: str | None, timeout_s: float
) -> ScaleReading:
    """The first stable reading within ``timeout_s``, or ``ScaleError`` saying why not."""
    from app.adapters.devices.scales import make_scale
    from app.adapters.devices.scales.hid_scale import HidTarget, HidUnavailable, hid_module

    where = f"scale {port} ({protocol})"
    if protocol == "hid":
        try:
            HidTarget.parse(port)
        except ValueError as exc:
            raise ScaleError(f"{where}: {exc}") from exc
        try:
            hid_module()
        except HidUnavailable as exc:
            raise ScaleError(str(exc)) from exc
    elif os.path.isabs(port) and not os.path.exists(port):
        raise ScaleError(f"{where}: no such port (see packbench ports)")
    elif os.path.isdir(port):
        raise ScaleError(f"{where}: {port} is a folder, not a port (see packbench ports)")
    try:
        scale = make_scale(protocol, port, baud, pattern, reconnect_initial_s=0.2)
    except ValueError as exc:
        raise ScaleError(f"{where}: {exc}") from exc
    readings: queue.Queue[ScaleReading] = queue.Queue()
    states: list[tuple[str, str]] = []
    scale.start(readings.put, lambda state: states.append((state.state, state.detail)))
    last: ScaleReading | None = None  # the last reading that tells something of the scale
    try:
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0 and not _unusable(states):
            try:
                reading = readings.get(timeout=min(left, 0.05))
            except queue.Empty:
                continue
            if reading.stable:
                return reading
            if reading.kind not in (ReadingKind.NO_ANSWER, ReadingKind.DISCONNECTED):
                last = reading
        seen = list(states)
    finally:
        scale.stop()
    raise ScaleError(f"{where}: {_why_not(scale, port, protocol, timeout_s, last, seen)}")


def _unusable(states: list[tuple[str, str]]) -> bool:
    """Never opened, and refused for a reason retrying will not fix (not a serial port, no
    permission): waiting longer changes nothing."""
    if not states or any(state == "connected" for state, _ in states):
        return False
    state, reason = states[-1]
    return state == "error" or _not_serial(reason)


def _not_serial(reason: str) -> bool:
    """The port opened but refused a serial port's settings (/dev/null, a plain file)."""
    return "Inappropriate ioctl" in reason or f"({errno.ENOTTY}," in reason


def _why_not(
    scale: Any,
    port: str,
    protocol: str,
    timeout_s: float,
    last: ScaleReading | None,
    states: list[tuple[str, str]],
) -> str:
    """Why no stable weight came, in the words of what was (or was not) received."""
    if last is not None:
        why: str = last.describe()
        if last.kind is ReadingKind.MOVING:
            why += ": keep the platter still"
        return f"no stable weight within {timeout_s:g} s ({why})"
    received: int = getattr(scale, "received", 0)
    settings = getattr(scale, "settings", "")
    at = f" at {settings}" if settings else ""
    if received:
        tail: bytes = getattr(scale, "received_tail", b"")[-16:]
        what = (
            "matches no frame of the pattern"
            if protocol == "pattern"
            else f"is not a reading of the {protocol} protocol"
        )
        return (
            f"what came from {port}{at} {what} ({received} bytes in {timeout_s:g} s, the "
            f"last {tail!r}): check --protocol and --baud"
        )
    if any(state == "connected" for state, _ in states) or not states:
        nothing = "nothing received" if protocol == "pattern" else "no reply"
        return (
            f"{nothing} within {timeout_s:g} s from {port}{at}: check the protocol, the "
            "speed, the cable and that the scale is on"
        )
    reason = states[-1][1]
    if _not_serial(reason):
        return f"{port} is not a serial port, so no scale can reply on it (see packbench ports)"
    return f"cannot open {port} as a scale: {_plain(reason)} (see packbench ports)"


def _plain(reason: str) -> str:
    """pyserial's "[Errno 13] could not open port X: [Errno 13] Permission denied: 'X'" as the
    system's own words, once ("Permission denied"); any other reason as it is."""
    found = re.search(r"\[Errno (\d+)\]", reason)
    return os.strerror(int(found.group(1))) if found else reason


def print_ports() -> None:
    """``packbench ports``: serial ports (a serial scanner or scale may be on any of them) and
    USB HID scales (when hidapi is installed)."""
    from app.adapters.devices.scales.hid_scale import HidUnavailable, discover_hid_scales
    from app.adapters.devices.serial_scanner import discover_ports

    ports = discover_ports()
    for port in ports:
        print(f"{port.label} [serial: scanner or scale]")
    if not ports:
        print("no serial ports found")
    try:
        scales = discover_hid_scales()
    except HidUnavailable:
        print("USB HID scales: not listed (the hidapi package is not installed)")
        return
    except OSError as exc:
        print(f"USB HID scales: cannot be listed ({exc})")
        return
    for scale in scales:
        print(f"{scale.label}: --protocol hid --port {scale.vendor_id:04x}:{scale.product_id:04x}")
    if not scales:
        print("no USB HID scales found")
