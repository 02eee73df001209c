"""Messages for people that a screen can show in the station's language.

The domain and the services write their messages in English, and the domain must not import
Qt. A ``Message`` is the English text (a ``str``, so code and tests that compare or store
strings keep working) that also remembers its template and parameters; the station's screens
translate the template and fill in the parameters (``app.ui.i18n.translated``).
``tools/translations.py`` finds every ``Message("...")`` template in app/ and puts it in the
translation sources. Plain Python, no I/O.

    Message("Order {reference} was cancelled. Do not ship it.", reference="A-1")

A parameter that is itself a ``Message`` is translated too; anything else (a code, a name, a
number) is shown as it is. Joining messages with ``+`` or an f-string gives a plain ``str``
that is shown in English: build one template instead, or pass the parts as parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

#: The languages a station's screens can be shown in (translations/ has one .ts for each but
#: English, the language the sources are written in).
LANGUAGE_CODES: Final = ("en", "de", "es")


class Message(str):
    """English text carrying its ``template`` (the translation source) and ``params``."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a worker's result crossing a process) as the message it is.
        return (_rebuild, (self.template, dict(self.params)))


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)
