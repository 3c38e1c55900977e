"""Reachability computed from the data: straight-line distances, population and students within a radius.

One method for the site pages, the municipality pages and `invoke check` (docs/investment.md):
- distances are great-circle ("as the crow flies") distances on a sphere of the Earth's mean radius
  (haversine formula), from WGS84 coordinates;
- the population within r km is the sum of the populations of the municipalities (data/municipalities.yaml)
  whose centre lies at most r km away: only the 53 Ruhr municipalities count, so near the region's edge the
  figure is a lower bound;
- students within r km: the sum of the students of the universities (data/universities.yaml) at most r km away.
"""

from ruhr.util.geo import distance_km as _distance


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between two WGS84 points (ruhr.util.geo)."""
    return _distance((lat1, lon1), (lat2, lon2))


def population_within_radii(lat, lon, municipalities, radii):
    """[(radius km, people)]: for each radius, the sum of `population` of the municipalities (dicts or objects
    with lat, lon) whose centre is within reach; each distance computed once."""
    places = [(distance_km(lat, lon, _get(m, "lat"), _get(m, "lon")), _get(m, "population")) for m in municipalities]
    return [(r, sum(people for km, people in places if km <= r)) for r in radii]


def students_within(lat, lon, universities, radius_km):
    """Sum of the students of the universities within reach."""
    return sum(u["students"]["value"] for u in universities
               if distance_km(lat, lon, u["lat"], u["lon"]) <= radius_km)


def nearest(lat, lon, hubs, kind):
    """(hub, km) of the nearest hub of a kind (motorway, airport, port), or (None, None) if there is none."""
    found = [(distance_km(lat, lon, h["lat"], h["lon"]), h) for h in hubs if h["kind"] == kind]
    if not found:
        return None, None
    km, hub = min(found, key=lambda f: f[0])  # of two at the same distance, the first listed
    return hub, km


def _get(item, name):
    return item[name] if isinstance(item, dict) else getattr(item, name)
