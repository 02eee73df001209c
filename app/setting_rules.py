"""How a setting is declared: its ``Rule`` (spelling, bounds, check) carried as dataclass field
metadata, and ``ConfigError``, the one-line refusal of an unusable value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from app.setting_checks import Check

T = TypeVar("T")


class ConfigError(ValueError):
    """The config file or an option is unusable; the message (one line) says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.splitlines()))


@dataclass(frozen=True)
class Rule:
    """How a setting is written and which values it takes: ``section``/``key`` in the config
    file (no section: not in the file), ``env`` and ``option`` where it can also be given,
    ``low``..``high`` for numbers, ``choices`` for words, ``check`` for anything else."""

    section: str | None
    key: str
    env: str | None = None
    option: str | None = None
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    check: Check | None = None

    @property
    def spelling(self) -> str:
        return f"[{self.section}] {self.key}" if self.section else self.env or self.key


def _setting(default: T, rule: Rule) -> T:
    made: T = field(default=default, metadata={"rule": rule})
    return made
