"""The station's language: Qt translators from resources/translations/, and the one function
that shows a domain or service ``Message`` in it.

Widgets translate their own texts with ``self.tr()``; texts that come from the domain and the
services (scan outcomes, refusals, errors) are ``app.domain.message.Message``s, translated here
in the context ``MESSAGE_CONTEXT``. The .ts sources are in translations/ and the .qm files
built from them in resources/translations/ (``python3 tools/translations.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator, Signal

from app.domain.message import Message
from app.ui.sounds import resources_dir

#: The context of the domain's and the services' messages in the .ts files.
MESSAGE_CONTEXT: Final = "Message"
#: The language the sources are written in: nothing to load.
SOURCE_LANGUAGE: Final = "en"


class _Languages(QObject):
    """``changed(str)``: the station's screens are now shown in this language."""

    changed = Signal(str)


_languages: list[_Languages] = []
_installed: list[QTranslator] = []
_current = [SOURCE_LANGUAGE]  # the language in use (a list: changed in place)


def translations_dir() -> str:
    return str(resources_dir() / "translations")


def translated(text: str) -> str:
    """``text`` in the station's language: a ``Message``'s template translated and its
    parameters filled in (those that are messages translated too); any other text as it is."""
    if not isinstance(text, Message):
        return text
    params: dict[str, Any] = {
        name: translated(value) if isinstance(value, Message) else value
        for name, value in text.params.items()
    }
    template = QCoreApplication.translate(MESSAGE_CONTEXT, text.template)
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):  # a broken translation: English is better
        return str(text)


def _announcer() -> _Languages:
    if not _languages:
        _languages.append(_Languages())
    return _languages[0]


def follow(retranslate: Callable[[], None]) -> None:
    """Call ``retranslate`` (a bound method of a QObject: it sets that object's fixed texts)
    whenever the language changes, as long as its object lives."""
    _announcer().changed.connect(retranslate)


def current_language() -> str:
    return _current[0]


def use_language(code: str) -> bool:
    """Show the station's screens in ``code`` ("en", "de", "es") from now on: Qt's own texts
    (standard buttons) and Packbench's. False (nothing changes) when there is no translation
    for ``code``. Objects that registered with ``follow`` set their fixed texts again; texts
    shown from now on are in the new language."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    if code == _current[0]:
        return True
    loaded: list[QTranslator] = []
    if code != SOURCE_LANGUAGE:
        own = QTranslator(app)
        if not own.load(f"packbench_{code}", translations_dir()):
            return False
        qt = QTranslator(app)
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        loaded = [qt, own] if qt.load(f"qtbase_{code}", qt_folder) else [own]
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed[:] = loaded
    for translator in loaded:
        QCoreApplication.installTranslator(translator)
    _current[0] = code
    _announcer().changed.emit(code)
    return True
