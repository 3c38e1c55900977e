"""The fixture site (tests/fixtures/site/): a small site in three languages, built with the real theme and
plugin into a temporary folder, for fast tests of the parts and for the languages-as-data test."""

import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from conftest import ROOT, Project
from ruhr import settings as ruhr_settings
from ruhr.core import i18n

FIXTURE = ROOT / "tests" / "fixtures" / "site"
THIRD = "nl"  # the language the demo site does not have
LANGUAGES = ruhr_settings.DEFAULTS["RUHR_LANGUAGES"] + [THIRD]
SOURCE, MSGID = LANGUAGES[0], ruhr_settings.DEFAULTS["RUHR_MSGID_LANG"]
SITEURL = "https://fixture.example"


def third_language_urls():
    """RUHR_URLS with the third language's URLs: those of the msgid language, under /nl/ instead."""
    urls = ruhr_settings.DEFAULTS["RUHR_URLS"]
    return {page: dict(by_lang, **{THIRD: THIRD + "/" + by_lang[MSGID].removeprefix(MSGID + "/")})
            for page, by_lang in urls.items() if MSGID in by_lang}  # not the German-only pages


SETTINGS = {
    "RUHR_LANGUAGES": LANGUAGES,
    "RUHR_LOCALES": dict(ruhr_settings.DEFAULTS["RUHR_LOCALES"], **{THIRD: "nl_NL"}),
    "RUHR_URLS": third_language_urls(),
    "SITEURL": SITEURL,
    "RUHR_BUILD_DATE": "2026-11-01",  # availability and staleness follow from it (ruhr.core.availability)
}


def write_catalog(theme):
    """The fixture's Dutch catalog, completed: every UI string without a Dutch text gets "[nl] <msgid>"."""
    with open(FIXTURE / f"messages.{THIRD}.po", "rb") as fh:
        catalog = read_po(fh, locale=THIRD)
    for msgid in i18n.extract_messages(str(theme)):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        if catalog.get(key) is None:
            text = tuple(f"[{THIRD}] {m}" for m in msgid) if isinstance(msgid, tuple) else f"[{THIRD}] {msgid}"
            catalog.add(msgid, text)
    path = Path(i18n.catalog_path(str(theme), THIRD))
    path.parent.mkdir(parents=True)
    with open(path, "wb") as fh:
        write_po(fh, catalog)


class FixtureSite(Project):
    """The fixture site's content and data, and a copy of the theme with the Dutch catalog."""

    def __init__(self, base):
        self.base = Path(base)
        self.content, self.data = self.base / "content", self.base / "data"
        self.output, self.theme = self.base / "output", self.base / "theme"
        shutil.copytree(FIXTURE / "content", self.content)
        shutil.copytree(FIXTURE / "data", self.data)
        shutil.copytree(ROOT / "theme", self.theme)
        write_catalog(self.theme)

    def build(self, **overrides):
        return super().build(THEME=str(self.theme), **dict(SETTINGS, **overrides))
