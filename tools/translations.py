"""The station's translations: .ts sources in translations/, .qm files in resources/translations/.

    python tools/translations.py           update the .ts files from app/, then build the .qm files
    python tools/translations.py update    only update the .ts files (new strings: unfinished)
    python tools/translations.py build     only build the .qm files from the .ts files

Qt's ``pyside6-lupdate`` finds the widgets' ``self.tr("...")`` strings; it cannot see the
domain's and the services' ``Message("...")`` templates (``app.domain.message``), so this
script finds those with Python's ``ast`` and hands them to lupdate as
``QCoreApplication.translate("Message", "...")`` calls in a generated file. Existing
translations are kept; strings no longer in the code are dropped. Translate the
``type="unfinished"`` entries (by hand or with ``pyside6-linguist``), then build.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
TS_DIR = ROOT / "translations"
QM_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("de", "es")
MESSAGE_CONTEXT = "Message"  # app.ui.i18n.MESSAGE_CONTEXT


def _tool(name: str) -> str:
    """A PySide6 tool next to this Python (the venv's bin), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: install PySide6 (python3 tasks.py test installs it).")
    return found


def message_templates(root: Path = APP) -> list[str]:
    """Every ``Message("literal", ...)`` template under ``root``, sorted, without repeats."""
    found: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        found.update(_templates_in(ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return sorted(found)


def _templates_in(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0]
        if name == "Message" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value


def ts_path(language: str) -> Path:
    return TS_DIR / f"packbench_{language}.ts"


def qm_path(language: str, folder: Path = QM_DIR) -> Path:
    return folder / f"packbench_{language}.qm"


def update(ts_folder: Path = TS_DIR) -> None:
    """Bring ``ts_folder``'s .ts files up to date with the code (new strings unfinished)."""
    ts_folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="packbench-tr-") as tmp:
        messages = Path(tmp) / "domain_messages.py"
        lines = [
            f"QCoreApplication.translate({json.dumps(MESSAGE_CONTEXT)}, "
            f"{json.dumps(template, ensure_ascii=False)})"
            for template in message_templates()
        ]
        messages.write_text("\n".join(lines) + "\n", encoding="utf-8")
        sources = [str(path) for path in sorted(APP.rglob("*.py"))]
        for language in LANGUAGES:
            target = ts_folder / f"packbench_{language}.ts"
            if target != ts_path(language) and ts_path(language).exists():
                shutil.copyfile(ts_path(language), target)
            command = [
                _tool("pyside6-lupdate"),
                "-silent",
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                language,
                *sources,
                str(messages),
                "-ts",
                str(target),
            ]
            subprocess.run(command, check=True, cwd=ROOT)


def build(qm_folder: Path = QM_DIR) -> None:
    """Build ``qm_folder``'s .qm files from the .ts files."""
    qm_folder.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        command = [
            _tool("pyside6-lrelease"),
            "-silent",
            str(ts_path(language)),
            "-qm",
            str(qm_path(language, qm_folder)),
        ]
        subprocess.run(command, check=True, cwd=ROOT)


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "all"
    if action not in ("all", "update", "build"):
        print(__doc__)
        return 2
    if action in ("all", "update"):
        update()
    if action in ("all", "build"):
        build()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
