"""``packbench labels ...``: the print queue's questions, reprints and voids from a terminal.

The same services as the station's screens (``LabelService``); who acts is the badge given.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app import cli_numbers


def add_parser(commands: Any) -> None:
    """Add ``labels`` and its subcommands to the ``packbench`` command's subparsers."""
    labels = commands.add_parser("labels", help="interrupted labels, reprints and voids")
    actions = labels.add_subparsers(dest="labels_action", required=True)
    actions.add_parser("uncertain", help="list every label that was cut off while printing")
    answer = actions.add_parser("answer", help="answer whether an interrupted label came out")
    answer.add_argument(
        "job", type=cli_numbers.record_id, help="the print job's number (from 'uncertain')"
    )
    answer.add_argument("came_out", choices=["yes", "no"])
    answer.add_argument("--badge", required=True, help="your badge code")
    reprint = actions.add_parser("reprint", help="print a parcel's label again")
    which = reprint.add_mutually_exclusive_group(required=True)
    which.add_argument("--order", help="order reference")
    which.add_argument("--tracking", help="tracking number or SSCC")
    which.add_argument("--parcel", type=cli_numbers.record_id, help="parcel number")
    reprint.add_argument("--reason", required=True, help="damaged, not printed, smudged, ...")
    reprint.add_argument("--badge", required=True, help="your badge code")
    void = actions.add_parser("void", help="void a parcel's label (supervisors)")
    void.add_argument("label", help="order reference, tracking number, SSCC or #parcel")
    void.add_argument("--reason", required=True)
    void.add_argument(
        "--loaded-confirmed",
        action="store_true",
        help="the parcel was loaded at the dock: it is off the cage (or its carrier is told)",
    )
    void.add_argument("--badge", required=True, help="your badge code")


def run(args: argparse.Namespace, settings: Any) -> int:
    """Run one ``labels`` subcommand; domain errors go to the caller (one clear message)."""
    from app.bootstrap import build_station
    from app.cli_badge import sign_in
    from app.domain.reprints import LoadedLabel

    station = build_station(settings)
    try:
        labels = station.labels
        if args.labels_action == "uncertain":
            questions = labels.uncertain_jobs(everywhere=True)
            for q in questions:
                print(f"job {q.job_id} on {q.printer}: {q.question}")
            if not questions:
                print("no interrupted labels")
            return 0
        session = sign_in(station.packing, station.record, args.badge)
        if args.labels_action == "answer":
            answer = labels.answer_uncertain(session, args.job, args.came_out == "yes")
            print(answer.message)
            return 0
        if args.labels_action == "reprint":
            scanned = args.order or args.tracking or f"#{args.parcel}"
            job_id, printer = labels.reprint_where_printed(session, scanned, args.reason)
            print(f"label queued again as job {job_id} on {printer}")
            return 0
        try:
            report = labels.void_label(
                session, args.label, args.reason, loaded_confirmed=args.loaded_confirmed
            )
        except LoadedLabel as exc:
            print(f"{exc.message} Add --loaded-confirmed to void it.", file=sys.stderr)
            return 2
        print(report.message)
        if report.warning:
            print(f"WARNING: {report.warning}")
        return 0
    finally:
        station.close()
