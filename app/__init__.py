"""Packbench: packing-station software for e-commerce warehouses."""

__version__ = "0.1.0"
