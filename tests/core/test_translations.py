"""The English catalogue: complete, faithful to its placeholders, compiled, and used when English is chosen."""

import gettext as stdlib_gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"

# python-format placeholders (%(name)s, %(limit_value)d) and the escaped percent sign.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%%")
# Markup that a translation must carry over unchanged. Angle brackets in plain text ("<navn>") are words, not tags.
TAG = re.compile(r"</?(?:a|abbr|b|br|code|em|i|p|span|strong)\b[^>]*>")
# Messages whose English text is, correctly, the same as the Danish: names, codes and international words.
SAME_IN_ENGLISH = {
    "Administration",
    "Administrator",
    "Ankestyrelsen",
    "CPR/CVR",
    "Dansk",
    "English",
    "Information",
    "Klageportal",
    "Klageportalen",
    "Menu",
    "Reference",
    "Send",
    "Status",
    "Status:",
    "organisation",
    "status",
    "type",
    "Web-ankeskema",
}


# --- A small .po reader -------------------------------------------------------------------------


def _unquote(token: str) -> str:
    token = token.strip()
    assert token.startswith('"') and token.endswith('"'), token
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], token[1:-1])


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: msgid, msgid_plural (or None), msgstr {index: text}, flags, obsolete."""
    entries: list[dict] = []
    entry: dict | None = None
    field: tuple | None = None

    def finish():
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {
                "msgid": None,
                "msgid_plural": None,
                "msgctxt": None,
                "msgstr": {},
                "flags": set(),
                "obsolete": False,
            }
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            keyword, index, text = match.groups()
            if keyword == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = _unquote(text)
            else:
                field = (keyword,)
                entry[keyword] = _unquote(text)
        elif line.startswith('"') and field is not None:
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            raise AssertionError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries


def _messages() -> list[dict]:
    return [e for e in read_po(PO_FILE) if e["msgid"] and not e["obsolete"]]


def _label(entry: dict) -> str:
    return repr(entry["msgid"][:70])


# --- (a) Every message is translated, keeps its placeholders and markup -------------------------


def test_the_catalogue_exists_and_declares_english_plural_forms():
    header = next(e for e in read_po(PO_FILE) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"], "a fuzzy header makes msgfmt ignore the charset"
    assert "Language: en\n" in header["msgstr"][0]
    assert "Content-Type: text/plain; charset=UTF-8\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]
    assert len(_messages()) > 500


def test_every_message_has_a_translation():
    untranslated = [
        _label(e) for e in _messages() if not e["msgstr"] or any(not text.strip() for text in e["msgstr"].values())
    ]
    assert not untranslated, f"{len(untranslated)} message(s) without an English text: {untranslated}"


def test_no_translation_is_marked_fuzzy():
    fuzzy = [_label(e) for e in _messages() if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy (guessed) translations to check: {fuzzy}"


def test_plural_messages_have_both_english_forms():
    for entry in _messages():
        if entry["msgid_plural"] is not None:
            assert sorted(entry["msgstr"]) == [0, 1], _label(entry)


def test_translations_keep_the_placeholders_and_markup_of_their_message():
    problems = []
    for entry in _messages():
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index > 0 and entry["msgid_plural"] is not None else entry["msgid"]
            for pattern, what in ((PLACEHOLDER, "placeholders"), (TAG, "markup")):
                expected, found = sorted(pattern.findall(source)), sorted(pattern.findall(text))
                if expected != found:
                    problems.append(f"{_label(entry)}: {what} {expected} became {found}")
            stray = re.sub(PLACEHOLDER, "", text)
            if "%" in stray and "python-format" in entry["flags"]:
                problems.append(f"{_label(entry)}: a lone % in a formatted message must be written %%")
    assert not problems, "\n".join(problems)


def test_translations_are_not_copies_of_the_danish():
    copied = [
        _label(e)
        for e in _messages()
        if e["msgid"] not in SAME_IN_ENGLISH and any(text == e["msgid"] for text in e["msgstr"].values())
    ]
    assert not copied, f"messages left in Danish: {copied}"


# --- (b) English is used when chosen, Danish otherwise -----------------------------------------


def test_python_messages_are_english_when_english_is_active():
    from klageportal.cases.models import Status

    with translation.override("en"):
        assert str(Status.KLADDE.label) == "Draft"
        assert str(Status.VIDERESENDT.label) == "Forwarded to the board"
        one = translation.ngettext(
            "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minut. "
            "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
            "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minutter. "
            "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
            1,
        )
        many = translation.ngettext(
            "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minut. "
            "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
            "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minutter. "
            "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
            30,
        )
    assert "%(minutes)s minute." in one and one.startswith("You have been logged out")
    assert "%(minutes)s minutes." in many
    with translation.override("da"):
        assert str(Status.KLADDE.label) == "Kladde"


@pytest.mark.django_db
def test_the_start_page_is_danish_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "Klag over en afgørelse fra en offentlig myndighed" in html


@pytest.mark.django_db
def test_the_start_page_is_english_after_choosing_english(client):
    chosen = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert chosen.status_code == 302

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    for english in (
        "<h1>Complain about a decision made by a public authority</h1>",
        "Skip to main content",
        "Log in",
        "Complain to an appeals board (Nævnenes Hus)",
        "Accessibility statement",
        'lang="da"',  # the switch back offers Dansk, marked as Danish
    ):
        assert english in html, english
    for danish in (
        "Klag over en afgørelse",
        "Gå til sidens indhold",
        "Log ind",
        "Tilgængelighedserklæring",
        "Klageinstanser og klagenævn",
        "Du logger ind med MitID",
    ):
        assert danish not in html, danish


# --- (c) The compiled catalogue matches the .po file --------------------------------------------


def _po_catalogue() -> dict:
    catalogue = {}
    for entry in _messages():
        if "fuzzy" in entry["flags"]:
            continue  # msgfmt leaves fuzzy entries out
        key = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            if entry["msgstr"].get(0):
                catalogue[key] = entry["msgstr"][0]
        elif all(entry["msgstr"].values()):
            for index, text in entry["msgstr"].items():
                catalogue[(key, index)] = text
    return catalogue


def test_the_compiled_catalogue_is_up_to_date():
    assert MO_FILE.exists(), "run: manage.py compilemessages --ignore=.venv --ignore=node_modules"
    with MO_FILE.open("rb") as fp:
        compiled = dict(stdlib_gettext.GNUTranslations(fp)._catalog)
    compiled.pop("", None)  # the header
    expected = _po_catalogue()
    missing = sorted(str(k)[:70] for k in expected.keys() - compiled.keys())
    extra = sorted(str(k)[:70] for k in compiled.keys() - expected.keys())
    changed = sorted(str(k)[:70] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not (missing or extra or changed), (
        "django.mo differs from django.po; run: manage.py compilemessages --ignore=.venv --ignore=node_modules\n"
        f"not compiled: {missing}\nonly in .mo: {extra}\nchanged: {changed}"
    )


# --- The catalogue holds every message in the source --------------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None or shutil.which("msgmerge") is None, reason="needs GNU gettext")
def test_the_catalogue_holds_every_message_in_the_source(tmp_path):
    """Extract the messages into a copy of the project, so that the real catalogue is never rewritten."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("klageportal", "templates", "locale"):
        shutil.copytree(root / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy2(root / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--ignore=var"],
        cwd=copy,
        check=True,
        capture_output=True,
        # The copy's own settings module, so that LOCALE_PATHS points into the copy.
        env={**os.environ, "PYTHONPATH": str(copy), "DJANGO_SETTINGS_MODULE": "klageportal.settings"},
    )
    extracted = {e["msgid"] for e in read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") if e["msgid"]}
    committed = {e["msgid"] for e in _messages()}
    new = sorted(m[:70] for m in extracted - committed)
    assert not new, (
        "messages missing from locale/en/LC_MESSAGES/django.po; run manage.py makemessages -l en --no-location "
        "--ignore=.venv --ignore=node_modules --ignore=var --ignore=e2e --ignore=tests --ignore=bench, translate "
        f"them and run compilemessages: {new}"
    )
