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
# (sites.csv, sites.geojson), the JSON-LD of the page.
OUTPUTS = ("page", "compare", "card", "data", "jsonld")
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
    `badge`: the page marks the value with the classes `<name> <name>-<value>` (e.g. the status colour)."""
    group: str = "facts"
    outputs: tuple = EVERYWHERE
    format: str = ""
    empty: str = ""
    column: str = ""
    joins: str = ""
    badge: bool = False

    def __post_init__(self):
        if self.group not in GROUPS or not set(self.outputs) <= set(OUTPUTS):
            raise ValueError(f"Show: group {self.group!r} not in {list(GROUPS)} or outputs {self.outputs} "
                             f"not among {OUTPUTS}")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text, markdown, int, float, bool, date, choice, ref, price, object, list
    label: str = ""
    required: bool = True
    translatable: bool = False  # given in every language file; otherwise only in the source (German) file
    unit: str = ""  # m2, km, EUR/m2, EUR, MVA, people
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
          show=Show(outputs=EVERYWHERE + ("card",))),
    Field("largest_plot", "int", N_("Largest plot"), required=False, unit="m2", min=1,
          help="Largest single plot in square metres, if the site is divided.", example=40000, show=Show()),
    Field("divisible", "bool", N_("Divisible"), help="Can the area be divided for several buyers?", show=Show()),
    Field("zoning", "choice", N_("Zoning"), choices=(
        ("GI", N_("Industrial area (GI)")), ("GE", N_("Commercial area (GE)")),
        ("MI", N_("Mixed area (MI)")), ("SO", N_("Special area (SO)"))),
        help="Type of building area under the BauNVO.", example="GI", show=Show(outputs=EVERYWHERE + ("card",))),
    Field("planning", "choice", N_("Planning status"), choices=(
        ("in_force", N_("Zoning plan in force")), ("in_preparation", N_("Zoning plan in preparation")),
        ("section_34", N_("Built-up area (§ 34 BauGB)"))), example="in_force", show=Show()),
    Field("status", "choice", N_("Status"), choices=(
        ("available", N_("available")), ("reserved", N_("reserved")), ("sold", N_("sold"))),
        example="available", show=Show(badge=True, format="availability")),
    # On the pages the status row says when an available site can be had (ruhr.core.availability).
    Field("available_from", "date", N_("Available from"), required=False, help="YYYY-MM-DD.",
          example="2026-03-01", show=Show(outputs=("data", "jsonld"))),
    Field("price_per_m2", "price", N_("Price"), unit="EUR/m2", min=0,
          help="Asking price in euros per m², or `on request`.", example=95,
          show=Show(empty=N_("on request"), column="price_per_m2_eur")),
    Field("owner", "choice", N_("Owner"), choices=(("public", N_("public")), ("private", N_("private"))),
          example="private", show=Show()),
    Field("brownfield", "bool", N_("Brownfield"), help="Previously used land (e.g. a former colliery).",
          show=Show()),
    Field("transport", "object", N_("Transport"), fields=(
        Field("motorway", "text", N_("Nearest motorway"), example="A 2",
              show=Show("transport", outputs=EVERYWHERE + ("card",))),
        Field("motorway_km", "float", N_("Distance to motorway junction"), unit="km", min=0, max=100,
              show=Show("transport", outputs=EVERYWHERE + ("card",), joins="motorway")),
        Field("rail_siding", "bool", N_("Rail siding"), show=Show("transport")),
        Field("port_km", "float", N_("Distance to port"), required=False, unit="km", min=0, max=200,
              show=Show("transport")),
        Field("airport_km", "float", N_("Distance to airport"), required=False, unit="km", min=0, max=300,
              show=Show("transport")),
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
        SOURCE_HASH)

MUNICIPALITY_PROFILE = (Field("id", "slug", N_("ID"), help="Key of the municipality."),
                        Field("summary", "text", N_("Summary"), required=False, translatable=True), SOURCE_HASH)

# kind -> (folder in content/, fields)
TYPES = {
    "site": ("sites", SITE),
    "sector": ("sectors", SECTOR),
    "story": ("stories", STORY),
    "page": ("pages", PAGE),
    "municipality": ("municipalities", MUNICIPALITY_PROFILE),
}

# Data files (data/*.yaml): the fields of one record.
MUNICIPALITY_RECORD = (
    Field("key", "slug", N_("Key")), Field("name", "text", N_("Name")),
    Field("district", "text", N_("District")),
    Field("lat", "float", N_("Latitude")), Field("lon", "float", N_("Longitude")),
    Field("population", "int", N_("Population"), min=0),
)
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
