"""What a label says: a parcel's label from its typed record, and the printer test label."""

from __future__ import annotations

from app.domain.labels import Address, LabelContent
from app.domain.tracking import format_s10
from app.services.ports import LabelRecord, ParcelRecord

# A well-formed S10 number in the test series ("TE"), so a test label scans back.
TEST_TRACKING_NUMBER = format_s10("TE", 0, "DE")


def label_for(record: LabelRecord, parcel: ParcelRecord, sender: Address) -> LabelContent:
    """The label content of a parcel, from its typed label record."""
    return LabelContent(
        ship_to=record.ship_to,
        sender=sender,
        order_reference=record.reference,
        carrier=record.carrier,
        service=record.service,
        tracking_number=parcel.tracking_number,
        parcel_no=parcel.seq,
        parcel_count=record.parcel_count,
        weight_g=record.weight_g,
        sscc=parcel.sscc,
    )


def test_label_content(sender: Address) -> LabelContent:
    """The printer test label: not a parcel's; its tracking number is a test number."""
    return LabelContent(
        ship_to=Address(
            "Packbench test label",
            "Printer check",
            postcode="00000",
            city="Station test",
            country="DE",
        ),
        sender=sender,
        order_reference="TEST",
        carrier="TEST",
        service="printer check",
        tracking_number=TEST_TRACKING_NUMBER,
    )
