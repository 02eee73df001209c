"""Tests for ``app.domain.barcodes``: what a packing station makes of each code it scans."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.domain.barcodes import (
    MAX_CODE_LENGTH,
    MAX_PLAIN_CODE_LENGTH,
    UNEXPECTED_FAILURE,
    CodeKind,
    InterpreterConfig,
    ScannedCode,
    gtin_check_digit,
    interpret,
)
from app.domain.errors import InvalidBarcode

GS = "\x1d"
GTIN_13 = "9506000134352"
GTIN_14 = "09506000134352"
SSCC = "106141411234567897"
# Valid both as EAN-8 and as UPC-E (number system 1).
BOTH_EAN_8_AND_UPC_E = "12345649"


def rejected(raw: str, config: InterpreterConfig | None = None) -> str:
    """The message ``interpret`` refuses ``raw`` with (fails the test if it accepts it)."""
    with pytest.raises(InvalidBarcode) as caught:
        interpret(raw, config)
    return caught.value.message


# --- Retail GTINs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "gtin"),
    [
        ("4006381333931", "04006381333931"),
        ("5901234123457", "05901234123457"),
        (GTIN_13, GTIN_14),
        ("  4006381333931\r\n", "04006381333931"),
    ],
)
def test_ean_13_is_looked_up_by_its_gtin_14(raw: str, gtin: str) -> None:
    code = interpret(raw)
    assert code.kind is CodeKind.PRODUCT
    assert code.value == gtin
    assert code.gtin == gtin
    assert code.raw == raw
    assert code.symbology is None


@pytest.mark.parametrize(
    "raw",
    ["036000291452", "0036000291452", "00036000291452", "]E00036000291452", "]E0036000291452"],
)
def test_upc_a_ean_13_with_leading_zero_and_gtin_14_give_one_value(raw: str) -> None:
    assert interpret(raw).value == "00036000291452"


def test_itf_14_case_code() -> None:
    code = interpret("]I1" + "10012345000017")
    assert code.value == code.gtin == "10012345000017"
    assert code.symbology == "]I1"


def test_ean_8() -> None:
    assert interpret("96385074").value == "00000096385074"
    code = interpret("]E4" + "96385074")
    assert code.value == "00000096385074"
    assert code.alternative_value is None


@pytest.mark.parametrize("raw", ["04252614", "]E004252614", "]E0" + "0425261"])
def test_upc_e_expands_to_the_gtin_14_of_its_upc_a(raw: str) -> None:
    code = interpret(raw)
    assert code.value == "00042100005264"
    assert code.value == interpret("042100005264").value
    assert code.gtin == "00042100005264"


def test_eight_digits_valid_both_ways_prefer_ean_8_without_symbology() -> None:
    code = interpret(BOTH_EAN_8_AND_UPC_E)
    assert code.value == "00000012345649"
    assert code.alternative_value == "00123450000069"


def test_eight_digits_valid_both_ways_prefer_upc_e_under_e0() -> None:
    code = interpret("]E0" + BOTH_EAN_8_AND_UPC_E)
    assert code.value == "00123450000069"
    assert code.alternative_value == "00000012345649"


def test_e4_reads_eight_digits_as_ean_8_only() -> None:
    assert interpret("]E4" + BOTH_EAN_8_AND_UPC_E).value == "00000012345649"
    assert interpret("]E4" + BOTH_EAN_8_AND_UPC_E).alternative_value is None
    assert "check digit is wrong" in rejected("]E4" + "04252614")  # a UPC-E, not an EAN-8


def test_e0_falls_back_to_ean_8_when_not_a_upc_e() -> None:
    assert interpret("]E0" + "96385074").value == "00000096385074"


@pytest.mark.parametrize(
    "raw",
    [
        "4006381333932",  # EAN-13
        "036000291453",  # UPC-A
        "96385075",  # EAN-8 (and no UPC-E either)
        "04252615",  # UPC-E
        "09506000134353",  # GTIN-14
        "]E0" + "4006381333932",
        "]I1" + "10012345000018",
    ],
)
def test_a_wrong_check_digit_is_refused_never_corrected(raw: str) -> None:
    assert "check digit is wrong" in rejected(raw)


def test_add_on_is_split_off() -> None:
    code = interpret("]E3" + "4006381333931" + "12")
    assert code.value == "04006381333931"
    assert code.add_on == "12"
    assert "add-on" in rejected("]E2" + "12345")


@pytest.mark.parametrize(
    "raw", ["]E0" + "40063813339X1", "]E0" + "400638133", "]E4" + "4006381333931"]
)
def test_declared_ean_upc_that_is_not_one_is_refused(raw: str) -> None:
    rejected(raw)


def test_non_ascii_digits_are_not_a_gtin() -> None:
    arabic = "٤٠٠٦٣٨١٣٣٣٩٣١"  # 4006381333931 in Arabic-Indic digits
    assert interpret(arabic).gtin is None
    rejected("]E0" + arabic)
    rejected("]C1" + "01" + arabic + "٤")


def test_gtin_check_digit() -> None:
    assert gtin_check_digit("400638133393") == 1
    assert gtin_check_digit("950600013435") == 2
    assert gtin_check_digit("9638507") == 4


# --- GS1 element strings --------------------------------------------------------------------


def test_gs1_128_with_gs() -> None:
    code = interpret("]C1" + "01" + GTIN_14 + "10ABC123" + GS + "17261231")
    assert code.kind is CodeKind.PRODUCT
    assert code.value == code.gtin == GTIN_14
    assert code.lot == "ABC123"
    assert code.expiry == date(2026, 12, 31)
    assert code.symbology == "]C1"
    assert code.hri == "(01)09506000134352(10)ABC123(17)261231"


def test_gs1_with_the_substitute_separator() -> None:
    raw = "]C1" + "01" + GTIN_14 + "10ABC123|17261231"
    code = interpret(raw, InterpreterConfig(substitute_separator="|"))
    assert code.lot == "ABC123"
    assert code.expiry == date(2026, 12, 31)
    assert "substitute separator" in rejected(raw)  # a station not set up for "|"


def test_lost_separator_after_the_lot_is_refused() -> None:
    message = rejected("]C1" + "01" + GTIN_14 + "10ABC123" + "17261231")
    assert message.startswith("GS1 separator missing: the lot number swallowed the next field")


@pytest.mark.parametrize(
    "raw",
    [
        "]d2" + "01" + GTIN_14 + "21XYZ987" + "17261231" + "10L1",  # serial swallowed expiry
        "]C1" + "01" + GTIN_14 + "10ABC" + "1726123121S2",  # expiry and a serial
        "]C1" + "10ABC" + "01" + GTIN_14,  # GTIN swallowed by a leading lot
        "]C1" + "01" + GTIN_14 + "10" + "A" * 18 + "21XYZ",  # lot filled up to its 20 characters
        "]C1" + "01" + GTIN_14 + "3712" + "17261231",  # count filled up to its 8 digits
        "01" + GTIN_14 + "10ABC123" + "17261231",  # no symbology identifier
    ],
)
def test_other_lost_separators_are_refused(raw: str) -> None:
    assert rejected(raw).startswith("GS1 separator missing")


@pytest.mark.parametrize(
    "lot",
    ["A10B5", "ABC21XYZ", "L2310", "1726123", "B17261331", "X170", "2024-17/11", "10", "21"],
)
def test_lots_that_only_look_like_fields_are_accepted(lot: str) -> None:
    code = interpret("]C1" + "01" + GTIN_14 + "10" + lot + GS + "17261231")
    assert code.lot == lot
    assert code.expiry == date(2026, 12, 31)


@pytest.mark.parametrize("lot", ["X13261231", "X16261231", "X0209506000134352", "X17261231"])
def test_only_dates_11_15_17_and_a_gtin_count_as_swallowed(lot: str) -> None:
    raw = "]C1" + "00" + SSCC + "10" + lot
    if lot.startswith("X17"):
        assert rejected(raw).startswith("GS1 separator missing: the lot number")
    else:
        assert interpret(raw).lot == lot


def test_lost_separator_detection_can_be_switched_off() -> None:
    raw = "]C1" + "01" + GTIN_14 + "10ABC123" + "17261231"
    code = interpret(raw, InterpreterConfig(detect_lost_separator=False))
    assert code.lot == "ABC12317261231"
    assert code.expiry is None


def test_lot_ending_like_an_expiry_is_accepted_when_the_code_has_its_own_expiry() -> None:
    code = interpret("]C1" + "01" + GTIN_14 + "17270101" + "10ABC17261231")
    assert code.lot == "ABC17261231"
    assert code.expiry == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("field", "expiry"),
    [
        ("17270200", date(2027, 2, 28)),
        ("17280200", date(2028, 2, 29)),
        ("17261100", date(2026, 11, 30)),
    ],
)
def test_expiry_day_00_is_the_last_day_of_the_month(field: str, expiry: date) -> None:
    assert interpret("]C1" + "01" + GTIN_14 + field).expiry == expiry


@pytest.mark.parametrize("field", ["17261331", "17260230"])
def test_an_expiry_that_is_no_date_is_refused(field: str) -> None:
    assert "not a real date" in rejected("]C1" + "01" + GTIN_14 + field)


def test_sscc_alone_is_a_logistic_unit() -> None:
    code = interpret("]C1" + "00" + SSCC)
    assert code.kind is CodeKind.SSCC
    assert code.value == code.sscc == SSCC
    assert code.gtin is None


def test_sscc_with_contents_and_count() -> None:
    code = interpret("]C1" + "00" + SSCC + "02" + GTIN_14 + "3712")
    assert code.kind is CodeKind.SSCC
    assert code.content_gtin == GTIN_14
    assert code.count == 12


def test_sscc_with_wrong_check_digit_is_refused() -> None:
    assert "check digit is wrong" in rejected("]C1" + "00" + "106141411234567898")


def test_count_ai_37_and_30() -> None:
    assert interpret("]C1" + "02" + GTIN_14 + "3748").count == 48
    assert interpret("]C1" + "01" + GTIN_14 + "3024" + GS + "10L7").count == 24


def test_serial() -> None:
    code = interpret("]d2" + "01" + GTIN_14 + "21SN0001" + GS + "17261231")
    assert code.serial == "SN0001"
    assert code.symbology == "]d2"


@pytest.mark.parametrize("symbology", ["]C1", "]d2", "]Q3", "]e0"])
def test_gs1_symbologies(symbology: str) -> None:
    code = interpret(symbology + "01" + GTIN_14 + "10LOT9")
    assert code.value == GTIN_14
    assert code.lot == "LOT9"
    assert code.symbology == symbology


def test_gs1_with_wrong_gtin_check_digit_is_refused() -> None:
    assert "check digit is wrong" in rejected("]C1" + "0109506000134353" + "10ABC")


def test_gs1_with_a_field_twice_is_refused() -> None:
    assert "twice" in rejected("]C1" + "01" + GTIN_14 + "10A" + GS + "10B")


def test_gs1_leading_and_trailing_separators_are_ignored() -> None:
    assert interpret("]C1" + GS + "01" + GTIN_14 + "10A" + GS).lot == "A"


def test_gs1_without_gtin_or_sscc_is_keyed_by_its_printed_form() -> None:
    code = interpret("]C1" + "10ABC" + GS + "21S1")
    assert code.kind is CodeKind.PRODUCT
    assert code.value == "(10)ABC(21)S1"
    assert code.gtin is None


def test_garbage_in_a_gs1_symbology_is_refused() -> None:
    rejected("]C1HELLO")
    rejected("]C1" + "01" + GTIN_14 + "99")


def test_gs1_printed_form_in_parentheses() -> None:
    code = interpret("(01)09506000134352(10)ABC123(17)261231")
    assert code.value == GTIN_14
    assert code.lot == "ABC123"
    assert code.expiry == date(2026, 12, 31)
    rejected("(01)09506000134353(10)ABC123")
    rejected("(01)0950600013435(10)ABC123")


def test_gs1_without_symbology_identifier() -> None:
    code = interpret("01" + GTIN_14 + "10ABC" + GS + "17261231")
    assert code.gtin == GTIN_14
    assert code.lot == "ABC"
    assert code.symbology is None
    assert interpret("00" + SSCC).kind is CodeKind.SSCC


def test_gs1_guess_can_be_switched_off() -> None:
    config = InterpreterConfig(gs1_without_symbology=False)
    code = interpret("01" + GTIN_14 + "10ABC", config)
    assert code.gtin is None
    assert code.value == "01" + GTIN_14 + "10ABC"


def test_number_starting_like_gs1_with_a_wrong_check_digit_is_a_plain_code() -> None:
    code = interpret("0109506000134353" + "10ABC")
    assert code.gtin is None
    assert code.value == "010950600013435310ABC"


# --- GS1 Digital Link -----------------------------------------------------------------------


def test_digital_link() -> None:
    code = interpret("https://id.gs1.org/01/09506000134352/10/ABC/21/S9?17=261231")
    assert code.kind is CodeKind.PRODUCT
    assert code.value == code.gtin == GTIN_14
    assert code.lot == "ABC"
    assert code.serial == "S9"
    assert code.expiry == date(2026, 12, 31)


def test_digital_link_in_a_qr_code_keeps_the_symbology() -> None:
    code = interpret("]Q1" + "https://example.com/01/09506000134352")
    assert code.value == GTIN_14
    assert code.symbology == "]Q1"


def test_digital_link_short_gtin_and_sscc() -> None:
    assert interpret("https://id.gs1.org/01/9506000134352").value == GTIN_14
    assert interpret("https://id.gs1.org/00/" + SSCC).kind is CodeKind.SSCC


def test_digital_link_with_wrong_check_digit_is_refused() -> None:
    assert "check digit is wrong" in rejected("https://id.gs1.org/01/09506000134353")


def test_a_web_address_that_is_no_digital_link_is_a_plain_code() -> None:
    code = interpret("https://example.com/shop?item=7")
    assert code.gtin is None
    assert code.value == "https://example.com/shop?item=7"


# --- Symbology identifiers, plain Code 128 --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "symbology", "value"),
    [
        ("]E0" + "4006381333931", "]E0", "04006381333931"),
        ("]E0" + "04006381333931", "]E0", "04006381333931"),
        ("]E4" + "96385074", "]E4", "00000096385074"),
        ("]C0" + "ORD123", "]C0", "ORD123"),
        ("]A0" + "PART-7", "]A0", "PART-7"),
        ("]Q1" + "hello", "]Q1", "hello"),
        ("]e0" + "01" + GTIN_14, "]e0", GTIN_14),
    ],
)
def test_symbology_identifier_is_kept_and_stripped(raw: str, symbology: str, value: str) -> None:
    code = interpret(raw)
    assert code.symbology == symbology
    assert code.value == value


def test_plain_code_128_content_is_not_read_as_gs1() -> None:
    code = interpret("]C0" + "01" + GTIN_14 + "10ABC123" + "17261231")
    assert code.kind is CodeKind.PRODUCT
    assert code.value == "01" + GTIN_14 + "10ABC12317261231"
    assert code.gtin is None
    assert code.lot is None
    assert code.expiry is None


def test_plain_code_128_holding_a_valid_gtin_is_that_gtin() -> None:
    assert interpret("]C0" + "4006381333931").value == "04006381333931"
    # Not a valid GTIN: some other 13-digit number, taken as scanned.
    assert interpret("]C0" + "4006381333932").value == "4006381333932"


def test_only_a_symbology_identifier_is_refused() -> None:
    assert "symbology identifier" in rejected("]C1")
    rejected("]E0  ")


# --- Internal codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("BDG0042", CodeKind.BADGE),
        ("ORD-2024-0001", CodeKind.ORDER_SLIP),
        ("TOT17", CodeKind.TOTE),
        ("BOX-S", CodeKind.BOX),
        ("CMD-COMPLETE", CodeKind.COMMAND),
        ("ord-2024-0001", CodeKind.ORDER_SLIP),
        ("]C0" + "TOT17", CodeKind.TOTE),
    ],
)
def test_internal_codes_by_prefix(raw: str, kind: CodeKind) -> None:
    code = interpret(raw)
    assert code.kind is kind
    assert code.value == raw.removeprefix("]C0").upper()


def test_internal_prefixes_are_configurable() -> None:
    config = InterpreterConfig(order_prefix="SO", tote_prefix="T-")
    assert interpret("SO123", config).kind is CodeKind.ORDER_SLIP
    assert interpret("T-9", config).kind is CodeKind.TOTE
    assert interpret("ORD123", config).kind is CodeKind.PRODUCT


def test_a_prefix_alone_is_not_an_internal_code() -> None:
    code = interpret("ORD")
    assert code.kind is CodeKind.PRODUCT
    assert code.value == "ORD"


def test_unknown_text_is_a_product_code_as_scanned() -> None:
    code = interpret("  SKU-778 ")
    assert code.kind is CodeKind.PRODUCT
    assert code.value == "SKU-778"
    assert code.gtin is None


def test_gs_in_a_plain_code_is_refused() -> None:
    assert "separator" in rejected("ABC" + GS + "DEF")
    assert "separator" in rejected("ORD1" + GS + "2")


# --- Malformed scans ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", "\t"])
def test_empty_scan_is_refused(raw: str) -> None:
    assert "Empty scan" in rejected(raw)


def test_too_long_scan_is_refused() -> None:
    assert "too long" in rejected("A" * (MAX_CODE_LENGTH + 1))
    # A plain code longer than any product's, badge's or slip's is invalid, not unknown.
    assert "too long (300 characters" in rejected("9" * 300)
    assert "too long" in rejected("A" * (MAX_PLAIN_CODE_LENGTH + 1))
    assert "too long" in rejected("BDG" + "1" * MAX_PLAIN_CODE_LENGTH)
    assert interpret("A" * MAX_PLAIN_CODE_LENGTH).value == "A" * MAX_PLAIN_CODE_LENGTH
    # A GS1 Digital Link URI may be longer than a plain code.
    link = "https://id.example.com/01/04006381333931?" + "x=1&" * 20 + "y=2"
    assert len(link) > MAX_PLAIN_CODE_LENGTH
    assert interpret(link).gtin == "04006381333931"


@pytest.mark.parametrize("raw", ["ABC\tDEF", "AB\x00C", "4006381333931\r4006381333931", "\x1b[A"])
def test_control_characters_are_refused(raw: str) -> None:
    assert "control characters" in rejected(raw)


@pytest.mark.parametrize("raw", ["AB\ufffdC", "AB\udc80C", "AB\u200bC", "AB\u00a0C"])
def test_unreadable_characters_are_refused(raw: str) -> None:
    assert "unreadable characters" in rejected(raw)


@pytest.mark.parametrize("separator", ["A", "1", "(", "-", "", "||"])
def test_a_substitute_separator_that_gs1_data_may_contain_is_a_config_error(
    separator: str,
) -> None:
    if separator == "":
        assert InterpreterConfig(substitute_separator="").separators == (GS,)
        return
    with pytest.raises(ValueError, match="separator"):
        InterpreterConfig(substitute_separator=separator)


# --- Properties -----------------------------------------------------------------------------


def _only_invalid_barcode(raw: str, config: InterpreterConfig | None = None) -> None:
    try:
        code = interpret(raw, config)
    except InvalidBarcode as exc:
        assert exc.message
        assert exc.message != UNEXPECTED_FAILURE, repr(exc.__cause__)
    else:
        assert isinstance(code, ScannedCode)
        assert isinstance(code.kind, CodeKind)
        assert code.value


SUBSTITUTE = InterpreterConfig(substitute_separator="|")


@given(st.text())
@example("]Y9")
@example("]")
@example("]C1" + GS)
@example("(")
@example("(01)")
def test_any_text_gives_a_scanned_code_or_invalid_barcode(raw: str) -> None:
    _only_invalid_barcode(raw)
    _only_invalid_barcode(raw, SUBSTITUTE)


@given(st.binary(max_size=600), st.sampled_from(["replace", "surrogateescape"]))
def test_any_bytes_give_a_scanned_code_or_invalid_barcode(data: bytes, errors: str) -> None:
    _only_invalid_barcode(data.decode("utf-8", errors=errors))


_GS1_ISH = st.text(alphabet="0123456789ABCxyz()/?=&.:-|%" + GS, max_size=60)
_PREFIXES = st.sampled_from(
    [
        *["", "]C1", "]C0", "]d2", "]Q3", "]Q1", "]e0", "]E0", "]E3", "]E4", "]I1", "(", "(01)"],
        *["01", "0109506000134352", "00106141411234567897", "https://id.gs1.org/01/"],
        "http://x/00/",
    ]
)


@given(_PREFIXES, _GS1_ISH)
def test_gs1_like_text_gives_a_scanned_code_or_invalid_barcode(prefix: str, rest: str) -> None:
    _only_invalid_barcode(prefix + rest)
    _only_invalid_barcode(prefix + rest, SUBSTITUTE)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_twelve_digits_with_their_check_digit_are_accepted(body: str) -> None:
    code = body + str(gtin_check_digit(body))
    scanned = interpret(code)
    assert scanned.value == code.zfill(14)
    assert scanned.gtin == code.zfill(14)


@given(st.text(alphabet="0123456789", min_size=11, max_size=13))
def test_every_valid_gtin_length_normalises_to_the_same_gtin_14(body: str) -> None:
    code = body + str(gtin_check_digit(body))
    value = interpret(code).value
    assert value == code.zfill(14)
    assert interpret(code.zfill(14)).value == value
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(InvalidBarcode, match="check digit is wrong"):
        interpret(wrong)


@given(
    st.text(alphabet="0123456789", min_size=13, max_size=13),
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./", min_size=1, max_size=20
    ),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2049, 12, 31)),
    st.sampled_from([GS, "|"]),
)
def test_gs1_round_trip(body: str, lot: str, expiry: date, separator: str) -> None:
    gtin = body + str(gtin_check_digit(body))
    raw = "]C1" + "01" + gtin + "10" + lot + separator + "17" + expiry.strftime("%y%m%d")
    code = interpret(raw, SUBSTITUTE)
    assert code.value == code.gtin == gtin
    assert code.lot == lot
    assert code.expiry == expiry
