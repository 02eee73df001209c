"""Messages the domain writes in English and a station shows in its language."""

from __future__ import annotations

import pickle

from app.domain import order_messages as says
from app.domain.barcodes import CodeKind
from app.domain.errors import OrderUnavailable
from app.domain.message import Message


def test_a_message_is_its_english_text_and_keeps_template_and_parameters() -> None:
    message = Message("Order {reference} was cancelled. Do not ship it.", reference="A-1")
    assert message == "Order A-1 was cancelled. Do not ship it."
    assert isinstance(message, str) and "A-1" in message
    assert message.template == "Order {reference} was cancelled. Do not ship it."
    assert dict(message.params) == {"reference": "A-1"}


def test_a_message_without_parameters_keeps_its_braces() -> None:
    # Templates kept in tables (filled in later) are messages too, so the tool finds them.
    assert Message("Order {reference} is not picked yet.") == "Order {reference} is not picked yet."


def test_a_message_survives_pickling_and_an_exception() -> None:
    message = says.not_an_item(CodeKind.TOTE, "TOTE-7", "SHOP-1", unit_data=False)
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Message) and again == message and again.params == message.params
    error = OrderUnavailable(message)
    assert error.message is message and str(error) == message


def test_the_order_says_what_it_said_before_in_english() -> None:
    assert says.packed_elsewhere("A-1", None) == "Order A-1 is being packed at another station."
    assert says.not_workable("A-1", "on_hold", "dented") == "Order A-1 is on hold: dented."
    assert says.not_workable("A-1", "on_hold", None) == "Order A-1 is on hold."
    assert says.not_workable("A-1", "labelled", None) == (
        "Order A-1 is already packed and labelled."
    )
    assert says.not_an_item(CodeKind.ORDER_SLIP, "ORD-9", "A-1", unit_data=False) == (
        "That is an order slip (ORD-9), not a product. Finish order A-1 or hold it first."
    )
    assert says.data_needed("Mug", lot_missing=True, serial_missing=True) == (
        "Scan the lot number and serial number of Mug."
    )
    assert says.data_needed("Mug", lot_missing=False, serial_missing=False) == (
        "Scan the serial number of each unit of Mug."
    )
    assert says.over_scan("Pen", 6, 2) == "This barcode counts 6 units of Pen, only 2 still needed."
    # A parameter that is a message is kept as one (the screen translates it too).
    where = says.packed_elsewhere("A-1", None).params["where"]
    assert isinstance(where, Message) and where == "another station"
