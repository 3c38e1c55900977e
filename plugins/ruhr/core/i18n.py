"""Languages: message catalogs, locale formatting with Babel, German sorting.

UI strings are English msgids in the templates and in schema.py; their translations live in one catalog per
language, theme/translations/<lang>/LC_MESSAGES/messages.po, compiled in memory by the build. A string
without a translation is a problem that stops the build.
"""

import base64
import dataclasses
import hashlib
import io
import logging
import os
import unicodedata
import re
from functools import lru_cache

import babel
import jinja2
from babel import Locale
from babel.dates import format_date as _format_date, format_time as _format_time
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup
from jinja2.ext import babel_extract

from ruhr import settings as ruhr_settings
from ruhr.core.validate import Problem
from ruhr.util.files import DiskCache, tree_digest

logger = logging.getLogger(__name__)

NBSP = "\u00a0"
_NO_CENTS = re.compile(r"[.,]00(?!\d)")
PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the ruhr package
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def catalog_path(theme, lang):
    return os.path.join(theme, "translations", lang, "LC_MESSAGES", "messages.po")


_CALL = re.compile(rb"\b(?:N_|_|gettext|ngettext)\(")


def _extract_python(fileobj, keywords, comment_tags, options):
    """Babel's Python extractor, for the modules that call a gettext function at all (most don't: faster)."""
    source = fileobj.read()
    if not _CALL.search(source):
        return []
    return extract_python(io.BytesIO(source), keywords, comment_tags, options)


def extract_messages(theme):
    """{msgid: 'file:line'} for every UI string in the theme's templates and the plugin's Python code.

    A plural message's msgid is the tuple (singular, plural)."""
    found = {}
    for root, method in ((os.path.join(theme, "templates"), "jinja2"), (PLUGIN_DIR, "python")):
        method_map = [("**.html", babel_extract)] if method == "jinja2" else [("**.py", _extract_python)]
        for filename, lineno, message, _comments, _ctx in extract_from_dir(
                root, method_map=method_map, keywords=KEYWORDS,
                options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}):
            if message and (not isinstance(message, tuple) or message[0]):
                found.setdefault(message, f"{os.path.relpath(os.path.join(root, filename))}:{lineno}")
    return found


def load_translations(theme, lang, msgid_lang, cache_folder=None):
    """The compiled catalog of `lang`, and the problems found: every UI string must be translated.

    With `cache_folder`, the result is kept there under a digest of the catalog, the templates and the
    plugin's code: the check (Babel's extraction of every UI string) runs only when one of them changed."""
    if lang == msgid_lang:
        return NullTranslations(), []
    path = catalog_path(theme, lang)
    if not os.path.exists(path):
        return NullTranslations(), [Problem(path, 1, "catalog", f"no message catalog for '{lang}' "
                                                              "— run `invoke messages` to create it")]
    with open(path, "rb") as fh:
        po = fh.read()
    cache = DiskCache(cache_folder, prefix=f"{lang}-", suffix=".json") if cache_folder else None
    if cache:
        h = hashlib.blake2b(po, digest_size=16)
        h.update(repr((lang, os.getcwd(), path, babel.__version__, jinja2.__version__)).encode())
        tree_digest(h, os.path.join(theme, "templates"))
        tree_digest(h, PLUGIN_DIR)
        key = h.hexdigest()
        kept = cache.read_json(key)
        if kept:
            return (Translations(fp=io.BytesIO(base64.b64decode(kept["mo"]))),
                    [Problem(*problem) for problem in kept["problems"]])
    mo, problems = _check(theme, lang, path, po)
    if cache:
        cache.write_json(key, {"mo": base64.b64encode(mo).decode(),
                               "problems": [dataclasses.astuple(problem) for problem in problems]})
    return Translations(fp=io.BytesIO(mo)), problems


def _check(theme, lang, path, po):
    """The compiled catalog (the bytes of its `.mo`) and the UI strings it does not translate."""
    catalog = read_po(io.BytesIO(po), locale=lang)
    problems = []
    for msgid, where in sorted(extract_messages(theme).items(), key=lambda kv: kv[1]):
        message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        translated = message is not None and all(message.string if isinstance(message.string, tuple)
                                                 else [message.string])
        if not translated or message.fuzzy:
            msgid = msgid[0] if isinstance(msgid, tuple) else msgid
            file, line = where.rsplit(":", 1)
            state = "marked fuzzy" if message is not None and message.fuzzy else "has no translation"
            problems.append(Problem(file, int(line), f'"{msgid}"',
                                    f"UI string {state} in {path} — translate it there (run `invoke "
                                    "messages` first if the string is not in the file yet)"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue(), problems


def install(env, translations):
    """Jinja's newstyle gettext functions (jinja2.ext.i18n) for `translations`, as globals of `env`, without
    Jinja's three nested calls per string: `_` and `gettext` are one function, and a string without variables
    (most of them) is translated and formatted once per environment, not on every page. The same Markup and
    `%` formatting as Jinja's own functions, so the pages are byte for byte theirs (tests/test_languages.py).
    Set here rather than with env.install_gettext_translations, which an overlay environment inherits bound to
    the environment it was made from."""
    done = {True: {}, False: {}}  # autoescape -> {msgid: result}

    def formatted(eval_ctx, text, variables):
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @jinja2.pass_eval_context
    def gettext(eval_ctx, __string, **variables):
        if variables:
            return formatted(eval_ctx, translations.gettext(__string), variables)
        cache = done[eval_ctx.autoescape]
        if __string not in cache:
            cache[__string] = formatted(eval_ctx, translations.gettext(__string), variables)
        return cache[__string]

    @jinja2.pass_eval_context
    def ngettext(eval_ctx, __singular, __plural, __num, **variables):
        variables.setdefault("num", __num)
        return formatted(eval_ctx, translations.ngettext(__singular, __plural, __num), variables)

    @jinja2.pass_eval_context
    def pgettext(eval_ctx, __string_ctx, __string, **variables):
        variables.setdefault("context", __string_ctx)
        return formatted(eval_ctx, translations.pgettext(__string_ctx, __string), variables)

    @jinja2.pass_eval_context
    def npgettext(eval_ctx, __string_ctx, __singular, __plural, __num, **variables):
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        return formatted(eval_ctx, translations.npgettext(__string_ctx, __singular, __plural, __num), variables)

    env.newstyle_gettext = True
    env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)


@lru_cache(maxsize=64)
def language_name(lang, in_lang=None):
    """A language's name, by Babel: in the language itself (Deutsch, English, Nederlands), or in `in_lang`."""
    name = Locale.parse(lang).get_display_name(in_lang or lang)
    return name[:1].upper() + name[1:]


def sort_key(text):
    """German sorting (DIN 5007-1): Ä with A, ß as ss, case-insensitive."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("ß", "ss"))
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return base, str(text)


def locale_of(context):
    locales = ruhr_settings.get(context, "RUHR_LOCALES")
    return locales[context["lang"]]


@pass_context
def number(context, value, digits=None):
    if value is None:
        return ""
    return _decimal(value, digits, locale_of(context))


@lru_cache(maxsize=65536)
def _decimal(value, digits, locale):
    """Babel's formatting is slow and the same numbers recur on many pages: remember them."""
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=locale)


@pass_context
def with_unit(context, value, unit):
    """12.500 m² / 12,500 m²; 2,5 km / 2.5 km."""
    if value is None:
        return ""
    return quantity(value, unit, locale_of(context))


def quantity(value, unit, locale):
    """`with_unit` outside a template (the maps' popups): a number and its unit for a Babel locale."""
    return f"{_decimal(value, None, str(locale))}{NBSP}{unit}"


@pass_context
def money(context, value, per=None):
    """95 € / €95 (cents only where there are any)."""
    if value is None:
        return ""
    text = _currency(value, locale_of(context))
    return f"{text}/{per}" if per else text


@lru_cache(maxsize=16384)
def _currency(value, locale):
    text = format_currency(value, "EUR", locale=locale)
    return _NO_CENTS.sub("", text) if float(value).is_integer() else text


@pass_context
def money_compact(context, value):
    """25 Mio. € / €25M."""
    if value is None:
        return ""
    return _compact_currency(value, locale_of(context))


@lru_cache(maxsize=16384)
def _compact_currency(value, locale):
    return format_compact_currency(value, "EUR", locale=locale, fraction_digits=1)


@pass_context
def date(context, value, fmt="long"):
    """3. März 2026 / 3 March 2026."""
    if value is None:
        return ""
    return _date(value, fmt, locale_of(context))


@lru_cache(maxsize=16384)
def _date(value, fmt, locale):
    return _format_date(value, format=fmt, locale=locale)


@pass_context
def percent(context, value, digits=0):
    """A percentage given in per cent: 9.5 -> 9,5 % / 9.5%; 495 -> 495 % / 495%."""
    if value is None:
        return ""
    return _percent(value, digits, locale_of(context))


@lru_cache(maxsize=4096)
def _percent(value, digits, locale):
    pattern = Locale.parse(locale).percent_formats[None].pattern  # 9 % in German, 9% in English
    fmt = pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
    return format_percent(value / 100, format=fmt, locale=locale)


@pass_context
def clock(context, value):
    """The time of an aware datetime with its zone: 18:00 MEZ / 18:00 CET."""
    return _format_time(value, "HH:mm z", tzinfo=value.tzinfo, locale=locale_of(context))


@pass_context
def megabytes(context, size):
    """A file size: 12,4 MB / 12.4 MB."""
    return f"{_decimal(round(size / 1_000_000, 1), 1, locale_of(context))}{NBSP}MB"


def minutes(seconds):
    """A duration: 3:05 min."""
    return f"{seconds // 60}:{seconds % 60:02d}{NBSP}min"


FILTERS = {"number": number, "with_unit": with_unit, "money": money, "money_compact": money_compact,
           "date": date, "clock": clock, "megabytes": megabytes, "minutes": minutes,
           "percent": percent}
