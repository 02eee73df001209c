"""Station printers for tests: the real StationPrinter over a folder or a loopback socket."""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.adapters.devices.printers import FileConnection, NetworkConnection
from app.adapters.devices.station_printer import StationPrinter


def file_printer(directory: Path, name: str = "file", language: str = "escpos") -> StationPrinter:
    """Jobs as ``<job>.bin`` (or ``.zpl``) in ``directory``, previews in ``previews/`` beside."""
    suffix = ".zpl" if language == "zpl" else ".bin"
    return StationPrinter(
        FileConnection(directory, suffix=suffix, language=language),
        language=language,
        preview_dir=Path(directory).parent / f"{Path(directory).name}-previews",
        name=name,
    )


def network_printer(
    port: int, name: str, timeout: float = 1.0, language: str = "escpos"
) -> StationPrinter:
    """A printer on 127.0.0.1:``port`` (a ``VirtualPrinter``)."""
    return StationPrinter(
        NetworkConnection("127.0.0.1", port, timeout=timeout, language=language),
        language=language,
        preview_dir=Path(tempfile.mkdtemp(prefix="packbench-previews-")),
        name=name,
    )
