"""An import-linter contract that lists what a layer MAY import (an allow-list), where the
built-in ``forbidden`` contract can only list what it may not: a new dependency of the domain
or the services then fails the build until someone decides it belongs there."""

from __future__ import annotations

import sys

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class AllowListContract(Contract):
    """Every module under ``source_modules`` imports only the standard library and the
    packages or modules in ``allowed_modules`` (and itself)."""

    type_name = "allow_list"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        sources = [str(name) for name in self.source_modules]  # type: ignore[attr-defined]
        allowed = [str(name) for name in self.allowed_modules]  # type: ignore[attr-defined]

        def permitted(imported: str) -> bool:
            top = imported.split(".", maxsplit=1)[0]
            if top in sys.stdlib_module_names or top == "__future__":
                return True
            return any(imported == name or imported.startswith(name + ".") for name in allowed)

        broken: list[tuple[str, str]] = []
        for source in sources:
            for module in sorted(graph.find_descendants(source) | {source}):
                for imported in sorted(graph.find_modules_directly_imported_by(module)):
                    if not permitted(imported):
                        broken.append((module, imported))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, imported in check.metadata["broken"]:
            output.print_error(f"{module} imports {imported}, which is not on the allow-list.")
            output.new_line()
