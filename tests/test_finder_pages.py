"""The sites index in pages and the finder's data (docs/finder.md), read from the built demo: the sitemap lists
every page of the list, the finder's data holds every site once in the list's order, and the benchmark
reports the finder's weight (its figures are the benchmark's job, not a test's).

The tests' builds use a page size of 10 (conftest.PAGE_SIZE), so the demo's 16 sites make two pages."""

import importlib.util
import json
import re

from conftest import PAGE_SIZE, ROOT
from test_investor_browser import sites

FIRST = {"de": "/flaechen/", "en": "/en/sites/"}
PAGE = {"de": "/flaechen/seite-{}/", "en": "/en/sites/page-{}/"}
DATA = {"de": "/flaechen/finder.json", "en": "/en/sites/finder.json"}


def page_urls(lang):
    count = -(-len(sites()) // PAGE_SIZE)
    return [FIRST[lang]] + [PAGE[lang].format(n) for n in range(2, count + 1)]


def site_url(site, lang):
    return f"/flaechen/{site['id']}/" if lang == "de" else f"/en/sites/{site['en_slug']}/"


def test_the_sitemap_lists_every_page_of_the_list_with_its_translation(read_page):
    sitemap = read_page("/sitemap.xml")
    for lang, other in (("de", "en"), ("en", "de")):
        assert len(page_urls(lang)) > 1
        for url, translation in zip(page_urls(lang), page_urls(other)):
            entry = re.search(rf"<url><loc>[^<]*{re.escape(url)}</loc>(.*?)</url>", sitemap, re.S)
            assert entry, f"{url} is not in the sitemap"
            assert re.search(rf'hreflang="{other}" href="[^"]*{re.escape(translation)}"', entry.group(1))
    assert "finder.json" not in sitemap


def test_each_page_lists_its_share_of_the_sites_and_the_finder_data_holds_every_site(read_page):
    for lang in ("de", "en"):
        rows = [re.findall(r'<li class="card site-card">.*?<h2><a href="([^"]+)"', read_page(url), re.S)
                for url in page_urls(lang)]
        assert [len(r) for r in rows[:-1]] == [PAGE_SIZE] * (len(rows) - 1) and 0 < len(rows[-1]) <= PAGE_SIZE
        data = json.loads(read_page(DATA[lang]))
        records = [dict(zip(data["fields"], values)) for values in data["sites"]]
        listed = [url for page in rows for url in page]
        assert [r["url"] for r in records] == listed, "the data in the list's order"
        assert sorted(listed) == sorted(site_url(s, lang) for s in sites())
        by_url = {site_url(s, lang): s for s in sites()}
        for record in records:
            site = by_url[record["url"]]
            assert record["area"] == site["area"] and record["zoning"] == site["zoning"]
            assert record["price"] == site["price"] and bool(record["rail"]) == site["rail"]
            assert record["status"] == ("" if site["status"] == "available" else site["status"])
            assert data["municipalities"][record["municipality"]]
        # Only the first page has the finder (its script and the data's address).
        assert 'src="/theme/js/finder.js"' in read_page(FIRST[lang]) and DATA[lang] in read_page(FIRST[lang])
        assert all("finder.js" not in read_page(url) for url in page_urls(lang)[1:])


def test_the_benchmark_reports_the_finders_weight(built_site, capsys):
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    sizes, data_sizes = bench.transfer_sizes(built_site), bench.finder_data_sizes(built_site)
    rows = bench.finder_rows(sizes, data_sizes)
    print("\n".join(rows))  # the demo's figures, for the reader of the test log
    page, data, both = rows
    assert re.fullmatch(r"\| sites index \(the finder\), transferred \| \d+ KB / \d+ KB \| .*", page)
    assert re.fullmatch(r"\| finder data .* \| \d+ KB / \d+ KB \| \|", data)
    assert re.fullmatch(r"\| sites index \+ finder data \| \d+ KB / \d+ KB \| \|", both)
    assert {("sites index", "de"), ("sites index", "en"), ("sites index, page 2", "de")} <= set(sizes)
    assert set(data_sizes) == {"de", "en"}
