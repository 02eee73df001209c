"""Interpret a scanned code the way a warehouse means it (see ``gs1`` for the rules)."""

from app.domain.barcodes.gs1 import (
    MAX_CODE_LENGTH,
    UNEXPECTED_FAILURE,
    CodeKind,
    InterpreterConfig,
    ScannedCode,
    gtin_check_digit,
    interpret,
)

__all__ = [
    "MAX_CODE_LENGTH",
    "UNEXPECTED_FAILURE",
    "CodeKind",
    "InterpreterConfig",
    "ScannedCode",
    "gtin_check_digit",
    "interpret",
]
