"""Prints what maps cost in a build: N sites, a detail map per site and language, an overview per language.

    .venv/bin/python scripts/bench_maps.py [N]

Cold: empty cache folder (folium renders every map, Pillow draws every locator). Warm: a second run
against the filled cache folder, as in a rebuild after editing one page.
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test corpus of many sites (tests/map_fixtures.py)

from map_fixtures import MUNICIPALITIES, many_sites  # noqa: E402


def build(sites, cache, output):
    from ruhr.site.maps import MapMaker

    maker = MapMaker({}, MUNICIPALITIES, cache_path=cache)
    size = 0
    for lang, items in sites.items():
        for site in items:
            view = maker.site_map(site)
            maker.write(view, output)
            size += len(view.script)
        view = maker.sites_map("overview", items, lang, cluster=True)
        maker.write(view, output)
    maker.write_vendor(output)
    return size, len(view.script)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    sites = many_sites(n)
    start = time.perf_counter()
    import folium  # noqa: F401  (its import is part of a cold build)

    imported = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as output:
        start = time.perf_counter()
        size, overview = build(sites, cache, output)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        build(sites, cache, output)
        warm = time.perf_counter() - start
    maps = 2 * n
    print(f"sites: {n}, detail maps: {maps}, overview maps: 2")
    print(f"import folium: {imported * 1000:.0f} ms")
    print(f"cold: {cold:.2f} s ({cold / maps * 1000:.2f} ms per site page)")
    print(f"warm: {warm:.2f} s ({warm / maps * 1000:.2f} ms per site page)")
    print(f"detail map script: {size / maps / 1024:.1f} KB on average; overview script: {overview / 1024:.1f} KB")


if __name__ == "__main__":
    main()
