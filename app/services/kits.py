"""Kits: which products are kits of which components, imported from a file.

A file is imported in one transaction, all or nothing: ``read_kits`` (the domain) finds every
problem in the file; here it is checked against the catalogue (every SKU known, no kit used as
another kit's component), and each kit's definition is written, replacing the one before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from app.domain.kits import KitFile, KitFileRefused, read_kits_file
from app.services.import_report import ImportReport
from app.services.kit_ports import KitUnitOfWork, KitUnitOfWorkFactory, StoredKit
from app.services.ports import Clock


@dataclass(frozen=True)
class KitImport(ImportReport):
    noun: ClassVar[str] = "kit"


class KitService:
    def __init__(self, uow: KitUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def import_kits(self, name: str, data: bytes, *, dry_run: bool = False) -> KitImport:
        """Import the kits file ``name``: every kit written, or ``KitFileRefused`` listing
        every problem and nothing written."""
        read = read_kits_file(name, data)
        kits = read.kits
        with self._uow() as uow:
            ids = self._check(uow, name, read)
            stored = uow.kits.stored(sorted(ids[kit.sku] for kit in kits))
            added = changed = 0
            for kit in kits:
                wanted = StoredKit(
                    kit.mode, tuple(sorted((ids[sku], n) for sku, n in kit.components))
                )
                before = stored.get(ids[kit.sku])
                if before == wanted:
                    continue
                added, changed = (added + 1, changed) if before is None else (added, changed + 1)
                if not dry_run:
                    uow.kits.replace(ids[kit.sku], wanted.mode, wanted.components)
            report = KitImport(name, added, changed, len(kits) - added - changed, dry_run)
            if not dry_run:
                uow.audit.record(
                    at=self._clock.now(),
                    user_id=None,
                    station_id=None,
                    action="import_kits",
                    entity="file",
                    entity_id=None,
                    detail=report.summary[:200],
                )
                uow.commit()
        return report

    @staticmethod
    def _check(uow: KitUnitOfWork, name: str, read: KitFile) -> dict[str, int]:
        """The products' ids by SKU, or ``KitFileRefused`` naming the file's own problems and
        every SKU it names that is not a known product (in refused rows too) at once."""
        ids = uow.kits.sku_ids(sorted({sku for _, _, sku in read.named}))
        problems = list(read.problems)
        problems += [
            f"{where}, {field}: {sku} is not a known product"
            for where, field, sku in read.named
            if sku not in ids
        ]
        kit_skus = {kit.sku for kit in read.kits}
        already = uow.kits.stored(sorted(ids.values()))
        for kit in read.kits:
            for sku, _ in kit.components:
                if sku in ids and (sku in kit_skus or ids[sku] in already):
                    problems.append(
                        f"{kit.where}, components: {sku} is a kit itself (kits of kits are "
                        "not supported)"
                    )
        if problems:
            raise KitFileRefused(name, problems)
        return ids
