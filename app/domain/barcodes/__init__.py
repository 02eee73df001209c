"""Interpret a scanned code the way a warehouse means it.

One entry point, ``interpret``, for every code a station meets: retail GTINs (EAN-13, UPC-A,
EAN-8, UPC-E, ITF-14), GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar, and
their printed "(01)...(10)..." form), GS1 Digital Link URIs, internal Code 128 codes told apart
by prefix (badge, order slip, tote, box, command), and anything else a product may carry.
GS1 parsing is done by ``biip``; this package decides what a scan *means* and what is refused.

What callers may rely on:

* ``interpret`` returns a ``ScannedCode`` or raises ``InvalidBarcode`` with a message written
  for a packer. It raises nothing else, whatever text it is given. It does no I/O.
* A check digit is never corrected: a wrong one is refused ("the check digit is wrong").
* For products ``value`` is the lookup key: the GTIN-14 of any GTIN (UPC-A ``036000291452``,
  EAN-13 ``0036000291452`` and GTIN-14 ``00036000291452`` all give ``00036000291452``; UPC-E
  is expanded first), else the code as scanned, stripped of whitespace and of the symbology
  identifier. GS1 data with neither a GTIN (AI 01) nor an SSCC (AI 00) has its GS1 printed form
  ("(10)ABC") as ``value``. A logistic unit (AI 00 without AI 01) is ``CodeKind.SSCC`` with the
  18-digit SSCC as ``value``. Internal codes have the whole code, upper-cased, as ``value``.

Rules for the ambiguous cases:

* Symbology identifiers (AIM, ISO/IEC 15424: ``]C1``, ``]E0``, ``]d2`` ...) at the start are
  stripped and kept in ``ScannedCode.symbology``. They decide how the rest is read:
  ``]C1 ]e0 ]e1 ]e2 ]d2 ]Q3 ]J1`` must hold GS1 data (``]d2``/``]Q3`` may also hold a Digital
  Link URI); ``]E0 ]E3 ]E4`` must hold an EAN/UPC; ``]I1`` with 14 digits must be an ITF-14 GTIN.
  Any other identifier (``]C0`` plain Code 128, ``]A0`` Code 39, ``]Q1`` plain QR ...) is never
  read as GS1 element strings; its content is an internal code, a GTIN if it is 8/12/13/14 digits
  with a valid check digit, a Digital Link URI if a 2D code holds one, else the code as scanned.
* 8 digits are either an EAN-8 or a UPC-E (number system 0 or 1). ``]E4`` means EAN-8 only.
  ``]E0`` (the identifier of UPC-E; EAN-8 should come as ``]E4``) prefers UPC-E and falls back to
  EAN-8. Without an identifier EAN-8 is preferred when its check digit is valid, as biip does, and
  UPC-E is tried otherwise. When both readings are valid the other one is in
  ``alternative_value`` (a service may look it up when ``value`` is not found; the two can never
  be the same product, as a UPC-A starting with 0000 is not issued).
* Without a symbology identifier (scanner not set to send them), 8/12/13/14 digits are a GTIN and
  a wrong check digit is refused; text starting "(" and a GS1 AI is the GS1 printed form; and,
  unless ``InterpreterConfig.gs1_without_symbology`` is off, text starting with two digits and
  containing a GS, or starting with AI 00 + a valid SSCC or AI 01/02 + a valid GTIN-14, is read
  as GS1 element strings.
* Separators: GS (ASCII 29) and the station's ``substitute_separator`` (for scanners that send
  e.g. "|" for FNC1) end a variable-length GS1 field. Anywhere else GS is refused.
* Lost separator: a variable-length field (lot, serial) without its GS swallows what follows.
  The scan is refused ("GS1 separator missing: ...") when the field's value ends with what reads as
  further GS1 fields that start with a production, best-before or expiry date (AI 11/15/17, a
  real date) or a GTIN (AI 01, valid check digit), that are all common AIs (00-02, 10, 11-17, 21,
  30, 37), and that are not otherwise in the code (``detect_lost_separator`` switches this off);
  and when the code cannot be read past a variable-length field that ended at its maximum length
  without a separator. Trade-offs: a lot that merely contains "10" or "21" is accepted, as a lost
  separator before a lot or serial cannot be told from such a lot; an all-digit lot or serial
  that happens to end in "17" + a real date (or 11/15 + date, 01 + GTIN) in a code without that
  field is refused: about 1 in 1000 random 12-20 digit serials, practically never a lot with
  letters.
* Expiry is AI 17; day 00 means the last day of the month. Count is AI 30, else AI 37.
"""

from app.domain.barcodes.codes import (
    MAX_CODE_LENGTH,
    MAX_PLAIN_CODE_LENGTH,
    UNEXPECTED_FAILURE,
    CodeKind,
    InterpreterConfig,
    ScannedCode,
)
from app.domain.barcodes.reader import interpret
from app.domain.barcodes.retail import gtin_check_digit

__all__ = [
    "MAX_CODE_LENGTH",
    "MAX_PLAIN_CODE_LENGTH",
    "UNEXPECTED_FAILURE",
    "CodeKind",
    "InterpreterConfig",
    "ScannedCode",
    "gtin_check_digit",
    "interpret",
]
