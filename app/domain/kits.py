"""Kits: a product made of other products (its components, each with a quantity per kit).

A kit is packed one of two ways, set per kit: ``components`` (each component scanned one by one
on the kit's order line, grouped under the kit on screen; the components' own lot and serial
rules apply) or ``prepacked`` (the kit comes boxed and is scanned by its own barcode, as any
product). The line rules are in ``app.domain.lines``.
"""

from __future__ import annotations

from typing import Final

KIT_COMPONENTS: Final = "components"
KIT_PREPACKED: Final = "prepacked"
KIT_MODES: Final = (KIT_COMPONENTS, KIT_PREPACKED)
