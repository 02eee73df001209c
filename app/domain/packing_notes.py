"""An order's words for the packer, and what of them must be acknowledged. Plain Python.

From intake (the orders file): ``notes`` (the shop's note about the order), ``gift_message``
(for the recipient: printed or written on the gift card, never on the label) and
``packing_instructions`` (how to pack: "no plastic", "pack the glass upright"), and a flag,
``notes_important``. They are shown when the order opens, in large type. When the flag is set
and there is something to read, the order's item scans are refused until the packer
acknowledges the notes with a scan of ACKNOWLEDGE (or its key): ``to_acknowledge``.

From the console: ``supervisor``, the note a supervisor left for the next packer when the
order went back to ready or was shipped short. It comes first ("Supervisor: ...") and is
always important: the packer acknowledges it like an important note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from app.domain.message import Message

if TYPE_CHECKING:  # the order (``model``) carries its notes; ``station`` imports ``model``
    from app.domain.station import Unacknowledged

INSTRUCTIONS_MAX: Final = 1000


@dataclass(frozen=True)
class PackingNotes:
    notes: str = ""
    gift_message: str = ""
    instructions: str = ""
    important: bool = False
    supervisor: str = ""

    @property
    def empty(self) -> bool:
        return not (
            self.notes.strip()
            or self.gift_message.strip()
            or self.instructions.strip()
            or self.supervisor.strip()
        )

    @property
    def for_packer(self) -> str:
        """The supervisor's note, the packing instructions and the notes, one paragraph each
        (the gift message is shown apart: it is for the recipient)."""
        parts = self.paragraphs()
        return parts[0] if len(parts) == 1 else "\n".join(parts)

    def paragraphs(self) -> list[str]:
        """``for_packer``'s paragraphs, the supervisor's a ``Message`` (shown translated)."""
        parts = [part.strip() for part in (self.instructions, self.notes) if part.strip()]
        if self.supervisor.strip():
            parts.insert(0, Message("Supervisor: {note}", note=self.supervisor.strip()))
        return parts

    @property
    def must_acknowledge(self) -> bool:
        return (self.important and not self.empty) or bool(self.supervisor.strip())


def to_acknowledge(notes: PackingNotes | None) -> Unacknowledged | None:
    """What the packer must acknowledge before the first item scan of an order just opened:
    its notes when they are marked important (None: nothing, scanning may start)."""
    from app.domain.station import Unacknowledged

    if notes is None or not notes.must_acknowledge:
        return None
    return Unacknowledged(None)
