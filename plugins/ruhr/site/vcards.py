"""Each contact's vCard (RFC 2426, version 3.0: what phones and mail programs import), one per language
(RUHR_URLS["vcard"], the role in that language); the enquiry block on site pages links to it
(templates/includes/site-enquiry.html, docs/investment.md)."""

import logging
import os

from ruhr import settings as ruhr_settings
from ruhr.core.urls import absolute, save_as, url_for
from ruhr.util.files import write_if_changed

logger = logging.getLogger(__name__)


def escape(text):
    """A vCard text value: backslash, comma, semicolon and line breaks escaped."""
    return (str(text).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line):
    """A content line folded after 75 octets (continuation lines start with a space), without splitting a
    UTF-8 character."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)


def name_parts(name):
    """(family, given, prefixes) of 'Dr. Julia Becker': leading words ending in '.' are prefixes."""
    words = name.split()
    prefixes = []
    while len(words) > 2 and words[0].endswith("."):
        prefixes.append(words.pop(0))
    return words[-1], " ".join(words[:-1]), " ".join(prefixes)


def vcard(contact, organisation, page_url):
    """The vCard text of a contact (a model Contact in one language)."""
    family, given, prefixes = name_parts(contact.name)
    lines = [
        "BEGIN:VCARD", "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;{escape(prefixes)};",
        f"FN:{escape(contact.name)}",
        f"ORG:{escape(organisation)}",
        f"TITLE:{escape(contact.role)}",
        f"EMAIL;TYPE=INTERNET,WORK:{contact.email}",
        f"TEL;TYPE=WORK,VOICE:{contact.phone.replace(' ', '')}",
        f"URL:{page_url}",
        "END:VCARD",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def add_vcards(model, generator):
    """Receiver of `model_ready`: write every contact's vCard in every language."""
    settings = generator.settings
    organisation = settings.get("AUTHOR") or settings.get("SITENAME") or ""
    for lang in ruhr_settings.get(settings, "RUHR_LANGUAGES"):
        page_url = absolute(settings, url_for(settings, "contacts", lang))
        for contact in model.contacts[lang].values():
            path = os.path.join(generator.output_path, save_as(url_for(settings, "vcard", lang, contact.key)))
            write_if_changed(path, vcard(contact, organisation, page_url).encode("utf-8"))
