"""The German and Spanish translations: complete, up to date with the code, and the .qm files
the station loads built from the .ts sources in the repository."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tools import translations

#: Texts that are the same in English and the language (codes, names, keys): allowed to be
#: "translated" as themselves, and no other text is.
SAME = {
    "de": {
        "Scanner",
        "Enter",
        "OK  [Enter]",
        "{action}  [Enter]",
        "Station {name}",
        "Admin",
        "{product}: {verified} of {quantity}",
        "Code",
        "Name",
        "offline",
        "{problem} {question}",
        "{state} ({detail})",
        "{station} {where}",  # a printer's name: the station's and where it is
        *("{reading}: {detail}", "{faults}, {fault}", "{grams} g"),  # a scale's reading, joined
        *("{day} {clock}", "{day} {date} {clock}"),  # a pick-up's time at the dock
    },
    "es": {
        *("error", "supervisor", "no", "{problem} {question}", "{state} ({detail})"),
        "{station} {where}",
        *("{reading}: {detail}", "{faults}, {fault}", "{grams} g"),
        *("{day} {clock}", "{day} {date} {clock}"),
    },
}
PLACEHOLDER = re.compile(r"\{[^}]*\}")
KEY = re.compile(r"\[[^\]]*\]")


def entries(path: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) of every message in a .ts file."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append(
                (
                    name,
                    message.findtext("source", ""),
                    translation.text or "",
                    translation.get("type"),
                )
            )
    return found


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_every_text_is_translated_with_its_placeholders_and_keys(language: str) -> None:
    found = entries(translations.ts_path(language))
    assert len(found) > 250
    problems = []
    for context, source, text, kind in found:
        if kind is not None or not text.strip():
            problems.append(f"{context}: {source!r} is not translated ({kind})")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}: {source!r} -> {text!r}: placeholders differ")
        elif "[Alt+" not in source and KEY.findall(source) != KEY.findall(
            text.replace("[Intro]", "[Enter]")  # the Enter key's name on Spanish keyboards
        ):
            problems.append(f"{context}: {source!r} -> {text!r}: keys differ")
        elif text == source and source not in SAME[language]:
            problems.append(f"{context}: {source!r} is left in English")
    assert problems == []


def test_the_ts_files_have_every_text_of_the_code(tmp_path: Path) -> None:
    """What ``python tools/translations.py update`` would write is what is committed: no new
    ``self.tr`` or ``Message`` text of the code is missing, none is left over."""
    translations.update(tmp_path)
    for language in translations.LANGUAGES:
        fresh = (tmp_path / f"packbench_{language}.ts").read_text(encoding="utf-8")
        assert fresh == translations.ts_path(language).read_text(encoding="utf-8"), (
            f"translations/packbench_{language}.ts is out of date: "
            "run python tools/translations.py and translate the new texts"
        )


def test_the_qm_files_are_built_from_the_ts_files(tmp_path: Path) -> None:
    translations.build(tmp_path)
    for language in translations.LANGUAGES:
        built = translations.qm_path(language, tmp_path).read_bytes()
        assert built == translations.qm_path(language).read_bytes(), (
            f"resources/translations/packbench_{language}.qm is out of date: "
            "run python tools/translations.py build"
        )


def test_the_tool_finds_a_message_added_to_the_code(tmp_path: Path) -> None:
    """The check above can fail: a domain template added to the code is one the .ts lacks."""
    app = tmp_path / "app"
    shutil.copytree(translations.APP / "domain", app / "domain")
    (app / "domain" / "extra.py").write_text(
        "from app.domain.message import Message\n\nNEW = Message('Put the parcel on the belt.')\n",
        encoding="utf-8",
    )
    assert "Put the parcel on the belt." in translations.message_templates(app)
    assert "Put the parcel on the belt." not in translations.message_templates()


def test_the_languages_agree_everywhere() -> None:
    from app.domain.message import LANGUAGE_CODES
    from app.settings import LANGUAGES

    assert tuple(LANGUAGES) == LANGUAGE_CODES
    assert tuple(code for code in LANGUAGE_CODES if code != "en") == translations.LANGUAGES
    for language in translations.LANGUAGES:
        assert translations.qm_path(language).exists()
