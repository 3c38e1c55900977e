"""A real S3 API server on 127.0.0.1 for the tests (moto in server mode), and a fake built site."""

import logging
import socket
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

REGION = "eu-central-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server, for the whole test session."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_env(s3_server, monkeypatch, tmp_path):
    """The environment a publish runs in: credentials, region, endpoint; nothing from the machine's ~/.aws."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "S3_PREFIX", "CLOUDFRONT_DISTRIBUTION_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_server)
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", s3_server)
    return s3_server


@pytest.fixture
def bucket(aws_env, monkeypatch):
    """A new, empty bucket; its name is in S3_BUCKET."""
    name = f"ruhr-test-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    monkeypatch.setenv("S3_BUCKET", name)
    return name


def bucket_contents(name, prefix=""):
    """{key: bytes} of every object in the bucket."""
    s3 = boto3.client("s3")
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name, Prefix=prefix)
            for o in page.get("Contents", [])]
    return {key: s3.get_object(Bucket=name, Key=key)["Body"].read() for key in keys}


def page(title, lang="de", css="app.0123456789.css", body=""):
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f'<link rel="stylesheet" href="/theme/css/{css}">\n'
            f'<script src="/theme/js/map.abcdef0123.js" defer></script>\n</head>\n'
            f'<body>\n<h1>{title}</h1>\n{body}\n<img src="/photos/westfalenhuette.jpg" alt="Luftbild">\n'
            f'</body>\n</html>\n')


def make_site(root, version=1):
    """A small built site like the real one (already fingerprinted), in root. Returns root.

    version 2 changes the CSS (new fingerprint, so every page changes), the home pages and one site page,
    adds a site and removes the English Westfalenhütte page.
    """
    css = "app.0123456789.css" if version == 1 else "app.9876543210.css"
    files = {
        "index.html": page("Metropole Ruhr" + (" – neu" if version == 2 else ""), css=css),
        "en/index.html": page("Ruhr metropolis" + (" – new" if version == 2 else ""), "en", css=css),
        "flaechen/index.html": page("Flächen", css=css, body='<a href="/flaechen/dortmund-westfalenhuette/">W</a>'),
        "flaechen/dortmund-westfalenhuette/index.html": page(
            "Westfalenhütte", css=css, body="<p>125.000 m²</p>" if version == 1 else "<p>120.000 m²</p>"),
        "en/sites/index.html": page("Sites", "en", css=css),
        "404.html": page("Nicht gefunden", css=css),
        "theme/css/" + css: f"body {{ font-family: sans-serif; color: {'#222' if version == 1 else '#111'} }}\n",
        "theme/js/map.abcdef0123.js": "document.documentElement.classList.add('js');\n",
        "photos/westfalenhuette.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
        "data/sites.geojson": '{"type": "FeatureCollection", "features": []}\n',
        "feeds/all.atom.xml": '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>\n',
        "erfolgsgeschichten/feed.xml": '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>\n',
        "sitemap.xml": f'<?xml version="1.0" encoding="utf-8"?>\n<urlset v="{version}"/>\n',
        "robots.txt": "User-agent: *\nAllow: /\n",
    }
    if version == 1:
        files["en/sites/dortmund-westfalenhuette/index.html"] = page("Westfalenhütte", "en", css=css)
    else:
        files["flaechen/duisburg-logport/index.html"] = page("logport", css=css)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
    return root
