"""Data freshness: sites whose facts were last verified longer ago than RUHR_STALE_AFTER_DAYS, and DGS pages
still without their video.

These are warnings for the editors (`invoke check` prints them); they never stop the build.
"""

import datetime

from ruhr import settings as ruhr_settings
from ruhr.editor.cli import raw_files
from ruhr.core.validate import Problem


def stale_sites(settings, today=None, files=None):
    """A Problem (as a warning) for each site whose `last_verified` is too old. `files`: cli.raw_files()."""
    today = today or datetime.date.today()
    limit = ruhr_settings.get(settings, "RUHR_STALE_AFTER_DAYS")
    languages = ruhr_settings.get(settings, "RUHR_LANGUAGES")
    warnings = []
    for kind, _, lang, path, meta, lines, _ in files or raw_files(settings["PATH"], languages):
        verified = meta.get("last_verified")
        if kind != "site" or lang != languages[0] or not isinstance(verified, datetime.date):
            continue
        days = (today - verified).days
        if days > limit:
            source = meta.get("source") or "the source"
            warnings.append(Problem(path, lines.get(("last_verified",), 1), "last_verified",
                                    f"facts last verified on {verified.isoformat()}, {days} days ago (more than "
                                    f"{limit}) — check them with {source}, then set last_verified to that day"))
    return warnings


def missing_videos(files):
    """A Problem (as a warning) for each DGS page without a video: the demo ships none, and nothing fake may
    stand in for one. `files`: cli.raw_files()."""
    return [Problem(path, lines.get(("videos",), lines.get(("form",), 1)), "videos",
                    "no DGS video yet — add the video (MP4 or WebM), its poster and captions under `videos:` "
                    "(files in content/videos/); until then the page says the videos are being produced")
            for kind, _, _, path, meta, lines, _ in files
            if kind == "access" and meta.get("form") == "sign_language" and not meta.get("videos")]
