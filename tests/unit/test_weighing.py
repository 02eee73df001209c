"""Weights in grams, exactly: conversions, readings, and the serial protocols' decoders byte by
byte (the drivers that use them run on pseudo-terminals in tests/integration/test_scales.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.adapters.devices.scales.protocols import MtSics, Nci, Pattern, Sma, make_protocol
from app.domain.weighing import (
    DEFAULT_PATTERN,
    ReadingKind,
    ScaleReading,
    parse_decimal,
    pattern_problem,
    to_grams,
)


@pytest.mark.parametrize(
    ("value", "unit", "grams"),
    [
        ("1.234", "kg", 1234),
        ("0.0005", "kg", 0),  # 0.5 g: half to even
        ("0.0015", "kg", 2),  # 1.5 g
        ("0.0025", "kg", 2),  # 2.5 g
        ("1", "lb", 454),  # 453.59237
        ("2.75", "lb", 1247),  # 1247.379...
        ("1", "oz", 28),  # 28.349523125
        ("0.1", "oz", 3),  # 2.8349...
        ("16", "oz", 454),
        ("100", "lbs", 45359),  # 45359.237
        ("1500", "g", 1500),
        ("-0.250", "KG", -250),
        ("+  2.500", "kg", 2500),
    ],
)
def test_exact_conversion_to_whole_grams(value: str, unit: str, grams: int) -> None:
    assert to_grams(value, unit) == grams


def test_conversion_uses_no_float() -> None:
    # 0.1 + 0.2 as floats is 0.30000000000000004: Decimal keeps 1.0005 kg exactly at the half.
    assert to_grams(Decimal("1.0005"), "kg") == 1000
    assert to_grams(Decimal("1.0015"), "kg") == 1002


@pytest.mark.parametrize("text", ["", "1.2.3", "1e3", "nan", "inf", "12kg", "- -1", "."])
def test_bad_figures_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a weight"):
        parse_decimal(text)


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown weight unit 'ct'"):
        to_grams("1", "ct")


def test_readings() -> None:
    assert ScaleReading.weighed(1234, stable=True).describe() == "1234 g"
    assert ScaleReading.weighed(1200, stable=False).describe() == "moving (1200 g)"
    below = ScaleReading.weighed(-5, stable=True)
    assert below.kind is ReadingKind.UNDERLOAD and not below.stable
    assert "zero the scale" in below.describe()
    with pytest.raises(ValueError):
        ScaleReading(ReadingKind.STABLE)


def test_pattern_problems() -> None:
    assert pattern_problem(DEFAULT_PATTERN) is None
    assert "not a regular expression" in str(pattern_problem("(?P<weight>"))
    assert "missing status" in str(pattern_problem(r"(?P<weight>\d+)(?P<unit>kg)"))
    assert pattern_problem(r"(?P<weight>\d*)(?P<unit>g?)(?P<status>S?)") == "matches empty text"


# --- Decoders, byte by byte -------------------------------------------------------------------


def test_mt_sics_replies() -> None:
    protocol = MtSics()
    readings = protocol.feed(
        b"S S      1.234 kg\r\nS D      1.240 kg\r\nS +\r\nS -\r\nS I\r\nES\r\nET\r\nEL\r\n"
        b"Z A\r\nS S     -0.002 kg\r\nS S      2.75 lb\r\n"
    )
    assert [(r.kind.value, r.grams) for r in readings] == [
        ("stable", 1234),
        ("moving", 1240),
        ("overload", None),
        ("underload", None),
        ("error", None),
        ("error", None),
        ("error", None),
        ("error", None),
        ("underload", -2),
        ("stable", 1247),
    ]
    assert protocol.garbage == 0
    assert protocol.feed(b"S S 1.2.3 kg\r\n\x00\xffnoise\r\nS S      1.0") == []
    assert protocol.garbage == 2
    assert protocol.feed(b"00 kg\r\n") == [ScaleReading.weighed(1000, stable=True)]


def sma(status: str, figure: str, unit: str = "kg", gross: str = "G", motion: str = " ") -> bytes:
    """A standard SMA reply: <LF> s r n m f, a 10-character weight, a 3-character unit, <CR>."""
    return f"\n{status}1{gross}{motion} {figure:>10}{unit:<3}\r".encode()


def test_sma_frames() -> None:
    protocol = Sma()
    assert protocol.feed(sma(" ", "1.234")) == [ScaleReading.weighed(1234, True)]
    assert protocol.feed(sma(" ", "1.240", motion="M"))[0].kind is ReadingKind.MOVING
    assert protocol.feed(sma("Z", "0.000")) == [ScaleReading.weighed(0, True)]
    assert protocol.feed(sma(" ", "2.750", "lb", "N")) == [ScaleReading.weighed(1247, True)]
    assert protocol.feed(sma("O", "99.999"))[0].kind is ReadingKind.OVERLOAD
    assert protocol.feed(sma("U", "-1.000"))[0].kind is ReadingKind.UNDERLOAD
    assert protocol.feed(sma("E", "----------"))[0].kind is ReadingKind.ERROR
    assert protocol.feed(b"\n?\r")[0].kind is ReadingKind.ERROR
    assert protocol.feed(sma(" ", "0.100", gross="T")) == []  # a tare figure
    assert protocol.garbage == 0
    # Noise before a frame, a frame cut short by the next one's start, split reads.
    whole = sma(" ", "0.500")
    assert protocol.feed(b"junk\n 1G  " + whole[:12]) == []
    assert protocol.feed(whole[12:]) == [ScaleReading.weighed(500, True)]
    assert protocol.garbage == 2
    assert protocol.feed(b"\n 1X  garbage   kg \r") == []
    assert protocol.garbage == 3


def test_nci_frames_with_parity_bits_and_status_bytes() -> None:
    protocol = Nci()

    def parity(raw: bytes) -> bytes:
        return bytes(b | (bin(b).count("1") % 2) << 7 for b in raw)

    assert protocol.feed(parity(b"\n  1.234kg\r\n00\r\x03")) == [ScaleReading.weighed(1234, True)]
    assert protocol.feed(b"\n  1.240kg\r\n10\r\x03")[0].kind is ReadingKind.MOVING
    assert protocol.feed(b"\n  2.75lb\r\n00\r\x03") == [ScaleReading.weighed(1247, True)]
    assert protocol.feed(b"\n^^^^^^^\r\n02\r\x03")[0].kind is ReadingKind.OVERLOAD
    assert protocol.feed(b"\n_______\r\n01\r\x03")[0].kind is ReadingKind.UNDERLOAD
    assert protocol.feed(b"\n-------\r\n00\r\x03")[0].kind is ReadingKind.ERROR
    assert protocol.feed(b"\n  1.000kg\r\n40\r\x03")[0].detail == "RAM error"
    assert protocol.feed(b"\n  1.000kg\r\n0p8\r\x03")[0].detail.startswith("initial zero")
    assert protocol.feed(b"\n?\r\x03")[0].kind is ReadingKind.ERROR
    assert protocol.feed(b"\n00\r\x03") == []  # status only (the reply to S or Z)
    assert protocol.garbage == 0
    assert protocol.feed(b"garbage\r\n\n  0.500kg\r\n00\r\x03") == [ScaleReading.weighed(500, True)]
    assert protocol.feed(b"noise\x03") == []
    assert protocol.garbage == 1


def test_pattern_resyncs_on_the_frame_start() -> None:
    protocol = Pattern(r"(?P<weight>[\d.]+)(?P<unit>kg) (?P<status>ST|US)")
    # Connected mid-frame: "12.500kg ST" arrives as "2.500kg ST"; that first line is dropped.
    assert protocol.feed(b"2.500kg ST\r\n12.500kg ST\r\n") == [ScaleReading.weighed(12500, True)]
    assert protocol.feed(b"@@##12.600kg US\r\n")[0].kind is ReadingKind.MOVING
    assert protocol.feed(b"nothing here\r\n") == []
    assert protocol.garbage == 1
    protocol.reset()
    assert protocol.feed(b"1.000kg ST\r\n") == []  # after a reconnect: resync again
    default = make_protocol("pattern")
    assert default.feed(b"\r\nST,GS,+  1.500kg\r\nOL,GS,+  9.999kg\r\n") == [
        ScaleReading.weighed(1500, True),
        ScaleReading(ReadingKind.OVERLOAD, detail="over capacity: take the parcel off"),
    ]


def test_unknown_protocol_and_bad_pattern() -> None:
    with pytest.raises(ValueError, match="unknown scale protocol 'cas'"):
        make_protocol("cas")
    with pytest.raises(ValueError, match="needs the named groups"):
        make_protocol("pattern", r"(?P<weight>\d+)")
