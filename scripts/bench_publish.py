"""Benchmark: minify/fingerprint and publish a generated site to a local S3 API server; prints figures.

    .venv/bin/python scripts/bench_publish.py [PAGES]

Needs the test requirements (moto[server]). Nothing here asserts a time: it only measures.
"""

import logging
import os
import socket
import sys
import tempfile
import time
from pathlib import Path


import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

from ruhr.site import postprocess  # noqa: E402
from ruhr.publish import sync as publish


def make_site(root, pages):
    (root / "theme/css").mkdir(parents=True)
    (root / "theme/css/app.css").write_text("body{margin:0}\n" * 2000)
    (root / "theme/js").mkdir(parents=True)
    (root / "theme/js/map.js").write_text("var x = 1;\n" * 2000)
    (root / "photos").mkdir()
    for i in range(pages // 5):
        (root / f"photos/site-{i}-800w.webp").write_bytes(os.urandom(50_000))
    for i in range(pages):
        page = root / f"flaechen/site-{i}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>Fläche {i}</title>\n'
                        '<link rel="stylesheet" href="/theme/css/app.css">\n<script src="/theme/js/map.js"></script>\n'
                        f'</head>\n<body>\n<h1>Fläche {i}</h1>\n<img src="/photos/site-{i // 5}-800w.webp" alt="">\n'
                        + "<p>Text text text.</p>\n" * 50 + "</body>\n</html>\n")
    (root / "index.html").write_text((root / "flaechen/site-0/index.html").read_text())
    (root / "sitemap.xml").write_text('<?xml version="1.0"?><urlset/>')


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<40} {time.perf_counter() - start:7.2f} s")
    return result


def main():
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="eu-central-1",
                      AWS_ENDPOINT_URL_S3=f"http://127.0.0.1:{port}", AWS_EC2_METADATA_DISABLED="true")
    boto3.client("s3", region_name="eu-central-1").create_bucket(
        Bucket="bench", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "output"
            make_site(root, pages)
            files = sum(1 for p in root.rglob("*") if p.is_file())
            print(f"site: {pages} pages, {files} files")
            timed("postprocess (minify + fingerprint)", lambda: postprocess.postprocess(root))
            quiet = {"out": lambda line: None}
            plan = timed("first publish", lambda: publish.publish(root, "bench", **quiet))
            print(f"{'':<40} {len(plan.uploads)} uploaded")
            plan = timed("publish without changes", lambda: publish.publish(root, "bench", **quiet))
            print(f"{'':<40} {len(plan.uploads)} uploaded")
            page = root / "flaechen/site-1/index.html"
            page.write_text(page.read_text().replace("Fläche 1<", "Fläche eins<"))
            plan = timed("publish after changing one page", lambda: publish.publish(root, "bench", **quiet))
            print(f"{'':<40} {len(plan.uploads)} uploaded")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
