"""ruhr.publish.sync against a real S3 API server (moto in server mode) on 127.0.0.1."""

import base64
import hashlib
import http.client
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError

ROOT = Path(__file__).resolve().parent.parent

from ruhr.publish import sync as publish  # noqa: E402
from s3server import aws_env, bucket, bucket_contents, make_site, s3_server  # noqa: E402,F401

IMMUTABLE = "public, max-age=31536000, immutable"
DOCUMENT = "public, max-age=300, must-revalidate"
MANIFEST = ".publish-manifest.json"


class Recorder:
    """The S3 requests a publish makes, in order, seen through botocore's event hooks of a real client."""

    def __init__(self, fail_after_uploads=None, fail_on=None):
        self.s3, self.cloudfront = publish.clients({})
        self.calls = []
        self.fail_after_uploads = fail_after_uploads
        self.fail_on = fail_on  # (operation, key) -> True: that request fails as an interrupted connection
        self.lock = threading.Lock()
        self.s3.meta.events.register("before-parameter-build.s3", self.record)

    def record(self, model, params, **kwargs):
        with self.lock:
            if model.name == "PutObject" and self.fail_after_uploads is not None:
                if len(self.uploaded()) >= self.fail_after_uploads:
                    raise EndpointConnectionError(endpoint_url="http://127.0.0.1 (injected failure)")
            if self.fail_on and self.fail_on(model.name, params.get("Key")):
                raise EndpointConnectionError(endpoint_url="http://127.0.0.1 (injected interruption)")
            if model.name == "DeleteObjects":
                self.calls.append((model.name, [o["Key"] for o in params["Delete"]["Objects"]]))
            else:
                self.calls.append((model.name, params.get("Key")))

    def uploaded(self):
        return [key for op, key in self.calls if op == "PutObject" and key != MANIFEST]

    def ops(self, name):
        return [key for op, key in self.calls if op == name]

    def run(self, output, bucket, **kwargs):
        lines = []
        plan = publish.publish(output, bucket, s3=self.s3, cloudfront=self.cloudfront, out=lines.append, **kwargs)
        return plan, lines


def local_files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def site_in_bucket(name):
    contents = bucket_contents(name)
    contents.pop(MANIFEST, None)
    return contents


def test_first_publish_uploads_every_file_with_headers_in_a_safe_order(tmp_path, bucket):
    site = make_site(tmp_path / "v1")
    rec = Recorder()
    plan, _ = rec.run(site, bucket)

    assert site_in_bucket(bucket) == local_files(site)
    assert {f.name: reason for f, reason in plan.uploads} == {name: "new" for name in local_files(site)}
    uploads = rec.uploaded()
    assert uploads[-3:] == ["index.html", "en/index.html", "sitemap.xml"]
    first_page = min(i for i, key in enumerate(uploads) if key.endswith(".html"))
    assert all(not key.endswith(".html") for key in uploads[:first_page])
    assert rec.ops("PutObject")[-1] == MANIFEST

    s3 = boto3.client("s3")
    expected = {
        "index.html": ("text/html; charset=utf-8", DOCUMENT),
        "flaechen/dortmund-westfalenhuette/index.html": ("text/html; charset=utf-8", DOCUMENT),
        "theme/css/app.0123456789.css": ("text/css; charset=utf-8", IMMUTABLE),
        "theme/js/map.abcdef0123.js": ("text/javascript; charset=utf-8", IMMUTABLE),
        "photos/westfalenhuette.jpg": ("image/jpeg", "public, max-age=3600, must-revalidate"),
        "data/sites.geojson": ("application/geo+json; charset=utf-8", DOCUMENT),
        "feeds/all.atom.xml": ("application/atom+xml; charset=utf-8", DOCUMENT),
        "erfolgsgeschichten/feed.xml": ("application/atom+xml; charset=utf-8", DOCUMENT),  # told by its content
        "sitemap.xml": ("application/xml; charset=utf-8", DOCUMENT),
        "robots.txt": ("text/plain; charset=utf-8", DOCUMENT),
    }
    for key, (ctype, cache) in expected.items():
        head = s3.head_object(Bucket=bucket, Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (ctype, cache), key
        assert len(head["Metadata"]["sha256"]) == 64


def test_second_publish_without_change_uploads_nothing(tmp_path, bucket):
    site = make_site(tmp_path / "v1")
    Recorder().run(site, bucket)
    rec = Recorder()
    plan, lines = rec.run(site, bucket)
    assert plan.uploads == [] and plan.deletions == []
    assert rec.ops("PutObject") == [] and rec.ops("HeadObject") == [] and rec.ops("DeleteObjects") == []
    assert "0 uploaded, 0 deleted" in lines[-1]


def test_after_editing_one_page_only_that_page_uploads(tmp_path, bucket):
    site = make_site(tmp_path / "v1")
    Recorder().run(site, bucket)
    edited = site / "flaechen/dortmund-westfalenhuette/index.html"
    edited.write_text(edited.read_text().replace("125.000", "120.000"))
    rec = Recorder()
    plan, _ = rec.run(site, bucket)
    assert [(f.name, reason) for f, reason in plan.uploads] == [
        ("flaechen/dortmund-westfalenhuette/index.html", "changed")]
    assert rec.uploaded() == ["flaechen/dortmund-westfalenhuette/index.html"]
    assert site_in_bucket(bucket) == local_files(site)


def test_new_version_uploads_what_changed_and_deletes_last(tmp_path, bucket):
    Recorder().run(make_site(tmp_path / "v1"), bucket)
    v2 = make_site(tmp_path / "v2", version=2)
    rec = Recorder()
    plan, _ = rec.run(v2, bucket, settings={"RUHR_PUBLISH_KEEP_OLD_ASSETS": 0})

    uploaded = set(rec.uploaded())
    assert "theme/js/map.abcdef0123.js" not in uploaded and "photos/westfalenhuette.jpg" not in uploaded
    assert {"theme/css/app.9876543210.css", "flaechen/duisburg-logport/index.html", "index.html"} <= uploaded
    assert dict(plan.deletions) == {"en/sites/dortmund-westfalenhuette/index.html": "not in the output",
                                    "theme/css/app.0123456789.css": "not in the output"}
    order = rec.uploaded()
    assert order.index("flaechen/duisburg-logport/index.html") < order.index("flaechen/index.html")
    assert order[-3:] == ["index.html", "en/index.html", "sitemap.xml"]
    ops = [op for op, _ in rec.calls]
    assert ops.index("DeleteObjects") > max(i for i, op in enumerate(ops) if op == "PutObject" and
                                            rec.calls[i][1] != MANIFEST)
    assert site_in_bucket(bucket) == local_files(v2)


def test_old_fingerprinted_assets_stay_for_a_while(tmp_path, bucket):
    Recorder().run(make_site(tmp_path / "v1"), bucket, now=1_000_000)
    v2 = make_site(tmp_path / "v2", version=2)
    plan, _ = Recorder().run(v2, bucket, now=1_000_000)
    assert [name for name, _ in plan.deletions] == ["en/sites/dortmund-westfalenhuette/index.html"]
    assert [name for name, _ in plan.kept] == ["theme/css/app.0123456789.css"]
    assert "theme/css/app.0123456789.css" in site_in_bucket(bucket)
    # A week later (by the clock given to publish), it goes.
    plan, _ = Recorder().run(v2, bucket, now=1_000_000 + 7 * 24 * 3600)
    assert [name for name, _ in plan.deletions] == ["theme/css/app.0123456789.css"]
    assert site_in_bucket(bucket) == local_files(v2)


def referenced_assets(html):
    return re.findall(r'(?:href|src)="/((?:theme|photos)/[^"]+)"', html)


def test_failure_halfway_leaves_the_published_site_whole_and_a_rerun_finishes(tmp_path, bucket):
    v1 = make_site(tmp_path / "v1")
    Recorder().run(v1, bucket)
    before = site_in_bucket(bucket)
    v2 = make_site(tmp_path / "v2", version=2)

    failing = Recorder(fail_after_uploads=4)
    with pytest.raises(publish.PublishError, match="cannot reach the storage endpoint"):
        failing.run(v2, bucket, settings={"RUHR_PUBLISH_KEEP_OLD_ASSETS": 0, "RUHR_PUBLISH_WORKERS": 1})
    assert len(failing.uploaded()) == 4
    assert failing.ops("DeleteObjects") == []

    during = site_in_bucket(bucket)
    # Nothing was deleted, the home pages and sitemap are still the old ones, every page is readable and
    # every asset a page uses is there.
    assert set(before) <= set(during)
    for name in ("index.html", "en/index.html", "sitemap.xml"):
        assert during[name] == before[name]
    for name, body in during.items():
        if name.endswith(".html"):
            for asset in referenced_assets(body.decode()):
                assert asset in during, f"{name} uses {asset}, which is missing"

    rerun = Recorder()
    plan, _ = rerun.run(v2, bucket, settings={"RUHR_PUBLISH_KEEP_OLD_ASSETS": 0})
    assert not set(rerun.uploaded()) & set(failing.uploaded())  # what got through is not uploaded again
    assert site_in_bucket(bucket) == local_files(v2)
    again, _ = Recorder().run(v2, bucket)
    assert again.uploads == [] and again.deletions == []


def test_editing_one_site_of_the_real_site_uploads_only_the_pages_that_show_it(project, bucket):
    from ruhr.site import postprocess

    assert project.build()[0] == 0
    postprocess.postprocess(project.output)
    Recorder().run(project.output, bucket)
    rec = Recorder()
    rec.run(project.output, bucket)
    assert rec.uploaded() == []

    project.edit("content/sites/dortmund-kanalbogen.de.md", "Sanierte Fläche", "Sanierte Industriefläche")
    assert project.build()[0] == 0
    postprocess.postprocess(project.output)
    rec = Recorder()
    # (Replaced search index files would otherwise stay in the bucket for a week, like old assets.)
    plan, _ = rec.run(project.output, bucket, settings={"RUHR_PUBLISH_KEEP_OLD_ASSETS": 0})
    showing = {name for name, body in local_files(project.output).items()
               if name.endswith((".html", ".xml")) and "Sanierte Industriefläche".encode() in body}  # pages, feeds
    assert any("kanalbogen" in name for name in showing), showing
    # ... and the search index (ruhr.site.search): Pagefind's files for the changed text, in pagefind/.
    search_index = {name for name in rec.uploaded() if name.startswith("pagefind/")}
    assert set(rec.uploaded()) - search_index == showing
    assert site_in_bucket(bucket) == local_files(project.output)


def test_dry_run_prints_the_plan_and_changes_nothing(tmp_path, bucket):
    Recorder().run(make_site(tmp_path / "v1"), bucket, now=0)
    before = bucket_contents(bucket)
    rec = Recorder()
    plan, lines = rec.run(make_site(tmp_path / "v2", version=2), bucket, dry_run=True, now=0,
                          distribution_id="E123EXAMPLE")
    assert rec.ops("PutObject") == [] and rec.ops("DeleteObjects") == []
    assert bucket_contents(bucket) == before
    assert "upload  theme/css/app.9876543210.css  (new)" in lines
    assert "upload  index.html  (changed)" in lines
    assert "delete  en/sites/dortmund-westfalenhuette/index.html  (not in the output)" in lines
    assert any(line.startswith("keep    theme/css/app.0123456789.css  (old asset, kept until") for line in lines)
    invalidate = next(line for line in lines if line.startswith("invalidate"))
    assert " / " in invalidate and "/en/sites/dortmund-westfalenhuette/" in invalidate
    assert "app.9876543210.css" not in invalidate
    assert lines[-1].endswith("(dry run: nothing changed)")


def test_prefix_keeps_the_site_under_it(tmp_path, bucket):
    site = make_site(tmp_path / "v1")
    Recorder().run(site, bucket, prefix="/preview/")
    assert set(bucket_contents(bucket)) == {"preview/" + name for name in local_files(site)} | {
        "preview/" + MANIFEST}


def test_objects_changed_behind_its_back_are_found_by_hash(tmp_path, bucket):
    site = make_site(tmp_path / "v1")
    Recorder().run(site, bucket)
    s3 = boto3.client("s3")
    s3.put_object(Bucket=bucket, Key="404.html", Body=b"tampered")  # new ETag, no sha256 metadata
    plan, _ = Recorder().run(site, bucket)
    assert [(f.name, reason) for f, reason in plan.uploads] == [("404.html", "changed")]
    assert site_in_bucket(bucket) == local_files(site)


def test_cloudfront_invalidation_of_changed_pages(tmp_path, bucket):
    cloudfront = boto3.client("cloudfront")
    distribution = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": bucket, "Comment": "test", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "s3", "DomainName": f"{bucket}.s3.amazonaws.com",
                                               "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https",
                                 "MinTTL": 0, "ForwardedValues": {"QueryString": False,
                                                                  "Cookies": {"Forward": "none"}},
                                 "TrustedSigners": {"Enabled": False, "Quantity": 0}},
    })["Distribution"]["Id"]
    site = make_site(tmp_path / "v1")
    Recorder().run(site, bucket)
    edited = site / "flaechen/dortmund-westfalenhuette/index.html"
    edited.write_text(edited.read_text().replace("125.000", "120.000"))
    # moto 5.2.5 has no response-headers policies: test_cdn_headers.py checks the policy against the API model.
    Recorder().run(site, bucket, distribution_id=distribution, settings={"RUHR_PUBLISH_CDN_HEADERS": False})
    invalidations = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]["Items"]
    assert len(invalidations) == 1
    paths = cloudfront.get_invalidation(DistributionId=distribution, Id=invalidations[0]["Id"])[
        "Invalidation"]["InvalidationBatch"]["Paths"]["Items"]
    assert sorted(paths) == ["/flaechen/dortmund-westfalenhuette/", "/flaechen/dortmund-westfalenhuette/index.html"]


class FlakyProxy(http.server.ThreadingHTTPServer):
    """An HTTP proxy to the S3 server that answers the first upload of some keys with 503 Slow Down."""

    def __init__(self, upstream, flaky_keys):
        self.upstream = upstream.split("//")[1]
        self.flaky = set(flaky_keys)
        self.failed = []
        self.requests = []  # (method, path, headers)
        super().__init__(("127.0.0.1", 0), ProxyHandler)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        key = self.path.split("?")[0].split("/", 2)[-1]
        if self.command == "PUT" and key in self.server.flaky:
            self.server.flaky.discard(key)
            self.server.failed.append(key)
            error = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
            self.send_response(503)
            self.send_header("Content-Length", str(len(error)))
            self.end_headers()
            self.wfile.write(error)
            return
        upstream = http.client.HTTPConnection(self.server.upstream)
        upstream.request(self.command, self.path, body=body, headers=dict(self.headers))
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = forward


def test_transient_errors_are_retried(tmp_path, bucket, s3_server, monkeypatch):
    proxy = FlakyProxy(s3_server, ["index.html", "theme/css/app.0123456789.css"])
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{proxy.server_address[1]}")
    try:
        site = make_site(tmp_path / "v1")
        Recorder().run(site, bucket)
    finally:
        proxy.shutdown()
    assert sorted(proxy.failed) == ["index.html", "theme/css/app.0123456789.css"]
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_server)
    assert site_in_bucket(bucket) == local_files(site)


def test_bulk_deletes_carry_content_md5(tmp_path, bucket, s3_server, monkeypatch):
    """Providers other than AWS often accept no other checksum on DeleteObjects."""
    Recorder().run(make_site(tmp_path / "v1"), bucket)
    proxy = FlakyProxy(s3_server, [])
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{proxy.server_address[1]}")
    try:
        Recorder().run(make_site(tmp_path / "v2", version=2), bucket, settings={"RUHR_PUBLISH_KEEP_OLD_ASSETS": 0})
    finally:
        proxy.shutdown()
    deletes = [(headers, body) for method, path, headers, body in proxy.requests
               if method == "POST" and path.endswith("?delete")]
    assert len(deletes) == 1
    headers, body = deletes[0]
    assert headers["Content-MD5"] == base64.b64encode(hashlib.md5(body).digest()).decode()


def test_a_folder_published_on_its_own_is_left_alone(tmp_path, bucket):
    Recorder().run(make_site(tmp_path / "preview"), bucket, prefix="preview")
    preview = bucket_contents(bucket)
    plan, _ = Recorder().run(make_site(tmp_path / "v1"), bucket)
    assert plan.deletions == []
    contents = bucket_contents(bucket)
    assert {k: v for k, v in contents.items() if k.startswith("preview/")} == preview


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ruhr.publish.sync", *args], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})))


def assert_one_line_error(result, *words):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("publish: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_cli_dry_run(tmp_path, bucket):
    # Unset secrets in CI arrive as empty variables.
    empty = {name: "" for name in ("AWS_DEFAULT_REGION", "AWS_PROFILE", "S3_PREFIX", "CLOUDFRONT_DISTRIBUTION_ID")}
    result = run_cli("--dry-run", str(make_site(tmp_path / "v1")), env=empty)
    assert result.returncode == 0, result.stderr
    assert "upload  index.html  (new)" in result.stdout
    assert bucket_contents(bucket) == {}


def test_missing_bucket_is_a_one_line_error(tmp_path, aws_env):
    result = run_cli(str(make_site(tmp_path / "v1")), env={"S3_BUCKET": "no-such-bucket-here"})
    assert_one_line_error(result, "bucket 'no-such-bucket-here' does not exist", "S3_BUCKET")


def test_missing_bucket_setting_is_a_one_line_error(tmp_path, aws_env, monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    assert_one_line_error(run_cli(str(make_site(tmp_path / "v1"))), "S3_BUCKET is not set")


def test_missing_credentials_are_a_one_line_error(tmp_path, bucket, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert_one_line_error(run_cli(str(make_site(tmp_path / "v1"))), "no AWS credentials", "AWS_ACCESS_KEY_ID")


def test_missing_output_is_a_one_line_error(tmp_path, bucket):
    assert_one_line_error(run_cli(str(tmp_path / "nothing")), "build the site first")
    (tmp_path / "empty").mkdir()
    assert_one_line_error(run_cli(str(tmp_path / "empty")), "has no index.html")


def test_unreachable_endpoint_is_a_one_line_error(tmp_path, bucket, monkeypatch):
    from s3server import free_port

    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(publish.PublishError, match="cannot reach the storage endpoint .* check AWS_ENDPOINT_URL_S3"):
        publish.publish_from_environment(make_site(tmp_path / "v1"), {"RUHR_PUBLISH_MAX_ATTEMPTS": 1})


def test_access_denied_is_explained():
    from botocore.exceptions import ClientError

    error = ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "PutObject")
    message = publish.explain(error, "ruhr-site")
    assert message.startswith("access denied to bucket 'ruhr-site' (PutObject)") and "\n" not in message


STEPS = {  # the request that fails, so that the publish stops right after the step named
    "after the assets": lambda op, key: op == "PutObject" and key.endswith(".html") and key not in ENTRIES,
    "after the pages": lambda op, key: op == "PutObject" and key in ENTRIES,
    "after the entry points": lambda op, key: op == "DeleteObjects",
    "after the deletions": lambda op, key: op == "PutObject" and key == MANIFEST,
}
ENTRIES = ("index.html", "en/index.html", "sitemap.xml")


@pytest.mark.parametrize("step", STEPS)
def test_an_interruption_after_each_step_leaves_a_whole_site_and_a_rerun_completes(tmp_path, bucket, step):
    v1 = make_site(tmp_path / "v1")
    Recorder().run(v1, bucket)
    v2 = make_site(tmp_path / "v2", version=2)
    settings = {"RUHR_PUBLISH_KEEP_OLD_ASSETS": 0, "RUHR_PUBLISH_WORKERS": 1}
    with pytest.raises(publish.PublishError) as failed:
        Recorder(fail_on=STEPS[step]).run(v2, bucket, settings=settings)
    message = str(failed.value)
    assert "\n" not in message and "check" in message, message  # one line that says what to do
    during = site_in_bucket(bucket)
    for name, body in during.items():  # every page in the bucket has every asset it uses
        if name.endswith(".html"):
            for asset in referenced_assets(body.decode()):
                assert asset in during, f"{step}: {name} uses {asset}, which is missing"
    plan, _ = Recorder().run(v2, bucket, settings=settings)
    assert site_in_bucket(bucket) == local_files(v2)
    again, _ = Recorder().run(v2, bucket, settings=settings)
    assert again.uploads == [] and again.deletions == [] and not again.manifest_changed
