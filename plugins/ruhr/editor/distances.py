"""Typed distances against computed ones: a warning (`invoke check`) when a site's typed distance to the
motorway junction, airport or port disagrees strongly with the straight-line distance to the nearest hub in
data/hubs.yaml (ruhr.core.reach, docs/investment.md). Typed distances are by road, so they may be longer;
a typed distance far shorter than the straight line, or far longer, is probably a typo or a wrong hub.
"""

from ruhr import settings as ruhr_settings
from ruhr.core import content, reach
from ruhr.core.validate import Problem
from ruhr.editor.cli import raw_files

# typed field under `transport:` -> hub kind
FIELDS = {"motorway_km": "motorway", "airport_km": "airport", "port_km": "port"}


def disagrees(typed, computed, settings):
    """True if a typed road distance is implausible for this straight-line distance (RUHR_DISTANCE_WARNING)."""
    limits = ruhr_settings.get(settings, "RUHR_DISTANCE_WARNING")
    (short_factor, short_km), (long_factor, long_km) = limits["shorter"], limits["longer"]
    return typed < short_factor * computed - short_km or typed > long_factor * computed + long_km


def distance_warnings(settings, files=None):
    """A Problem (as a warning) for each typed distance that disagrees strongly with the computed one."""
    hubs = content.load_data(settings)[0].get("hubs") or []
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    warnings = []
    for kind, _, lang, path, meta, lines, _ in files or raw_files(settings["PATH"], languages):
        transport = meta.get("transport")
        if kind != "site" or lang != languages[0] or not isinstance(transport, dict):
            continue
        lat, lon = meta.get("lat"), meta.get("lon")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
            continue
        for name, hub_kind in FIELDS.items():
            typed = transport.get(name)
            hub, km = reach.nearest(lat, lon, hubs, hub_kind)
            if hub is None or isinstance(typed, bool) or not isinstance(typed, (int, float)):
                continue
            if disagrees(typed, km, settings):
                warnings.append(Problem(
                    path, lines.get(("transport", name), 1), f"transport.{name}",
                    f"{typed:g} km typed, but the nearest {hub_kind} in data/hubs.yaml ({hub['name'][languages[0]]}) is "
                    f"{km:.1f} km away in a straight line — check the distance and the coordinates, or add the "
                    "hub you mean to data/hubs.yaml"))
    return warnings
