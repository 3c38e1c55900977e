"""What the quality gates (linkcheck, htmlcheck, browsercheck) report: one problem on one page."""

from typing import NamedTuple


class Problem(NamedTuple):
    page: str  # the page's URL path, e.g. "/flaechen/westfalenhuette/" or "/404.html"
    message: str

    def __str__(self):
        return f"{self.page}: {self.message}"


def page_url(relpath):
    """The URL path of an output file: "flaechen/x/index.html" -> "/flaechen/x/"."""
    if relpath == "index.html":
        return "/"
    if relpath.endswith("/index.html"):
        return f"/{relpath[:-len('index.html')]}"
    return f"/{relpath}"


def report(problems, limit=50):
    """Problems as one readable block for a test failure; the first `limit`, then a count."""
    lines = [str(p) for p in sorted(problems)[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more")
    return "\n".join(lines)
