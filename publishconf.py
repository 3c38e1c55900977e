"""Settings for the published site: pelicanconf.py plus the public address and the strictest checks.

`invoke publish` builds with this file (the build treats every warning as an error anyway).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "https://standorte.metropole.ruhr.example")
RELATIVE_URLS = False
RUHR_CONTENT_CACHE = False  # a publish build reads everything afresh
RUHR_POSTPROCESS = True  # minify and fingerprint (plugins/ruhr/site/postprocess.py) before the output is swapped in
