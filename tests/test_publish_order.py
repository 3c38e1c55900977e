"""The upload order seen from the S3 server's side (moto on 127.0.0.1): when the server stores the first page,
every asset of the site is already in the bucket; the entry points come last, in their order; old objects go
after everything new is in place. (test_publish.py checks the requests the client sent; this checks what the
server held at each moment, so an order that only looks right in the client's log fails here.)"""

import threading

import pytest
from moto.s3.models import S3Backend

from ruhr.publish import sync as publish
from s3server import aws_env, bucket, make_site, s3_server  # noqa: F401
from test_publish import MANIFEST


class ServerLog:
    """Each object the server stores or deletes, with the keys the bucket held just before."""

    def __init__(self, bucket_name, monkeypatch):
        self.events, self.lock = [], threading.Lock()
        put, delete = S3Backend.put_object, S3Backend.delete_objects

        def put_object(backend, bucket_name_, key_name, *args, **kwargs):
            if bucket_name_ == bucket_name:
                with self.lock:
                    self.events.append(("put", key_name, set(backend.get_bucket(bucket_name_).keys.keys())))
            return put(backend, bucket_name_, key_name, *args, **kwargs)

        def delete_objects(backend, bucket_name_, objects, *args, **kwargs):
            if bucket_name_ == bucket_name:
                with self.lock:
                    for obj in objects:
                        key = obj["Key"] if isinstance(obj, dict) else obj[0]
                        self.events.append(("delete", key, set(backend.get_bucket(bucket_name_).keys.keys())))
            return delete(backend, bucket_name_, objects, *args, **kwargs)
        monkeypatch.setattr(S3Backend, "put_object", put_object)
        monkeypatch.setattr(S3Backend, "delete_objects", delete_objects)

    def puts(self):
        return [(key, held) for op, key, held in self.events if op == "put" and key != MANIFEST]


def run(site, bucket_name):
    s3, cloudfront = publish.clients({})
    return publish.publish(site, bucket_name, s3=s3, cloudfront=cloudfront, out=lambda line: None)


def local_names(site):
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


ENTRY_POINTS = ["index.html", "en/index.html", "sitemap.xml"]


@pytest.mark.parametrize("version", [1, 2])
def test_every_asset_is_on_the_server_before_the_first_page(tmp_path, bucket, monkeypatch, version):
    if version == 2:  # an update: a new stylesheet (new fingerprint) that every changed page links to
        run(make_site(tmp_path / "v1"), bucket)
    site = make_site(tmp_path / f"v{version}", version=version)
    log = ServerLog(bucket, monkeypatch)
    run(site, bucket)

    puts = log.puts()
    pages = [i for i, (key, _) in enumerate(puts) if key.endswith(".html")]
    assets = {name for name in local_names(site) if not name.endswith(".html") and name not in ENTRY_POINTS}
    uploaded_assets = {key for key, _ in puts if key in assets}
    assert pages and uploaded_assets, puts
    # When the server stores the first page, every asset of this version is already there.
    assert assets <= puts[pages[0]][1], sorted(assets - puts[pages[0]][1])
    # The entry points are stored last, in their order, after every other page.
    assert [key for key, _ in puts[-3:]] == ENTRY_POINTS
    others = local_names(site) - set(ENTRY_POINTS)
    assert others <= puts[-3][1], sorted(others - puts[-3][1])


def test_old_objects_are_deleted_after_the_new_ones_are_stored(tmp_path, bucket, monkeypatch):
    run(make_site(tmp_path / "v1"), bucket)
    site = make_site(tmp_path / "v2", version=2)
    log = ServerLog(bucket, monkeypatch)
    run(site, bucket)
    deletes = [(key, held) for op, key, held in log.events if op == "delete"]
    # (the old fingerprinted stylesheet stays a while for pages still cached elsewhere: docs/publishing.md)
    assert [key for key, _ in deletes] == ["en/sites/dortmund-westfalenhuette/index.html"]
    first_delete = next(i for i, (op, _, _) in enumerate(log.events) if op == "delete")
    assert all(op == "delete" or key == MANIFEST for op, key, _ in log.events[first_delete:])
    assert local_names(site) <= deletes[0][1]  # the whole new site was in place before the first deletion
