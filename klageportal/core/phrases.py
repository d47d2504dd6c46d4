"""Texts kept in the record in Danish and shown in the reader's language.

A history line is written once, by whoever acted, in whatever language their page was in; it is read later
by others, in theirs. A Phrase keeps the message id and its values, so the line can be written into the
record in Danish (the portal's official language) and shown translated to each reader.

    phrase(gettext_noop("Dokument tilføjet: %(name)s"), name=document.original_name)

A value can be a plain text or number, a date (shown in the reader's language: "3. februar 2026", "Feb. 3, 2026"),
an amount of Kroner (grouped as the reader writes numbers: "1.500", "1,500"), or a Phrase of its own (a
translated part such as a party's role).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

RECORD_LANGUAGE = "da"


@dataclass(frozen=True)
class Phrase:
    msgid: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        """The text in the active language."""
        text = gettext(self.msgid)
        if not self.params:
            return text
        return text % {key: _shown(value) for key, value in self.params.items()}

    def in_record_language(self) -> str:
        with translation.override(RECORD_LANGUAGE):
            return str(self)

    def to_json(self) -> dict:
        return {"msgid": self.msgid, "params": {key: _stored(value) for key, value in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict) -> "Phrase":
        return cls(data["msgid"], {key: _loaded(value) for key, value in (data.get("params") or {}).items()})


class Kroner(int):
    """A whole number of kroner, written with the reader's digit grouping when shown."""


def phrase(msgid: str, **params) -> Phrase:
    return Phrase(msgid, params)


def label_phrase(label) -> Phrase:
    """A choice's label (gettext_lazy with a Danish message id) as a phrase, to be translated when shown."""
    with translation.override(None):  # no catalogue: the message id itself
        return Phrase(str(label))


def _shown(value):
    if isinstance(value, Phrase):
        return str(value)
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Kroner):
        return number_format(int(value), force_grouping=True)
    return value


def _stored(value):
    if isinstance(value, Phrase):
        return {"phrase": value.to_json()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Kroner):
        return {"kroner": int(value)}
    return value


def _loaded(value):
    if isinstance(value, dict) and "phrase" in value:
        return Phrase.from_json(value["phrase"])
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict) and "kroner" in value:
        return Kroner(value["kroner"])
    return value
