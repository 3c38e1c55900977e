"""The link gate's rules, on small hand-made output folders (the real build is checked in test_gate_links.py)."""

import pytest

from ruhr.gates.linkcheck import check

SITE_URL = "https://www.example.org"


def page(lang, body="", head="", alternates=()):
    links = "".join(f'<link rel="alternate" hreflang="{hl}" href="{href}">' for hl, href in alternates)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title>{links}{head}'
            f'</head><body><a href="#main">Skip</a><main id="main">{body}</main></body></html>')


@pytest.fixture
def site(tmp_path):
    """A tiny two-language site with every kind of reference, all resolving."""
    files = {
        "index.html": page("de", alternates=[("de", "/"), ("en", "/en/")], head=(
            '<link rel="stylesheet" href="/theme/css/site.css"><script src="/theme/js/site.js" defer></script>'
            f'<link rel="canonical" href="{SITE_URL}/"><meta property="og:image" content="{SITE_URL}/photos/a.jpg">'),
            body=('<a href="/flaechen/">Flächen</a><a href="flaechen/a/#lage">Lage</a>'
                  '<a href="mailto:info@example.org">Mail</a><a href="tel:+49201">Tel</a>'
                  '<a href="https://other.example.com/missing/">extern</a><a href="#">oben</a>'
                  f'<a href="{SITE_URL}/en/">EN</a>'
                  '<picture><source srcset="/photos/a.webp 1x, /photos/a-2x.webp 2x" type="image/webp">'
                  '<img src="/photos/a.jpg" srcset="/photos/a.jpg 640w,/photos/a-2x.jpg 1280w" alt="A"></picture>'
                  '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">')),
        "en/index.html": page("en", alternates=[("de", f"{SITE_URL}/"), ("en", f"{SITE_URL}/en/")],
                              body='<a href="../">Deutsch</a>'),
        "flaechen/index.html": page("de", body='<a href="a/">A</a>'),
        "flaechen/a/index.html": page("de", body='<h2 id="lage">Lage</h2><a href="#lage">Lage</a>'),
        "404.html": page("de", body='<a href="/">Start</a>'),
        "theme/css/site.css": "@font-face{src:url('../fonts/f.woff2') format('woff2')} .m{background:url(#g)}",
        "theme/js/site.js": "",
        "theme/fonts/f.woff2": "",
        "photos/a.jpg": "", "photos/a-2x.jpg": "", "photos/a.webp": "", "photos/a-2x.webp": "",
    }
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def plant(root, rel, body="", head=""):
    path = root / rel
    text = path.read_text(encoding="utf-8").replace("</main>", body + "</main>").replace("</head>", head + "</head>")
    path.write_text(text, encoding="utf-8")


def messages(problems):
    return [str(p) for p in problems]


def test_a_sound_site_has_no_problems(site):
    assert check(site, SITE_URL) == []


@pytest.mark.parametrize("markup, missing", [
    ('<a href="/flaechen/b/">B</a>', "flaechen/b/index.html"),
    ('<a href="b/index.html">B</a>', "flaechen/a/b/index.html"),
    ('<img src="/photos/b.jpg" alt="B">', "photos/b.jpg"),
    ('<img src="/photos/a.jpg" srcset="/photos/a.jpg 1x, /photos/b-2x.jpg 2x" alt="A">', "photos/b-2x.jpg"),
    ('<picture><source srcset="/photos/b.avif" type="image/avif"><img src="/photos/a.jpg" alt=""></picture>',
     "photos/b.avif"),
    ('<script src="/theme/js/gone.js"></script>', "theme/js/gone.js"),
    (f'<a href="{SITE_URL}/kontakt/">Kontakt</a>', "kontakt/index.html"),
])
def test_a_missing_target_is_reported_on_its_page(site, markup, missing):
    plant(site, "flaechen/a/index.html", body=markup)
    problems = check(site, SITE_URL)
    assert len(problems) == 1, messages(problems)
    assert problems[0].page == "/flaechen/a/"
    assert f"missing file ({missing})" in problems[0].message


def test_a_missing_stylesheet_is_reported(site):
    plant(site, "en/index.html", head='<link rel="stylesheet" href="/theme/css/print.css">')
    assert messages(check(site, SITE_URL)) == [
        '/en/: <link href="/theme/css/print.css"> points to a missing file (theme/css/print.css)']


def test_a_folder_without_trailing_slash_is_reported(site):
    plant(site, "404.html", body='<a href="/flaechen">Flächen</a>')
    assert messages(check(site, SITE_URL)) == [
        '/404.html: <a href="/flaechen"> points to a folder without its trailing slash (use /flaechen/)']


def test_fragments_must_name_an_element(site):
    plant(site, "flaechen/a/index.html", body='<a href="#preise">Preise</a>')
    plant(site, "flaechen/index.html", body='<a href="a/#lage">ok</a><a href="/flaechen/a/#verkehr">Verkehr</a>')
    assert messages(check(site, SITE_URL)) == [
        '/flaechen/: <a href="/flaechen/a/#verkehr"> points to #verkehr, but /flaechen/a/ has no element with that id',
        '/flaechen/a/: <a href="#preise"> points to #preise, but /flaechen/a/ has no element with that id',
    ]


def test_a_missing_file_in_a_stylesheet_is_reported(site):
    (site / "theme/css/site.css").write_text(".x{background:url(\"../img/gone.svg\")}", encoding="utf-8")
    assert messages(check(site, SITE_URL)) == [
        "/theme/css/site.css: url(../img/gone.svg) points to a missing file (theme/img/gone.svg)"]


def test_alternates_must_link_back(site):
    # /flaechen/a/ claims /en/ as its English version, but /en/ names / as its German version.
    plant(site, "flaechen/a/index.html", head='<link rel="alternate" hreflang="de" href="/flaechen/a/">'
                                              '<link rel="alternate" hreflang="en" href="/en/">')
    assert messages(check(site, SITE_URL)) == [
        '/flaechen/a/: hreflang="en" points to /en/, which does not link back']


def test_html_lang_must_match_the_language_a_page_declares_for_itself(site):
    path = site / "en/index.html"
    path.write_text(path.read_text(encoding="utf-8").replace('<html lang="en">', '<html lang="de">'), encoding="utf-8")
    problems = messages(check(site, SITE_URL))
    assert '/en/: <html lang="de"> but the page declares hreflang="en" for itself' in problems
    assert '/: hreflang="en" points to /en/, whose <html lang="de">' in problems


def test_alternates_must_include_the_page_itself(site):
    plant(site, "flaechen/index.html", head='<link rel="alternate" hreflang="en" href="/en/">')
    problems = messages(check(site, SITE_URL))
    assert '/flaechen/: declares hreflang alternates but none for itself (<html lang="de">)' in problems


def test_every_page_needs_a_lang(site):
    path = site / "404.html"
    path.write_text(path.read_text(encoding="utf-8").replace(' lang="de"', ""), encoding="utf-8")
    assert messages(check(site, SITE_URL)) == ["/404.html: <html> has no lang attribute"]
