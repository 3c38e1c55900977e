"""DGS videos (docs/roles.md): the files the access pages name (video, poster, captions) are copied from
content/<RUHR_VIDEO_PATH>/ to the same folder of the output, and each video gets its size for the download
link. The demo ships no video: `invoke check` warns while a DGS page has none.
"""

import logging
import os

from ruhr import settings as ruhr_settings
from ruhr.util.files import write_if_changed

logger = logging.getLogger(__name__)


def add_videos(model, generator):
    """Receiver of `model_ready`: copy the access pages' video files; set `video.size` (bytes) and
    `video.url` / `poster_url` / `captions_url` on each video entry."""
    folder = ruhr_settings.get(generator.settings, "RUHR_VIDEO_PATH")
    source = os.path.join(generator.path, folder)
    for lang in model.languages:
        for page in model.access[lang]:
            for video in page.videos or []:
                for name in ("file", "poster", "captions"):
                    with open(os.path.join(source, video[name]), "rb") as fh:
                        data = fh.read()
                    write_if_changed(os.path.join(generator.output_path, folder, video[name]), data)
                    video[name.replace("file", "video") + "_url"] = f"/{folder}/{video[name]}"
                    if name == "file":
                        video["size"] = len(data)
