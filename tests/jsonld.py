"""A small validator for the schema.org types the site uses in JSON-LD.

For each type: the properties it must have (with a check of each value) and the properties it may have
(anything else is an error: a typo, or a property schema.org does not define on that type). Nested
objects with an @type are validated too; an object holding only @id (and a name) is a reference.
"""

import datetime
import re
from urllib.parse import urlsplit

SCHEMA = "https://schema.org"
AVAILABILITY = {f"{SCHEMA}/{name}" for name in (
    "BackOrder", "Discontinued", "InStock", "InStoreOnly", "LimitedAvailability", "MadeToOrder", "OnlineOnly",
    "OutOfStock", "PreOrder", "PreSale", "Reserved", "SoldOut")}


def _text(value):
    return isinstance(value, str) and value.strip() != ""


def _url(value):
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _date(value):
    try:
        datetime.date.fromisoformat(value[:10])
        return True
    except (TypeError, ValueError):
        return False


def _lat(value):
    return _number(value) and -90 <= value <= 90


def _lon(value):
    return _number(value) and -180 <= value <= 180


def _currency(value):
    return isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value) is not None


def _typed(*types):
    def check(value):
        return isinstance(value, dict) and value.get("@type") in types
    return check


THING = {"name", "description", "url", "@id", "image", "sameAs", "identifier", "alternateName", "mainEntityOfPage"}
# type: (required {property: check}, optional properties)
TYPES = {
    "Place": ({"name": _text},
              THING | {"geo", "address", "containedInPlace", "hasMap", "amenityFeature", "containsPlace", "photo",
                       "additionalProperty"}),
    "PropertyValue": ({"name": _text, "value": lambda v: isinstance(v, (str, int, float, bool))},
                      THING | {"unitText", "unitCode", "propertyID", "minValue", "maxValue"}),
    "GeoCoordinates": ({"latitude": _lat, "longitude": _lon}, {"elevation", "address", "addressCountry", "postalCode"}),
    "PostalAddress": ({"addressCountry": _text}, THING | {"addressLocality", "addressRegion", "postalCode",
                                                          "streetAddress"}),
    "AdministrativeArea": ({"name": _text}, THING | {"containedInPlace", "geo", "address"}),
    "Offer": ({"url": _url, "availability": AVAILABILITY.__contains__, "itemOffered": lambda v: isinstance(v, dict)},
              THING | {"price", "priceCurrency", "priceSpecification", "availabilityStarts", "availabilityEnds",
                       "areaServed", "seller", "businessFunction", "validFrom", "validThrough", "category"}),
    "UnitPriceSpecification": ({"price": _number, "priceCurrency": _currency},
                               {"unitCode", "unitText", "referenceQuantity", "priceType", "validFrom",
                                "validThrough", "valueAddedTaxIncluded"}),
    "Article": ({"headline": lambda v: _text(v) and len(v) <= 110, "datePublished": _date,
                 "author": _typed("Organization", "Person"), "publisher": _typed("Organization", "Person"),
                 "url": _url},
                THING | {"dateModified", "inLanguage", "about", "contentLocation", "articleBody", "keywords",
                         "articleSection", "wordCount"}),
    "NewsArticle": ({"headline": lambda v: _text(v) and len(v) <= 110, "datePublished": _date,
                     "author": _typed("Organization", "Person"), "publisher": _typed("Organization", "Person"),
                     "url": _url},
                    THING | {"dateModified", "inLanguage", "about", "articleBody", "keywords", "dateline"}),
    "Event": ({"name": _text, "startDate": lambda v: _date(v) and "T" in v and ("+" in v[10:] or v.endswith("Z")),
               "location": lambda v: isinstance(v, (dict, list))},
              THING | {"endDate", "eventStatus", "eventAttendanceMode", "inLanguage", "organizer", "offers",
                       "performer", "about"}),
    "VirtualLocation": ({"url": _url}, THING),
    "Organization": ({"name": _text}, THING | {"logo", "areaServed", "contactPoint", "email", "telephone",
                                                 "address", "foundingDate", "parentOrganization"}),
    "Person": ({"name": _text}, THING | {"jobTitle", "email", "telephone", "worksFor"}),
    "BreadcrumbList": ({"itemListElement": lambda v: isinstance(v, list) and len(v) >= 1},
                       THING | {"numberOfItems", "itemListOrder"}),
    "ListItem": ({"position": lambda v: isinstance(v, int) and v >= 1, "name": _text}, {"item", "@id", "url"}),
}


def validate(node, path="$", top=True):
    """A list of problems (empty: valid) of one JSON-LD block or node."""
    problems = []
    if not isinstance(node, dict):
        return [f"{path}: expected an object"]
    if top and node.get("@context") not in (SCHEMA, SCHEMA + "/", "http://schema.org"):
        problems.append(f"{path}: @context is {node.get('@context')!r}, expected {SCHEMA!r}")
    kind = node.get("@type")
    if kind is None:
        if set(node) - {"@id", "name", "@context"}:
            problems.append(f"{path}: object without @type")
        return problems
    if kind not in TYPES:
        return problems + [f"{path}: unknown @type {kind!r}"]
    required, optional = TYPES[kind]
    reference = set(node) - {"@context", "@type"} <= {"@id", "name"} and "@id" in node
    for name, check in required.items():
        if reference:
            break
        if name not in node:
            problems.append(f"{path} ({kind}): missing {name}")
        elif not check(node[name]):
            problems.append(f"{path} ({kind}): bad {name}: {node[name]!r}")
    for name, value in node.items():
        if name in ("@context", "@type"):
            continue
        if name not in required and name not in optional:
            problems.append(f"{path} ({kind}): {name} is not a property of {kind}")
        for i, child in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(child, dict):
                problems += validate(child, f"{path}.{name}" + (f"[{i}]" if isinstance(value, list) else ""),
                                     top=False)
    if kind == "BreadcrumbList" and isinstance(node.get("itemListElement"), list):
        items = node["itemListElement"]
        if [i.get("position") for i in items] != list(range(1, len(items) + 1)):
            problems.append(f"{path}: positions are not 1..{len(items)}")
        for i, item in enumerate(items):
            if item.get("@type") != "ListItem":
                problems.append(f"{path}.itemListElement[{i}]: expected a ListItem")
            if i < len(items) - 1 and not _url(item.get("item")):
                problems.append(f"{path}.itemListElement[{i}]: item must be an absolute URL")
    if kind == "Place" and not reference and not isinstance(node.get("geo"), dict) and "address" not in node:
        problems.append(f"{path}: a Place needs geo or an address")
    if kind == "Offer" and ("price" in node) != ("priceCurrency" in node) and "priceSpecification" not in node:
        problems.append(f"{path}: price and priceCurrency go together")
    return problems
