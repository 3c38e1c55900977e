"""The programme index, filterable without JavaScript: one pre-rendered page per combination of funder,
applicant and status that has programmes (RUHR_URLS["programmes_filter"], e.g. /foerderprogramme/filter/eu-sme-open/).

Every filter page shows the three facets as links; each link keeps the other two choices, so a visitor
narrows the list by following links. Values that would give no programme are shown without a link.
The unfiltered index is the page "all-all-all".
"""

from ruhr.core import schema
from ruhr.core.schema import N_

ALL = "all"


def facets():
    """[(facet name, label msgid, [(value, label msgid)])]: funder, applicant, status."""
    fields = {f.name: f for f in schema.PROGRAMME}
    return [("funder", fields["funder"].label, list(fields["funder"].choices)),
            ("applicants", fields["applicants"].label, list(fields["applicants"].choices)),
            ("status", N_("Status"), list(schema.PROGRAMME_STATUS))]


def matches(programme, choice):
    """Does a programme match {facet: value} (ALL matches everything)?"""
    for name, value in choice.items():
        have = getattr(programme, name)
        if value != ALL and value not in (have if isinstance(have, list) else [have]):
            return False
    return True


def slug(choice):
    return "-".join(choice[name] for name, _, _ in facets())


class Filter:
    """One combination of facet values and the programmes it selects."""

    def __init__(self, choice, programmes):
        self.choice = choice
        self.slug = slug(choice)
        self.programmes = [p for p in programmes if matches(p, choice)]
        self.is_index = all(value == ALL for value in choice.values())

    def options(self, available):
        """[(facet, label, [(value, label, slug or None, selected)])] for the facet links of this page;
        `available` is the set of slugs that have a page."""
        out = []
        for name, label, choices in facets():
            row = []
            for value, value_label in [(ALL, N_("all"))] + choices:
                target = slug(dict(self.choice, **{name: value}))
                row.append((value, value_label, target if target in available else None,
                            self.choice[name] == value))
            out.append((name, label, row))
        return out


def filters(programmes):
    """Every combination that selects at least one programme (and the unfiltered index), in a fixed order."""
    out = []
    names = [name for name, _, _ in facets()]
    values = [[ALL] + [v for v, _ in choices] for _, _, choices in facets()]
    for a in values[0]:
        for b in values[1]:
            for c in values[2]:
                f = Filter(dict(zip(names, (a, b, c))), programmes)
                if f.programmes or f.is_index:
                    out.append(f)
    return out
