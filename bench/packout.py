"""Pack-out: how soon after a parcel comes to rest on the scale does the driver publish its
stable weight, and is any settled weight never published?

    .venv/bin/python -m bench.packout [--trials 50] [--protocol NAME|all] [--json]

The scale part: for each serial protocol (MT-SICS, SMA, NCI polled every 100 ms;
continuous output by pattern streaming every 50 ms) a simulated scale is played on a real
pseudo-terminal (``tests.support.fake_scale``) and the real driver (``SerialScale``, pyserial,
its reader thread) reads it. Each trial: the scale moves (a moving weight the driver publishes),
then, after a random pause so the settling falls anywhere in the polling cycle, settles on a
new weight. Per protocol:

- stable_ms p50/p99/max: from the scale settling to the driver's ``on_reading`` callback with
  that stable weight (on the driver's thread; the station's screen model is not wired yet);
- readings_lost: settled weights never published as stable within 5 s (goal 0);
- poll_ms: the protocol's polling (or streaming) interval; goal: stable_ms <= poll_ms + 100.

The parcels part (``bench.parcels``, ``--orders N --db sqlite|postgresql|both|none``):
close_parcel_ms p50/p99/max for 3-parcel orders through the real services, from the call until
the parcel's label job is committed (goal p99 <= 50 ms).
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import statistics
import time
from dataclasses import asdict, dataclass

from app.adapters.devices.scales import SerialScale, make_scale
from app.domain.weighing import ScaleReading
from app.services.device_ports import DeviceState
from bench.parcels import GOAL_MS, run_parcels
from tests.support.fake_scale import FakeScale

PROTOCOLS = ("mt-sics", "sma", "nci", "pattern")
POLL_S = 0.1
STREAM_S = 0.05
TIMEOUT_S = 5.0


@dataclass
class ScaleFigures:
    protocol: str
    trials: int
    poll_ms: float
    stable_ms_p50: float | None
    stable_ms_p99: float | None
    stable_ms_max: float | None
    readings_lost: int
    goal_met: bool


def _p(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


def run_protocol(protocol: str, trials: int, seed: int = 7) -> ScaleFigures:
    rng = random.Random(seed)
    stream = protocol == "pattern"
    poll_s = STREAM_S if stream else POLL_S
    published: queue.Queue[tuple[float, ScaleReading]] = queue.Queue()
    states: queue.Queue[DeviceState] = queue.Queue()
    latencies: list[float] = []
    lost = 0
    with FakeScale(protocol, interval_s=STREAM_S, parity_bits=protocol == "nci") as fake:
        scale = make_scale(protocol, str(fake.path), poll_interval_s=POLL_S)
        assert isinstance(scale, SerialScale)
        scale.start(lambda r: published.put((time.monotonic(), r)), states.put)
        try:
            for trial in range(trials):
                grams = 1000 + trial * 7
                fake.set("moving", grams + 40)
                _wait_for(published, lambda r, g=grams + 40: r.grams == g and not r.stable)
                time.sleep(rng.uniform(0, poll_s))
                settled_at = fake.settle(grams)
                at = _wait_for(published, lambda r, g=grams: r.stable and r.grams == g)
                if at is None:
                    lost += 1
                else:
                    latencies.append((at - settled_at) * 1000)
        finally:
            scale.stop()
    worst = max(latencies) if latencies else None
    return ScaleFigures(
        protocol=protocol,
        trials=trials,
        poll_ms=poll_s * 1000,
        stable_ms_p50=round(statistics.median(latencies), 1) if latencies else None,
        stable_ms_p99=_p(latencies, 0.99),
        stable_ms_max=round(worst, 1) if worst is not None else None,
        readings_lost=lost,
        goal_met=lost == 0 and worst is not None and worst <= poll_s * 1000 + 100,
    )


def _wait_for(published: queue.Queue[tuple[float, ScaleReading]], wanted: object) -> float | None:
    """The time the first wanted reading was published, or None after TIMEOUT_S."""
    assert callable(wanted)
    deadline = time.monotonic() + TIMEOUT_S
    while (left := deadline - time.monotonic()) > 0:
        try:
            at, reading = published.get(timeout=left)
        except queue.Empty:
            return None
        if wanted(reading):
            return at
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.packout", description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=50, help="settlings per protocol (50)")
    parser.add_argument("--protocol", choices=[*PROTOCOLS, "all"], default="all")
    parser.add_argument("--orders", type=int, default=50, help="3-parcel orders per database")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both", "none"], default="both")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    protocols = PROTOCOLS if args.protocol == "all" else (args.protocol,)
    results = [run_protocol(protocol, args.trials) for protocol in protocols]
    databases = {"both": ("sqlite", "postgresql"), "none": ()}.get(args.db, (args.db,))
    parcels = run_parcels(args.orders, databases) if databases and args.orders > 0 else []
    if args.json:
        print(
            json.dumps(
                {"scales": [asdict(r) for r in results], "parcels": [asdict(p) for p in parcels]},
                indent=2,
            )
        )
    else:
        for r in results:
            print(
                f"{r.protocol:8} poll {r.poll_ms:g} ms  stable_ms p50 {r.stable_ms_p50} "
                f"p99 {r.stable_ms_p99} max {r.stable_ms_max}  lost {r.readings_lost}"
                f"  goal {'met' if r.goal_met else 'MISSED'}"
            )
        for p in parcels:
            print(
                f"{p.database:10} {p.parcels} parcels ({p.parcels_boxed} boxed)"
                f"  close_parcel_ms p50 {p.close_parcel_ms_p50} p99 {p.close_parcel_ms_p99}"
                f" max {p.close_parcel_ms_max}"
                f"  goal {'met' if p.goal_met else 'MISSED'} (<= {GOAL_MS:g} ms)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
