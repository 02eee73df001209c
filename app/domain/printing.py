"""The print queue's vocabulary: a printer's state, a job's kind and state. Plain Python."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.message import Message


class PrinterCondition(StrEnum):
    """What a printer says about itself. ``UNKNOWN``: no reply, or a one-way connection that
    cannot be asked; never taken as ready."""

    READY = "ready"
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterState:
    """The one printer-state type: what a printer said when asked, and a detail for people
    ("paper out", "no reply to ~HS within 1.0 s")."""

    state: PrinterCondition
    detail: str = ""

    def __post_init__(self) -> None:
        # Accept the enum's string values too; anything else is a bug.
        object.__setattr__(self, "state", PrinterCondition(self.state))

    @property
    def ok(self) -> bool:
        """The printer answered and can print."""
        return self.state is PrinterCondition.READY

    @property
    def known(self) -> bool:
        """The printer answered (or, for a folder, the folder was checked)."""
        return self.state is not PrinterCondition.UNKNOWN

    @property
    def words(self) -> str:
        """The state in floor words, after "Printer X ...": "is out of paper", with the
        printer's own detail where it adds something ("is offline (head open)")."""
        words = _WORDS[self.state]
        detail = self.detail.strip()
        plain = detail.lower().replace("(", "").replace(")", "")
        if detail and plain not in words and plain != self.state.value.replace("_", " "):
            # The detail as the adapter gave it: a message of its own is shown translated.
            shown = self.detail if self.detail == detail else detail
            return Message("{state} ({detail})", state=words, detail=shown)
        return words


_WORDS = {
    PrinterCondition.READY: Message("is ready"),
    PrinterCondition.OFFLINE: Message("is offline"),
    PrinterCondition.PAPER_OUT: Message("is out of paper"),
    PrinterCondition.COVER_OPEN: Message("has its cover open"),
    PrinterCondition.ERROR: Message("reports an error"),
    PrinterCondition.UNKNOWN: Message("is not answering"),
}


class PrintJobKind(StrEnum):
    LABEL = "label"
    PACKING_SLIP = "packing_slip"
    REPRINT = "reprint"
    RETURN_LABEL = "return_label"  # a parcel's return label (app.services.returns)


class PrintJobState(StrEnum):
    """A job's life. ``QUEUED``/``FAILED``: nothing reached the printer, sent by the queue when
    due. ``SENDING``: its first byte was written. ``SENT``: the printer took every byte.
    ``UNCERTAIN``: interrupted after bytes left; never resent by itself, a person answers
    whether the label came out. ``CANCELLED``: the order was cancelled or held before sending."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    CANCELLED = "cancelled"
