"""Geography written once: distances on the earth and the projection every drawn map uses.

The locator images (site/locator.py) and the social cards' map panel (site/cards.py) draw the region with
the same `Frame`: equirectangular around the centre of the points it shows, true to scale along that
parallel and along meridians, which is exact enough at the Ruhr area's 100 km.
"""

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def distance_km(a, b):
    """Great-circle distance between two (lat, lon) points in km (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Frame:
    """Maps lat/lon to pixels: equirectangular around (`lat0`, `lon0`), which is drawn at pixel
    (`x0`, `y0`), with `scale` pixels per km (true along the parallel `lat0` and along meridians)."""

    width: int
    height: int
    lat0: float
    lon0: float
    x0: float
    y0: float
    scale: float

    @staticmethod
    def _spans(points):
        """(centre lat, centre lon, east-west km, north-south km) of the points' bounding box."""
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        lat0 = (min(lats) + max(lats)) / 2
        lon0 = (min(lons) + max(lons)) / 2
        span_x = max((max(lons) - min(lons)) * KM_PER_DEGREE * math.cos(math.radians(lat0)), 1.0)
        span_y = max((max(lats) - min(lats)) * KM_PER_DEGREE, 1.0)
        return lat0, lon0, span_x, span_y

    @classmethod
    def around(cls, points, size, margin=(28, 28, 28, 56)):
        """The frame that shows all (lat, lon) `points` inside `size` minus `margin` (l, t, r, b)."""
        width, height = size
        left, top, right, bottom = margin
        lat0, lon0, span_x, span_y = cls._spans(points)
        scale = min((width - left - right) / span_x, (height - top - bottom) / span_y)
        x0 = left + (width - left - right) / 2
        y0 = top + (height - top - bottom) / 2
        return cls(width, height, lat0, lon0, x0, y0, scale)

    @classmethod
    def fitted(cls, points, max_size, margin):
        """The smallest frame, within `max_size`, that shows the points at the largest scale that fits:
        its width or height shrinks to the points' aspect ratio."""
        left, top, right, bottom = margin
        scale = cls.around(points, max_size, margin).scale
        _, _, span_x, span_y = cls._spans(points)
        size = (min(max_size[0], round(span_x * scale) + left + right),
                min(max_size[1], round(span_y * scale) + top + bottom))
        return cls.around(points, size, margin)

    def project(self, lat, lon):
        """Pixel (x, y) of a point, floats, origin top left."""
        x = self.x0 + (lon - self.lon0) * KM_PER_DEGREE * math.cos(math.radians(self.lat0)) * self.scale
        y = self.y0 - (lat - self.lat0) * KM_PER_DEGREE * self.scale
        return x, y
