"""The content model: one definition per field, for every content type.

Validation (validate.py), rendering (the templates read the typed values) and the editor documentation
(`invoke fields` writes docs/fields.md) all follow from the definitions below. To add a field, add it here.

Labels are English msgids: their translations live in the message catalogs
(theme/translations/<lang>/LC_MESSAGES/messages.po), like every other UI string.

What the site shows of a field, and how, is the field's `show` (a Show): its group on the page, the
outputs it appears in (the page, the compare table, the social card, the open data, the JSON-LD) and the
kind of formatter. ruhr.core.facts formats the values; the templates, the compare data, the open data, the
cards and the structured data all read the rows it makes. Adding an optional fact to the pages therefore
means one entry here (with `show=`) plus the translation of its label.
"""

from dataclasses import dataclass, replace


def N_(message):
    """Mark a string for the message catalog without translating it here."""
    return message


# The outputs a fact can appear in: the item's page, the compare table, the social card, the open data
# (sites.csv, sites.geojson), the JSON-LD of the page, the key facts at the top of a site page (panel) and a
# site's card in the lists of sectors and municipalities (listing).
OUTPUTS = ("page", "compare", "card", "data", "jsonld", "panel", "listing")
EVERYWHERE = ("page", "compare", "data", "jsonld")
# Groups of facts: the sections of the site page, in this order, with their headings.
GROUPS = {"facts": N_("Facts"), "transport": N_("Transport"), "utilities": N_("Utilities"),
          "sectors": N_("Suited to"), "contact": N_("Your contact"), "record": N_("Record")}


@dataclass(frozen=True)
class Show:
    """How the site presents a field (see the module's docstring).

    `format`: the formatter (ruhr.core.facts.FORMATS); default from the field's type and unit.
    `empty`: msgid shown when the field has no value (default: the page leaves the row out, compare shows –).
    `column`: the open-data column (default: the field name, with its unit unless the name ends with it).
    `joins`: the name of a field of the same object whose row this value completes ("A 2, 3 km").
    `badge`: the page marks the value with the classes `<name> <name>-<value>` (e.g. the status colour).
    `qualifier`: msgid written after the value wherever it is shown, e.g. "(by road)" for a typed distance, so
    it is never read as the straight-line distances the build computes (docs/investment.md)."""
    group: str = "facts"
    outputs: tuple = EVERYWHERE
    format: str = ""
    empty: str = ""
    column: str = ""
    joins: str = ""
    badge: bool = False
    qualifier: str = ""

    def __post_init__(self):
        if self.group not in GROUPS or not set(self.outputs) <= set(OUTPUTS):
            raise ValueError(f"Show: group {self.group!r} not in {list(GROUPS)} or outputs {self.outputs} "
                             f"not among {OUTPUTS}")


BY_ROAD = N_("(by road)")  # typed distances; the computed ones are straight lines


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text, markdown, int, float, bool, date, choice, ref, price, object, list
    label: str = ""
    required: bool = True
    translatable: bool = False  # given in every language file; otherwise only in the source (German) file
    unit: str = ""  # m2, km, EUR/m2, EUR, MVA, people, s
    choices: tuple = ()  # ((value, label msgid), ...)
    min: float | None = None
    max: float | None = None
    ref: str = ""  # municipality, sector, contact, site
    many: bool = False  # a list of references or values
    fields: tuple = ()  # sub-fields of an object, or of each item of a list
    key: str = ""  # for lists matched across languages: the sub-field both files repeat
    help: str = ""
    example: object = None
    show: Show | None = None  # None: not one of the facts the site presents
    per_language: bool = False  # an object with one text sub-field per language of the site (for_languages)

    @property
    def choice_values(self):
        return tuple(value for value, _ in self.choices)

    def subfield(self, name):
        return next((f for f in self.fields if f.name == name), None)


def _id(kind):
    return Field(
        "id", "slug", N_("ID"), help=f"Shared id of the {kind} in all languages: lower-case letters, digits, "
        "hyphens. The file names are <id>.de.md and <id>.en.md.", example="dortmund-westfalenhuette")


TITLE = Field("title", "text", N_("Title"), translatable=True, help="Headline of the page.")
SUMMARY = Field("summary", "text", N_("Summary"), translatable=True,
                help="One or two sentences; shown in lists, search results and as the page description.")
SLUG = Field("slug", "slug", N_("URL name"), required=False, translatable=True,
             help="The last part of the page's URL in this language. Default: the id.")
CONTACT = Field("contact", "ref", N_("Contact"), ref="contact",
                help="Key of a person in data/contacts.yaml.", example="anna-schmidt")
MUNICIPALITY = Field("municipality", "ref", N_("Municipality"), ref="municipality",
                     help="Key of one of the 53 municipalities in data/municipalities.yaml.", example="dortmund")
SECTORS = Field("sectors", "ref", N_("Sectors"), ref="sector", many=True,
                help="Ids of sectors (content/sectors/).", example=["logistik"])
PHOTOS = Field(
    "photos", "list", N_("Photos"), required=False, translatable=True, key="file",
    fields=(
        Field("file", "file", N_("File"), help="File name in content/photos/.", example="logistikhalle.jpg"),
        Field("alt", "text", N_("Alternative text"), translatable=True,
              help="What the photo shows, for people who cannot see it, in the file's language (not the "
                   "file name).", example="Luftbild der Freifläche mit Gleisanlagen"),
    ),
    help="Photos; the English file repeats each `file` with its English `alt`.")
SOURCE_HASH = Field(
    "source_hash", "text", "Source version", required=False, translatable=True,
    help="In translations only, written by `invoke translations --mark <id>` once the translation matches the "
         "German text; `invoke translations` reports it as stale when the German text changes. Don't edit.")

SITE = (
    _id("site"), TITLE, SUMMARY, SLUG, replace(MUNICIPALITY, show=Show(outputs=("page", "compare", "data"))),
    Field("lat", "float", N_("Latitude"), min=-90, max=90, unit="°",
          help="WGS84 latitude of the site's centre; must lie in the Ruhr area.", example=51.5301),
    Field("lon", "float", N_("Longitude"), min=-180, max=180, unit="°",
          help="WGS84 longitude of the site's centre; must lie in the Ruhr area.", example=7.4924),
    Field("area", "int", N_("Area"), unit="m2", min=1, help="Total area in square metres.", example=125000,
          show=Show(outputs=EVERYWHERE + ("card", "panel", "listing"))),
    Field("largest_plot", "int", N_("Largest plot"), required=False, unit="m2", min=1,
          help="Largest single plot in square metres, if the site is divided.", example=40000, show=Show()),
    Field("divisible", "bool", N_("Divisible"), help="Can the area be divided for several buyers?", show=Show()),
    Field("zoning", "choice", N_("Zoning"), choices=(
        ("GI", N_("Industrial area (GI)")), ("GE", N_("Commercial area (GE)")),
        ("MI", N_("Mixed area (MI)")), ("SO", N_("Special area (SO)"))),
        help="Type of building area under the BauNVO.", example="GI",
        show=Show(outputs=EVERYWHERE + ("card", "panel", "listing"))),
    Field("planning", "choice", N_("Planning status"), choices=(
        ("in_force", N_("Zoning plan in force")), ("in_preparation", N_("Zoning plan in preparation")),
        ("section_34", N_("Built-up area (§ 34 BauGB)"))), example="in_force", show=Show()),
    Field("status", "choice", N_("Status"), choices=(
        ("available", N_("available")), ("reserved", N_("reserved")), ("sold", N_("sold"))),
        example="available", show=Show(badge=True, format="availability", outputs=EVERYWHERE + ("panel",))),
    # On the pages the status row says when an available site can be had (ruhr.core.availability).
    Field("available_from", "date", N_("Available from"), required=False, help="YYYY-MM-DD.",
          example="2026-03-01", show=Show(outputs=("data", "jsonld"))),
    Field("price_per_m2", "price", N_("Price"), unit="EUR/m2", min=0,
          help="Asking price in euros per m², or `on request`.", example=95,
          show=Show(empty=N_("on request"), column="price_per_m2_eur", outputs=EVERYWHERE + ("panel", "listing"))),
    Field("owner", "choice", N_("Owner"), choices=(("public", N_("public")), ("private", N_("private"))),
          example="private", show=Show()),
    Field("brownfield", "bool", N_("Brownfield"), help="Previously used land (e.g. a former colliery).",
          show=Show()),
    Field("transport", "object", N_("Transport"), fields=(
        Field("motorway", "text", N_("Nearest motorway"), example="A 2",
              show=Show("transport", outputs=EVERYWHERE + ("card", "panel"))),
        Field("motorway_km", "float", N_("Distance to motorway junction"), unit="km", min=0, max=100,
              help="By road, in km (pages say so; they also show the computed straight-line distances).",
              show=Show("transport", outputs=EVERYWHERE + ("card", "panel"), joins="motorway", qualifier=BY_ROAD)),
        Field("rail_siding", "bool", N_("Rail siding"), show=Show("transport")),
        Field("port_km", "float", N_("Distance to port"), required=False, unit="km", min=0, max=200, help="By road, in km.",
              show=Show("transport", qualifier=BY_ROAD)),
        Field("airport_km", "float", N_("Distance to airport"), required=False, unit="km", min=0, max=300,
              help="By road, in km.",
              show=Show("transport", qualifier=BY_ROAD)),
    )),
    Field("utilities", "object", N_("Utilities"), fields=(
        Field("fibre", "bool", N_("Fibre broadband"), show=Show("utilities")),
        Field("power_mva", "float", N_("Power capacity"), required=False, unit="MVA", min=0, max=1000,
              show=Show("utilities")),
        Field("district_heating", "bool", N_("District heating"), show=Show("utilities")),
        Field("hydrogen", "bool", N_("Hydrogen pipeline"), show=Show("utilities")),
    )),
    replace(SECTORS, show=Show("sectors", outputs=("compare", "data"))),
    replace(CONTACT, show=Show("contact", outputs=("compare", "data"))), PHOTOS,
    Field("last_verified", "date", N_("Last verified"), help="When the facts were last checked (YYYY-MM-DD).",
          example="2026-10-01", show=Show("record", outputs=("compare", "data"))),
    Field("source", "text", N_("Data source"), help="Who supplied the facts.",
          example="Wirtschaftsförderung Dortmund", show=Show("record", outputs=("data",))),
    SOURCE_HASH,
)

SECTOR = (
    _id("sector"), TITLE, SUMMARY, SLUG,
    Field("key_figures", "list", N_("Key figures"), translatable=True, fields=(
        Field("label", "text", N_("Label"), translatable=True, example="Employees"),
        Field("value", "float", N_("Value"), min=0, example=60000),
        Field("unit", "choice", N_("Unit"), choices=(
            ("count", N_("number")), ("eur", "EUR"), ("eur_bn", N_("billion EUR")), ("percent", "%"),
            ("m2", "m²"), ("ha", "ha"), ("t", N_("tonnes")), ("mw", "MW"))),
        Field("year", "int", N_("Year"), min=1990, max=2100),
        Field("source", "text", N_("Source")),
    ), help="Facts shown on the sector page; the English file repeats the list with English labels only, "
            "in the same order."),
    CONTACT, PHOTOS, SOURCE_HASH,
)

STORY = (
    _id("story"), TITLE, SUMMARY, SLUG,
    Field("date", "date", N_("Date"), help="Publication date (YYYY-MM-DD).", example="2025-06-12"),
    Field("company", "text", N_("Company"), example="Beispiel Logistik GmbH"),
    SECTORS, MUNICIPALITY,
    Field("site", "ref", N_("Site"), required=False, ref="site", help="Id of the site the company chose."),
    Field("investment_eur", "int", N_("Investment"), unit="EUR", min=0, example=25000000),
    Field("jobs", "int", N_("Jobs"), min=0, example=180),
    Field("quote", "object", N_("Quote"), translatable=True, fields=(
        Field("text", "text", N_("Quote"), translatable=True),
        Field("person", "text", N_("Person")),
        Field("role", "text", N_("Role"), translatable=True),
    )),
    Field("example", "bool", N_("Fictional example"), required=False,
          help="true marks the story as a fictional example on the page."),
    PHOTOS, SOURCE_HASH,
)

PAGE = (_id("page"), TITLE, SLUG, Field("summary", "text", N_("Summary"), required=False, translatable=True),
        Field("menu", "choice", N_("Listed in"), required=False,
              choices=(("legal", N_("Legal information")), ("funding", N_("Funding programmes"))),
              help="Where the page is linked: the footer's legal information (default) or the funding "
                   "programmes.", example="legal"),
        Field("contact", "ref", N_("Contact"), required=False, ref="contact",
              help="Key of a person in data/contacts.yaml, shown on the page.", example="anna-schmidt"),
        SOURCE_HASH)

MUNICIPALITY_PROFILE = (Field("id", "slug", N_("ID"), help="Key of the municipality."),
                        Field("summary", "text", N_("Summary"), required=False, translatable=True), SOURCE_HASH)

# -- The agency's other roles (docs/roles.md): funding programmes, projects, news, events, access pages --

OFFICIAL_SOURCE = Field("source_url", "url", N_("Official source"),
                        help="Link to the official programme page (https://…).",
                        example="https://www.efre.nrw/")
PROGRAMME = (
    _id("programme"), TITLE, SUMMARY, SLUG,
    Field("funder", "choice", N_("Funder"), choices=(
        ("eu", N_("European Union")), ("federal", N_("Federal government")), ("state", N_("State of NRW"))),
        help="Which level of government funds the programme.", example="state"),
    Field("body", "text", N_("Funding body"), help="Who runs the programme and takes the applications.",
          example="NRW.BANK"),
    Field("applicants", "choice", N_("Who may apply"), many=True, choices=(
        ("sme", N_("small and medium-sized enterprises")), ("large", N_("large companies")),
        ("startup", N_("start-ups")), ("municipality", N_("municipalities")),
        ("research", N_("universities and research institutes"))), example=["sme"]),
    Field("funded", "text", N_("What is funded"), translatable=True, example="Investitionen in neue Anlagen"),
    Field("rate", "text", N_("Rate or volume"), translatable=True,
          help="As the official source states it, marked as approximate (e.g. 'up to approx. 40 %'): never "
               "promise a figure the source does not give.", example="bis zu ca. 40 % der förderfähigen Kosten"),
    Field("opens", "date", N_("Applications open"), required=False,
          help="First day applications are taken (YYYY-MM-DD); before it the programme is 'upcoming'."),
    Field("deadlines", "date", N_("Deadlines"), many=True, required=False,
          help="Closing dates for applications (YYYY-MM-DD). After the last one the programme is 'closed'; "
               "none: applications are taken at any time.", example=["2026-03-31"]),
    CONTACT, OFFICIAL_SOURCE,
    Field("sectors", "ref", N_("Sectors"), ref="sector", many=True, required=False,
          help="Ids of the sectors the programme serves; their pages link to it.", example=["logistik"]),
    Field("last_verified", "date", N_("Last verified"), help="When the facts were last checked against the "
          "official source (YYYY-MM-DD).", example="2026-10-01"),
    SOURCE_HASH,
)
PROGRAMME_STATUS = (("open", N_("open")), ("upcoming", N_("upcoming")), ("closed", N_("closed")))

PROJECT = (
    _id("project"), TITLE, SUMMARY, SLUG,
    Field("topic", "text", N_("Topic"), translatable=True, example="Wasserstoff-Logistik"),
    Field("partners", "text", N_("Partners"), many=True, example=["Stadt Duisburg", "Hochschule Ruhr West"]),
    Field("funding", "text", N_("Funding"), translatable=True,
          help="Who funds it and how much; demo figures say that they are approximate.",
          example="EFRE/JTF NRW, ca. 2,4 Mio. EUR (Demo-Angabe)"),
    Field("programme", "ref", N_("Funding programme"), ref="programme", required=False,
          help="Id of the funding programme (content/programmes/).", example="efre-jtf-nrw"),
    Field("start", "date", N_("Start"), example="2025-01-01"),
    Field("end", "date", N_("End"), required=False, help="Last day (YYYY-MM-DD); the status (planned, running, "
          "completed) follows from start, end and the build date."),
    Field("results", "text", N_("Results"), translatable=True, required=False),
    SECTORS,
    Field("municipalities", "ref", N_("Municipalities"), ref="municipality", many=True,
          help="Keys of the municipalities the project works in.", example=["duisburg"]),
    CONTACT, SOURCE_HASH,
)
PROJECT_STATUS = (("planned", N_("planned")), ("running", N_("running")), ("completed", N_("completed")))

NEWS = (
    _id("news item"), TITLE, SUMMARY, SLUG,
    Field("date", "date", N_("Date"), help="Publication date (YYYY-MM-DD).", example="2026-09-15"),
    Field("sectors", "ref", N_("Sectors"), ref="sector", many=True, required=False,
          help="Ids of the sectors the news is about.", example=["logistik"]),
    SOURCE_HASH,
)

EVENT = (
    _id("event"), TITLE, SUMMARY, SLUG,
    Field("start", "datetime", N_("Start"), help="Local date and time in the event's time zone.",
          example="2026-03-26 18:00"),
    Field("end", "datetime", N_("End"), help="Local date and time in the event's time zone; after the start.",
          example="2026-03-26 21:00"),
    Field("timezone", "timezone", N_("Time zone"), required=False,
          help="IANA time zone of start and end. Default: the TIMEZONE setting (Europe/Berlin).",
          example="Europe/Berlin"),
    Field("venue", "text", N_("Place"), required=False, help="Venue and address; give this, `online`, or both.",
          example="Zeche Zollverein, Gelsenkirchener Str. 181, 45309 Essen"),
    Field("online", "url", N_("Online"), required=False, help="Link to the online event (https://…).",
          example="https://example.org/stream"),
    Field("languages", "choice", N_("Language of the event"), many=True, choices=(
        ("de", N_("German")), ("en", N_("English")), ("dgs", N_("German Sign Language (DGS)"))),
        example=["de"]),
    Field("registration", "url", N_("Registration"), required=False, help="Link to the registration (https://…).",
          example="https://example.org/anmeldung"),
    Field("municipality", "ref", N_("Municipality"), ref="municipality", required=False,
          help="Key of the municipality the event takes place in.", example="essen"),
    Field("sectors", "ref", N_("Sectors"), ref="sector", many=True, required=False, example=["logistik"]),
    SOURCE_HASH,
)

ACCESS = (
    _id("page"), TITLE, SUMMARY, SLUG,
    Field("form", "choice", N_("Form"), choices=(
        ("easy_read", N_("Easy-to-read German (Leichte Sprache)")),
        ("sign_language", N_("German Sign Language (DGS)"))), example="easy_read"),
    Field("videos", "list", N_("Videos"), required=False, fields=(
        Field("file", "video", N_("Video file"), help="MP4 or WebM file in content/videos/.",
              example="dgs-ueberblick.mp4"),
        Field("poster", "video", N_("Poster image"), help="JPEG, PNG or WebP file in content/videos/.",
              example="dgs-ueberblick.jpg"),
        Field("captions", "video", N_("Captions"), help="WebVTT file (.vtt) in content/videos/.",
              example="dgs-ueberblick.vtt"),
        Field("title", "text", N_("Title"), example="Überblick über die Website"),
        Field("duration", "int", N_("Duration"), unit="s", min=1, help="Length in seconds.", example=185),
    ), help="DGS videos, self-hosted; `invoke check` warns while a DGS page has none."),
    SOURCE_HASH,
)
# Kinds that exist in the source language only (German): Leichte Sprache and DGS are German by nature.
SOURCE_ONLY = {"access"}
VIDEO_EXTENSIONS = {"file": (".mp4", ".webm"), "poster": (".jpg", ".jpeg", ".png", ".webp"), "captions": (".vtt",)}

# kind -> (folder in content/, fields)
TYPES = {
    "site": ("sites", SITE),
    "sector": ("sectors", SECTOR),
    "story": ("stories", STORY),
    "page": ("pages", PAGE),
    "municipality": ("municipalities", MUNICIPALITY_PROFILE),
    "programme": ("programmes", PROGRAMME),
    "project": ("projects", PROJECT),
    "news_item": ("news", NEWS),
    "event": ("events", EVENT),
    "access": ("access", ACCESS),
}

# Data files (data/*.yaml): the fields of one record.
MUNICIPALITY_RECORD = (
    Field("key", "slug", N_("Key")), Field("name", "text", N_("Name")),
    Field("district", "text", N_("District")),
    Field("lat", "float", N_("Latitude")), Field("lon", "float", N_("Longitude")),
    Field("population", "int", N_("Population"), min=0),
)
# The sections of data/municipalities.yaml besides `municipalities`: each district (by key), the source note.
DISTRICT_RECORD = (Field("name", "object", N_("Name"), per_language=True),
                   Field("member", "object", "Member", required=False, per_language=True))
POPULATION_SOURCE = Field("population_source", "object", N_("Source"), per_language=True)
CONTACT_RECORD = (
    Field("key", "slug", N_("Key")), Field("name", "text", N_("Name")),
    Field("role", "object", N_("Role"), per_language=True, help="The person's role, in every language."),
    Field("email", "email", N_("Email")), Field("phone", "text", N_("Phone")),
    Field("languages", "text", N_("Languages"), many=True),
)


def for_languages(fields, languages):
    """`fields` with each `per_language` object given one text sub-field per language."""
    return tuple(replace(f, fields=tuple(Field(lang, "text", lang) for lang in languages)) if f.per_language
                 else f for f in fields)


def choice_label(fields, name, value):
    """The label msgid for a choice value (e.g. status 'available')."""
    f = next(f for f in fields if f.name == name)
    return dict(f.choices).get(value, value)


# Investment facts per municipality and the hubs and universities reachability is computed from (issue 14;
# docs/investment.md). Every figure is an object with value, year and source: the build rejects one without.
def _figure(name, label, unit="", kind="float", help=""):
    return Field(name, "object", label, unit=unit, help=help, fields=(
        Field("value", kind, N_("Value")), Field("year", "int", N_("Year"), min=1990, max=2100),
        Field("source", "text", N_("Source"))))


_IN_RUHR = Field("municipality", "ref", N_("Municipality"), ref="municipality")
FUNDING_RECORD = (
    _IN_RUHR,
    Field("category", "choice", N_("Regional aid area"), choices=(
        ("C", N_("C area")), ("D", N_("D area")), ("none", N_("not a regional aid area")))),
    *(Field(size, "int", label, unit="%", min=0, max=100) for size, label in (
        ("small", N_("Small companies")), ("medium", N_("Medium-sized companies")),
        ("large", N_("Large companies")))),
    Field("date", "date", N_("Date")), Field("source", "text", N_("Source")),
)
WORKFORCE_RECORD = (
    _IN_RUHR,
    _figure("employees", N_("Employees subject to social insurance"), "people", "int"),
    _figure("unemployment_rate", N_("Unemployment rate"), "%"),
    _figure("commuter_balance", N_("Commuter balance (in minus out)"), "people", "int"),
)
TAXES_RECORD = (
    _IN_RUHR,
    _figure("trade_tax", N_("Trade tax multiplier (Gewerbesteuer-Hebesatz)"), "%", "int"),
    _figure("property_tax_b", N_("Property tax B multiplier (Grundsteuer B)"), "%", "int"),
)
ECONOMIC_DEVELOPMENT_RECORD = (
    _IN_RUHR, Field("name", "text", N_("Name")), Field("email", "email", N_("Email")),
    Field("phone", "text", N_("Phone")),
)
HUB_KINDS = (("motorway", N_("Motorway junction")), ("airport", N_("Airport")), ("port", N_("Inland port")))
HUB_RECORD = (
    Field("kind", "choice", N_("Kind"), choices=HUB_KINDS),
    Field("name", "object", N_("Name"), per_language=True),
    Field("lat", "float", N_("Latitude"), min=-90, max=90), Field("lon", "float", N_("Longitude"), min=-180, max=180),
    Field("source", "text", N_("Source")),
)
UNIVERSITY_RECORD = (
    Field("name", "text", N_("Name")),
    Field("lat", "float", N_("Latitude"), min=-90, max=90), Field("lon", "float", N_("Longitude"), min=-180, max=180),
    _figure("students", N_("Students"), "people", "int"),
)
# Data files: file name in RUHR_DATA_PATH -> (the key of its list, the fields of one entry, one per municipality?)
DATA_FILES = {
    "municipalities": ("municipalities", MUNICIPALITY_RECORD, False),
    "contacts": ("contacts", CONTACT_RECORD, False),
    "funding": ("funding", FUNDING_RECORD, True),
    "workforce": ("workforce", WORKFORCE_RECORD, True),
    "taxes": ("taxes", TAXES_RECORD, True),
    "economic-development": ("economic_development", ECONOMIC_DEVELOPMENT_RECORD, True),
    "hubs": ("hubs", HUB_RECORD, False),
    "universities": ("universities", UNIVERSITY_RECORD, False),
}
