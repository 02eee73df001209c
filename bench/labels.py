"""Label jobs: how big they are, how long they take to make and to send.

What is measured
    For one 4x6 in (100x150 mm) shipping label at 203 dpi with everything on it (sender,
    address, carrier and service, order, parcel n of m, weight, the tracking number as Code 128,
    the SSCC as GS1-128 and a QR code), and for each of ESC/POS native (printer fonts and
    ``GS k`` / ``GS ( k`` commands), ESC/POS raster (the whole label as a ``GS v 0`` image) and
    ZPL II:

    * bytes: the size of the job;
    * render: building the job from the label content (layout, text fitting, encoding);
    * render+send: render, then connect to a loopback virtual printer
      (``tests.support.virtual_printer.VirtualPrinter``, a real TCP server on 127.0.0.1),
      send the job, close, and wait until the printer has received all of it;
    * serial: the time the job's bytes take on a serial line at 9600 and 115200 baud, 8N1
      (10 bits a byte): bytes * 10 / baud. A printer's own print time (about 1 s for a 4x6
      label at 152 mm/s) comes on top of any of these.

    Times are per label, in milliseconds, p50 and p99 (linear interpolation between ranks)
    over ``--runs`` labels after ``--warmup`` unmeasured ones. The goals checked: a native
    ESC/POS label is under 1 KB and a ZPL label under 2 KB (the largest job of the run, as
    the printer receives it). The QR code is the label's default: the SSCC's GS1 Digital Link
    URI (``https://id.gs1.org/00/<SSCC>``).

Run it from the project root::

    .venv/bin/python -m bench.labels
    .venv/bin/python -m bench.labels --runs 500
    .venv/bin/python -m bench.labels --json > bench/out/labels.json

With ``--json`` stdout holds exactly one JSON object; ``escpos_bytes`` and ``zpl_bytes`` are
the native ESC/POS and ZPL job sizes. Exit status 0 when the goals hold, 1 when one does not,
2 for bad options.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import socket
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app import __version__
from app.adapters.devices.labels import ESCPOS_4INCH_203, render_escpos, render_zpl
from app.domain.labels import LABEL_4X6_203, Address, LabelContent
from app.domain.sscc import make_sscc
from app.domain.tracking import format_s10
from tests.support.virtual_printer import VirtualPrinter

GOAL_NATIVE_BYTES = 1024
GOAL_ZPL_BYTES = 2048
BAUD_RATES = (9600, 115200)


def sample_label(serial: int = 1) -> LabelContent:
    tracking = format_s10("RR", 12345678 + serial % 1000, "DE")
    return LabelContent(
        ship_to=Address(
            "Erika Mustermann",
            "Heidestraße 17",
            "Hinterhaus, 2. Etage",
            postcode="51147",
            city="Köln",
            country="Deutschland",
        ),
        sender=Address(
            "Packbench Warehouse", "Lagerweg 1", postcode="20095", city="Hamburg", country="DE"
        ),
        order_reference="ORD-2024-000123",
        carrier="DHL",
        service="Paket",
        tracking_number=tracking,
        parcel_no=2,
        parcel_count=3,
        weight_g=1250,
        sscc=make_sscc(3, "4012345", serial),
    )


RENDERERS: dict[str, Callable[[LabelContent], bytes]] = {
    "escpos-native": lambda label: render_escpos(label, LABEL_4X6_203, ESCPOS_4INCH_203, "native"),
    "escpos-raster": lambda label: render_escpos(label, LABEL_4X6_203, ESCPOS_4INCH_203, "raster"),
    "zpl": lambda label: render_zpl(label, LABEL_4X6_203).encode("utf-8"),
}


def percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks over sorted values."""
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Result:
    renderer: str
    byte_count: int
    render_ms: list[float]
    send_ms: list[float]

    def as_dict(self) -> dict[str, Any]:
        render = sorted(self.render_ms)
        send = sorted(self.send_ms)
        return {
            "renderer": self.renderer,
            "bytes": self.byte_count,
            "render_p50_ms": round(percentile(render, 0.5), 3),
            "render_p99_ms": round(percentile(render, 0.99), 3),
            "render_send_p50_ms": round(percentile(send, 0.5), 3),
            "render_send_p99_ms": round(percentile(send, 0.99), 3),
            "serial_ms": {
                str(baud): round(self.byte_count * 10 / baud * 1000, 1) for baud in BAUD_RATES
            },
            "runs": len(render),
        }


def _send(address: tuple[str, int], data: bytes) -> None:
    with socket.create_connection(address, timeout=10.0) as connection:
        connection.sendall(data)


def measure(name: str, render: Callable[[LabelContent], bytes], runs: int, warmup: int) -> Result:
    labels = [sample_label(i) for i in range(runs + warmup)]
    render_ms: list[float] = []
    send_ms: list[float] = []
    sizes: set[int] = set()
    for index, label in enumerate(labels):
        start = time.perf_counter_ns()
        job = render(label)
        end = time.perf_counter_ns()
        if index >= warmup:
            render_ms.append((end - start) / 1e6)
            sizes.add(len(job))
    with VirtualPrinter(receive_buffer=1 << 20) as printer:
        for index, label in enumerate(labels):
            start = time.perf_counter_ns()
            job = render(label)
            _send(printer.address, job)
            received = printer.wait_for_jobs(index + 1, timeout=30.0)
            end = time.perf_counter_ns()
            if received[index] != job:
                raise RuntimeError(f"{name}: the virtual printer received other bytes")
            if index >= warmup:
                send_ms.append((end - start) / 1e6)
    # Labels differ only in serial numbers: sizes may differ by a byte or two (code sets).
    return Result(name, max(sizes), render_ms, send_ms)


def job_sizes(results: list[dict[str, Any]]) -> dict[str, int]:
    """The native ESC/POS and ZPL job sizes (largest of the run), in bytes."""
    by_name = {r["renderer"]: int(r["bytes"]) for r in results}
    return {"escpos_bytes": by_name["escpos-native"], "zpl_bytes": by_name["zpl"]}


def machine_info() -> dict[str, Any]:
    import escpos  # after app.adapters set its capabilities cache dir
    import PIL

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "pillow": PIL.__version__,
        "python_escpos": getattr(escpos, "__version__", "?"),
        "packbench": __version__,
    }


def print_table(results: list[dict[str, Any]], runs: int, wall_s: float, ok: bool) -> None:
    print(
        f"One {LABEL_4X6_203.name} (tracking Code 128, SSCC GS1-128, QR code); "
        f"ESC/POS profile: {ESCPOS_4INCH_203.label} ({ESCPOS_4INCH_203.width_px} dots); "
        f"{runs} runs each. Times in ms."
    )
    print()
    header = (
        "| renderer | bytes | render p50 | render p99 | render+send p50 | render+send p99 "
        "| 9600 baud | 115200 baud |"
    )
    print(header)
    print("|" + "|".join("---" for _ in range(8)) + "|")
    for r in results:
        serial = r["serial_ms"]
        print(
            f"| {r['renderer']} | {r['bytes']:,} | {r['render_p50_ms']:.2f} | "
            f"{r['render_p99_ms']:.2f} | {r['render_send_p50_ms']:.2f} | "
            f"{r['render_send_p99_ms']:.2f} | {serial['9600'] / 1000:.2f} s | "
            f"{serial['115200'] / 1000:.3f} s |"
        )
    print()
    sizes = job_sizes(results)
    verdict = "met" if ok else "NOT met"
    print(
        f"Goals (native ESC/POS under {GOAL_NATIVE_BYTES} B, ZPL under {GOAL_ZPL_BYTES} B): "
        f"{verdict}; ESC/POS {sizes['escpos_bytes']} B, ZPL {sizes['zpl_bytes']} B"
    )
    print(f"Wall time {wall_s:.1f} s; {platform.python_version()} on {os.cpu_count()} CPUs.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.labels", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=200, help="measured labels per renderer")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured labels first")
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup not negative")

    started = time.perf_counter()
    results = [
        measure(name, render, args.runs, args.warmup).as_dict()
        for name, render in RENDERERS.items()
    ]
    wall_s = time.perf_counter() - started
    sizes = job_sizes(results)
    problems = []
    if sizes["escpos_bytes"] >= GOAL_NATIVE_BYTES:
        problems.append(f"native ESC/POS label is {sizes['escpos_bytes']} bytes")
    if sizes["zpl_bytes"] >= GOAL_ZPL_BYTES:
        problems.append(f"ZPL label is {sizes['zpl_bytes']} bytes")
    ok = not problems
    if args.json:
        report = {
            "benchmark": "labels",
            "ok": ok,
            "label": LABEL_4X6_203.name,
            "escpos_profile": ESCPOS_4INCH_203.label,
            **sizes,
            "goal": {"escpos_native_max_bytes": GOAL_NATIVE_BYTES, "zpl_max_bytes": GOAL_ZPL_BYTES},
            "results": results,
            "machine": machine_info(),
            "wall_s": round(wall_s, 2),
            "problems": problems,
        }
        json.dump(report, sys.stdout)
        sys.stdout.write("\n")
    else:
        print_table(results, args.runs, wall_s, ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
