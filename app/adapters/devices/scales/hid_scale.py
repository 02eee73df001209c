"""USB HID scales (DYMO M5/M10/M25/S-series, Stamps.com, Mettler Toledo PS60 and others that
follow the HID point-of-sale scale usage page) through the ``hidapi`` package.

``hidapi`` is imported only when a HID scale is used: without it the app works and a HID scale
reads "error" with the message ``HIDAPI_MISSING``.

A report is 6 bytes: report id 3, status, unit, scaling, weight LSB, weight MSB.
Status: 1 fault, 2 stable at zero, 3 in motion, 4 stable, 5 under zero, 6 over capacity,
7 needs calibration, 8 needs re-zeroing. Unit: 2 g, 3 kg, 11 oz, 12 lb. Scaling is a signed
exponent of ten (0xFF: tenths), the weight an unsigned 16-bit little-endian count.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.adapters.devices.reader import ScaleReader
from app.domain.message import Message
from app.domain.weighing import OVER_CAPACITY, UNDER_ZERO, ReadingKind, ScaleReading, to_grams

log = logging.getLogger(__name__)

HIDAPI_MISSING = (
    "USB HID scales need the hidapi package, which is not installed: pip install hidapi"
)
SCALE_USAGE_PAGE = 0x8D  # HID point-of-sale scales
#: Vendors whose HID scales use the scale report format.
SCALE_VENDORS = {0x0922: "DYMO", 0x1446: "Stamps.com", 0x0EB8: "Mettler Toledo", 0x2474: "Stamps"}
HID_UNITS = {2: "g", 3: "kg", 11: "oz", 12: "lb"}
REPORT_ID = 3
_READ_TIMEOUT_MS = 100


class HidUnavailable(RuntimeError):
    """The hidapi package is not installed."""


def hid_module() -> Any:
    """The ``hid`` module of hidapi, or ``HidUnavailable`` with ``HIDAPI_MISSING``."""
    try:
        import hid
    except ImportError as exc:
        raise HidUnavailable(HIDAPI_MISSING) from exc
    return hid


def parse_report(report: Sequence[int]) -> ScaleReading | None:
    """A scale data report as a reading; None for reports of another kind."""
    if len(report) < 6 or report[0] != REPORT_ID:
        return None
    status, unit_code, scaling = report[1], report[2], report[3]
    exponent = scaling - 256 if scaling > 127 else scaling
    count = report[4] | (report[5] << 8)
    if status == 6:
        return ScaleReading(ReadingKind.OVERLOAD, detail=OVER_CAPACITY)
    if status == 5:
        return ScaleReading(ReadingKind.UNDERLOAD, detail=UNDER_ZERO)
    if status == 2:
        return ScaleReading.weighed(0, stable=True)
    if status in (1, 7, 8):
        detail = {
            1: Message("scale fault"),
            7: Message("needs calibration"),
            8: Message("needs re-zeroing"),
        }[status]
        return ScaleReading(ReadingKind.ERROR, detail=detail)
    if status not in (3, 4):
        return ScaleReading(
            ReadingKind.ERROR, detail=Message("unknown status {status}", status=status)
        )
    unit = HID_UNITS.get(unit_code)
    if unit is None:
        return ScaleReading(
            ReadingKind.ERROR, detail=Message("unknown unit code {code}", code=unit_code)
        )
    grams = to_grams(Decimal(count).scaleb(exponent), unit)
    return ScaleReading.weighed(grams, stable=status == 4)


@dataclass(frozen=True)
class HidTarget:
    """Which HID device: ``vid:pid`` (hex, e.g. "0922:8003") or a hidraw path."""

    vendor_id: int | None = None
    product_id: int | None = None
    path: bytes | None = None

    @classmethod
    def parse(cls, text: str) -> HidTarget:
        parts = text.split(":")
        if len(parts) == 2 and not text.startswith("/"):  # VID:PID, nothing else
            if all(re.fullmatch(r"[0-9A-Fa-f]{1,4}", part) for part in parts):
                return cls(int(parts[0], 16), int(parts[1], 16))
            raise ValueError(f"{text} is not a VID:PID (e.g. 0922:8003): see packbench ports")
        if not text:
            raise ValueError("give a HID scale as VID:PID (e.g. 0922:8003) or a device path")
        return cls(path=text.encode())


@dataclass(frozen=True)
class HidScaleInfo:
    path: str
    vendor_id: int
    product_id: int
    product: str

    @property
    def label(self) -> str:
        return f"{self.vendor_id:04x}:{self.product_id:04x} — {self.product} (USB HID scale)"


Enumerate = Callable[[], list[dict[str, Any]]]


def discover_hid_scales(enumerate_devices: Enumerate | None = None) -> list[HidScaleInfo]:
    """HID devices that look like scales (scale usage page, or a scale vendor's). Raises
    ``HidUnavailable`` without hidapi."""
    devices = enumerate_devices() if enumerate_devices else hid_module().enumerate()
    found: dict[tuple[int, int], HidScaleInfo] = {}
    for info in devices:
        vid, pid = int(info.get("vendor_id") or 0), int(info.get("product_id") or 0)
        if info.get("usage_page") == SCALE_USAGE_PAGE or vid in SCALE_VENDORS:
            raw_path = info.get("path") or b""
            path = raw_path.decode(errors="replace") if isinstance(raw_path, bytes) else raw_path
            product = str(info.get("product_string") or SCALE_VENDORS.get(vid, "scale"))
            found.setdefault((vid, pid), HidScaleInfo(path, vid, pid, product))
    return sorted(found.values(), key=lambda item: (item.vendor_id, item.product_id))


class HidScale(ScaleReader):
    """A USB HID scale; implements ``ScaleSource``. ``device_factory`` makes an object with
    hid.device's methods (``open``, ``open_path``, ``read``, ``close``); default: hidapi's."""

    def __init__(
        self,
        target: str,
        name: str | None = None,
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 10.0,
        device_factory: Callable[[], Any] | None = None,
    ) -> None:
        self.target = HidTarget.parse(target)
        super().__init__(name if name is not None else f"HID scale {target}")
        self.port = target
        self.reconnect_initial_s = reconnect_initial_s
        self.reconnect_max_s = reconnect_max_s
        self._factory = device_factory

    def _loop(self) -> None:
        try:
            factory = self._factory or hid_module().device
        except HidUnavailable as exc:
            self._set_state("error", str(exc))
            self._publish(ScaleReading(ReadingKind.ERROR, detail=str(exc)))
            return
        delay = self.reconnect_initial_s
        while not self._stop.is_set():
            device = factory()
            try:
                if self.target.path is not None:
                    device.open_path(self.target.path)
                else:
                    device.open(self.target.vendor_id, self.target.product_id)
            except (OSError, ValueError) as exc:
                self._gone(f"cannot open {self.port}: {exc}", "reconnecting")
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, self.reconnect_max_s)
                continue
            delay = self.reconnect_initial_s
            self._set_state("connected", f"{self.port} (USB HID)")
            reason = self._read(device)
            _close_quietly(device)
            if reason is None:
                break
            self._gone(reason, "disconnected")
            self._set_state("reconnecting", reason)
            if self._stop.wait(delay):
                break

    def _read(self, device: Any) -> str | None:
        while not self._stop.is_set():
            try:
                report = device.read(8, _READ_TIMEOUT_MS)
            except (OSError, ValueError) as exc:
                return f"{self.port}: {exc}" if str(exc) else f"{self.port} was unplugged"
            if report:
                reading = parse_report(report)
                if reading is not None:
                    self._publish(reading)
        return None

    def _gone(self, reason: str, state: str) -> None:
        self._set_state(state, reason)
        self._publish(ScaleReading(ReadingKind.DISCONNECTED, detail=reason))


def _close_quietly(device: Any) -> None:
    try:
        device.close()
    except Exception:
        log.debug("closing the HID device failed", exc_info=True)
