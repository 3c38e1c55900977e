"""Publish a built site folder to S3-compatible object storage, in an order that never shows a broken page.

    python -m ruhr.publish.sync [--dry-run] [--settings publishconf.py] OUTPUT_DIR

Configuration comes from the environment: `S3_BUCKET` (required), `S3_PREFIX` (optional), the standard AWS
variables for credentials, region and endpoint (`AWS_ENDPOINT_URL_S3` for a provider other than AWS) and,
optionally, `CLOUDFRONT_DISTRIBUTION_ID`. Settings (Cache-Control values, retries, ...) are read with their
defaults from `ruhr.settings`.

What is in the bucket is compared by content hash (SHA-256, stored in each object's metadata), never by
time. A manifest object remembers the hash and ETag of every object published, so a publish without changes
makes three requests (HEAD bucket, LIST, GET manifest); an object whose ETag no longer matches the manifest
is looked at with HEAD.

Order: new and changed assets (everything but pages), then pages, then the entry points (home pages,
sitemap), then deletions of objects no longer in the output; a failure at any step stops before the next,
so visitors see the old site, or the old site with some new assets, until the new pages are all there.
"""

import argparse
import base64
import concurrent.futures
import hashlib
import itertools
import json
import logging
import mimetypes
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError

from ruhr import settings as ruhr_settings
from ruhr.publish import cdnheaders

log = logging.getLogger(__name__)

ASSET, PAGE, ENTRY = 0, 1, 2  # upload stages, in order
STAGE_NAMES = {ASSET: "assets", PAGE: "pages", ENTRY: "entry points (home pages, sitemap)"}

ATOM_NAMESPACE = b"http://www.w3.org/2005/Atom"
# Content types by ending; a fresh MimeTypes() (Python's built-in table, not the machine's) for the rest.
CONTENT_TYPES = {
    ".atom.xml": "application/atom+xml",
    ".rss.xml": "application/rss+xml",
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".geojson": "application/geo+json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".csv": "text/csv",
    ".vcf": "text/vcard",
    ".ics": "text/calendar",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
}
TEXT_TYPES = ("application/json", "application/geo+json", "application/manifest+json", "application/xml",
              "application/atom+xml", "application/rss+xml", "image/svg+xml")
MEDIA_TYPES = ("image/", "font/", "audio/", "video/", "application/pdf")
_mimetypes = mimetypes.MimeTypes()
EMPTY_MEANS_UNSET = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                     "AWS_ENDPOINT_URL_CLOUDFRONT", "AWS_PROFILE", "AWS_SESSION_TOKEN")


class PublishError(Exception):
    """A problem the user can fix; the message is one line that says what to do."""


@dataclass(frozen=True)
class LocalFile:
    name: str  # path relative to the output folder, with "/"
    path: Path
    sha256: str
    content_type: str
    cache_control: str
    stage: int

    def headers(self):
        return {"content_type": self.content_type, "cache_control": self.cache_control}


@dataclass
class Plan:
    uploads: list = field(default_factory=list)  # [(LocalFile, reason)] in upload order
    deletions: list = field(default_factory=list)  # [(name, reason)]
    kept: list = field(default_factory=list)  # [(name, reason)]: old assets kept for a while
    unchanged: int = 0
    manifest: dict = field(default_factory=dict)  # what the bucket holds once the plan is carried out
    manifest_changed: bool = False

    def lines(self):
        for f, reason in self.uploads:
            yield f"upload  {f.name}  ({reason})"
        for name, reason in self.deletions:
            yield f"delete  {name}  ({reason})"
        for name, reason in self.kept:
            yield f"keep    {name}  ({reason})"

    def summary(self, done=False):
        upload, delete = ("uploaded", "deleted") if done else ("to upload", "to delete")
        return (f"{len(self.uploads)} {upload}, {len(self.deletions)} {delete}, "
                f"{len(self.kept)} old assets kept, {self.unchanged} unchanged")


def content_type(name, head=b""):
    """The Content-Type header for a file name, with charset for text. `head`, the start of an .xml file,
    tells an Atom feed (our feeds are called feed.xml or <district>.xml) from other XML."""
    lower = name.lower()
    ctype = next((t for end, t in CONTENT_TYPES.items() if lower.endswith(end)), None)
    ctype = ctype or _mimetypes.guess_type(lower, strict=False)[0] or "application/octet-stream"
    if ctype == "application/xml" and ATOM_NAMESPACE in head:
        ctype = "application/atom+xml"
    if ctype.startswith("text/") or ctype in TEXT_TYPES:
        ctype += "; charset=utf-8"
    return ctype


def _head(path, size=512):
    with open(path, "rb") as f:
        return f.read(size)


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def scan(output_dir, settings):
    """Every file of the output folder as a LocalFile, by name."""
    cache_control = ruhr_settings.get(settings, "RUHR_PUBLISH_CACHE_CONTROL")
    fingerprinted = re.compile(ruhr_settings.get(settings, "RUHR_PUBLISH_FINGERPRINT_PATTERN"))
    last = ruhr_settings.get(settings, "RUHR_PUBLISH_LAST")
    files = {}
    for path in sorted(p for p in Path(output_dir).rglob("*") if p.is_file()):
        name = path.relative_to(output_dir).as_posix()
        ctype = content_type(name, _head(path) if name.lower().endswith(".xml") else b"")
        if fingerprinted.search(name):
            kind = "immutable"
        elif ctype.startswith(MEDIA_TYPES):
            kind = "other"
        else:
            kind = "document"
        if name in last:
            stage = ENTRY
        elif ctype.startswith("text/html"):
            stage = PAGE
        else:
            stage = ASSET
        files[name] = LocalFile(name, path, sha256_file(path), ctype, cache_control[kind], stage)
    if "index.html" not in files:
        raise PublishError(f"{output_dir} has no index.html: build the site first (invoke publish does)")
    return files


def upload_order(files, settings):
    """Assets, then pages, then the entry points in the order of RUHR_PUBLISH_LAST."""
    last = ruhr_settings.get(settings, "RUHR_PUBLISH_LAST")
    return sorted(files, key=lambda f: (f.stage, last.index(f.name) if f.stage == ENTRY else 0, f.name))


class Bucket:
    """The objects under one prefix of one bucket, and how to change them."""

    def __init__(self, s3, name, prefix=""):
        self.s3, self.name = s3, name
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def key(self, name):
        return self.prefix + name

    def check(self):
        self.s3.head_bucket(Bucket=self.name)

    def list(self):
        """{name: ETag} of every object under the prefix."""
        objects = {}
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                objects[obj["Key"][len(self.prefix):]] = obj["ETag"]
        return objects

    def head(self, name):
        """{sha256, content_type, cache_control} of an object, as published."""
        head = self.s3.head_object(Bucket=self.name, Key=self.key(name))
        return {"sha256": head.get("Metadata", {}).get("sha256"), "content_type": head.get("ContentType"),
                "cache_control": head.get("CacheControl")}

    def read_json(self, name):
        try:
            body = self.s3.get_object(Bucket=self.name, Key=self.key(name))["Body"].read()
        except ClientError as e:
            if e.response["Error"]["Code"] in ("NoSuchKey", "404"):
                return {}
            raise
        try:
            return json.loads(body)
        except ValueError:
            log.warning("publish: ignoring unreadable %s in the bucket", name)
            return {}

    def upload(self, f):
        """Put a local file; the ETag of the new object."""
        body = f.path.read_bytes()
        if hashlib.sha256(body).hexdigest() != f.sha256:
            raise PublishError(f"{f.path} changed while publishing: build again, then publish")
        response = self.s3.put_object(Bucket=self.name, Key=self.key(f.name), Body=body,
                                      ContentType=f.content_type, CacheControl=f.cache_control,
                                      Metadata={"sha256": f.sha256})
        return response["ETag"]

    def write_json(self, name, data):
        self.s3.put_object(Bucket=self.name, Key=self.key(name), Body=json.dumps(data, indent=1, sort_keys=True),
                           ContentType="application/json; charset=utf-8", CacheControl="no-store")

    def delete(self, names):
        for start in range(0, len(names), 1000):
            batch = names[start:start + 1000]
            try:
                response = self.s3.delete_objects(
                    Bucket=self.name, Delete={"Objects": [{"Key": self.key(n)} for n in batch], "Quiet": True})
            except ClientError as e:
                if e.response["Error"]["Code"] not in ("NotImplemented", "MethodNotAllowed"):
                    raise
                log.info("publish: the provider has no bulk delete; deleting one by one")
                for name in batch:
                    self.s3.delete_object(Bucket=self.name, Key=self.key(name))
                continue
            for error in response.get("Errors", []):
                raise ClientError({"Error": error}, "DeleteObjects")


def remote_state(bucket, local, manifest_name, workers):
    """What the bucket holds: ({name: ETag}, {name: published headers and sha256}, manifest).

    Only objects that also exist locally need their hash; the manifest gives it when the ETag still
    matches, otherwise a HEAD request does.
    """
    listing = bucket.list()
    listing.pop(manifest_name, None)
    # A folder with its own manifest is another publish's (e.g. S3_PREFIX=preview/ in the same bucket).
    others = tuple(name[: -len(manifest_name)] for name in listing if name.endswith("/" + manifest_name))
    for folder in others:
        log.info("publish: leaving %s alone: another publish's folder", folder)
    listing = {name: etag for name, etag in listing.items() if not name.startswith(others) or name in local}
    manifest = bucket.read_json(manifest_name)
    known = manifest.get("objects", {})
    published, to_head = {}, []
    for name, etag in listing.items():
        if name not in local:
            continue
        entry = known.get(name)
        if entry and entry.get("etag") == etag:
            published[name] = entry
        else:
            to_head.append(name)
    if to_head:
        log.info("publish: reading the hashes of %d objects", len(to_head))
        for name, head in zip(to_head, run_all(bucket.head, to_head, workers)):
            published[name] = dict(head, etag=listing[name])
    return listing, published, manifest


def run_all(fn, items, workers):
    """fn(item) for every item, in threads; the results in order. The first error stops the rest."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fn, item) for item in items]
        done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_EXCEPTION)
        for future in futures:
            if future in done and future.exception():
                for other in futures:
                    other.cancel()
                raise future.exception()
        return [future.result() for future in futures]


def make_plan(local, listing, published, manifest, settings, now):
    """Compare the output folder with the bucket: what to upload, delete and keep."""
    plan = Plan()
    objects = {}
    for f in upload_order(local.values(), settings):
        remote = published.get(f.name)
        if remote is None:
            reason = "new"
        elif remote.get("sha256") != f.sha256:
            reason = "changed"
        elif {k: remote.get(k) for k in ("content_type", "cache_control")} != f.headers():
            reason = "headers changed"
        else:
            plan.unchanged += 1
            objects[f.name] = remote
            continue
        plan.uploads.append((f, reason))
    # Assets and pages: new ones before changed ones, as a changed listing may link to a new page.
    plan.uploads.sort(key=lambda u: (u[0].stage, u[0].stage != ENTRY and u[1] != "new"))

    fingerprinted = re.compile(ruhr_settings.get(settings, "RUHR_PUBLISH_FINGERPRINT_PATTERN"))
    keep_for = ruhr_settings.get(settings, "RUHR_PUBLISH_KEEP_OLD_ASSETS")
    old_retired = manifest.get("retired", {})
    retired = {}
    gone = [name for name in listing if name not in local]
    # Pages before the assets they use (the reverse of the upload order).
    for name in sorted(gone, key=lambda n: (not n.endswith(".html"), n)):
        since = old_retired.get(name, now)
        if keep_for and fingerprinted.search(name) and now - since < keep_for:
            retired[name] = since
            until = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(since + keep_for))
            plan.kept.append((name, f"old asset, kept until {until}"))
        else:
            plan.deletions.append((name, "not in the output"))
    plan.manifest = {"objects": objects, "retired": retired}
    plan.manifest_changed = bool(plan.uploads or plan.deletions) or (
        {"objects": manifest.get("objects", {}), "retired": old_retired} != plan.manifest)
    return plan


def invalidation_paths(plan, settings):
    """CDN paths of the documents (not fingerprinted files) that changed or went away."""
    cache_control = ruhr_settings.get(settings, "RUHR_PUBLISH_CACHE_CONTROL")
    names = [f.name for f, _ in plan.uploads if f.cache_control != cache_control["immutable"]]
    names += [name for name, _ in plan.deletions]
    paths = set()
    for name in names:
        paths.add("/" + name)
        if name == "index.html" or name.endswith("/index.html"):
            paths.add("/" + name[: -len("index.html")])
    if len(paths) > ruhr_settings.get(settings, "RUHR_PUBLISH_INVALIDATION_MAX_PATHS"):
        return ["/*"]
    return sorted(paths)


def invalidate(cloudfront, distribution_id, paths):
    reference = hashlib.sha256("\n".join(paths).encode() + str(time.time()).encode()).hexdigest()[:32]
    response = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": reference})
    return response["Invalidation"]["Id"]


def clients(settings):
    """S3 and CloudFront clients from the environment, with retries and backoff."""
    config = Config(
        retries={"max_attempts": ruhr_settings.get(settings, "RUHR_PUBLISH_MAX_ATTEMPTS"), "mode": "standard"},
        connect_timeout=10, read_timeout=60,
        max_pool_connections=ruhr_settings.get(settings, "RUHR_PUBLISH_WORKERS"),
        # Checksums only where the API requires them: many S3-compatible providers reject the others.
        request_checksum_calculation="when_required", response_checksum_validation="when_required",
    )
    # An unset secret in CI is an empty variable: to botocore, an empty region or endpoint is a wrong one.
    for name in EMPTY_MEANS_UNSET:
        if os.environ.get(name, None) == "":
            del os.environ[name]
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION"))
    try:
        s3, cloudfront = session.client("s3", config=config), session.client("cloudfront", config=config)
    except ValueError as e:  # e.g. "Invalid endpoint: ..."
        raise PublishError(f"{e}: check AWS_ENDPOINT_URL_S3 and AWS_REGION") from e
    s3.meta.events.register("before-sign.s3.DeleteObjects", add_content_md5)
    return s3, cloudfront


def add_content_md5(request, **kwargs):
    """Content-MD5 on bulk deletes: S3 requires a checksum there, and many S3-compatible providers accept
    only this one (botocore sends CRC32 since 1.36)."""
    body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
    request.headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()


def publish(output_dir, bucket_name, prefix="", settings=None, dry_run=False, distribution_id=None,
            s3=None, cloudfront=None, now=None, out=print):
    """Sync output_dir to the bucket (see the module's doc). Returns the Plan; raises PublishError."""
    settings = settings or {}
    now = int(time.time() if now is None else now)
    workers = ruhr_settings.get(settings, "RUHR_PUBLISH_WORKERS")
    manifest_name = ruhr_settings.get(settings, "RUHR_PUBLISH_MANIFEST")
    if not Path(output_dir).is_dir():
        raise PublishError(f"{output_dir} is not a folder: build the site first (invoke publish does)")
    if s3 is None:
        s3, cloudfront = clients(settings)
    bucket = Bucket(s3, bucket_name, prefix)
    try:
        local = scan(output_dir, settings)
        local.pop(manifest_name, None)
        bucket.check()
        listing, published, manifest = remote_state(bucket, local, manifest_name, workers)
        plan = make_plan(local, listing, published, manifest, settings, now)
        paths = invalidation_paths(plan, settings) if distribution_id else []
        if dry_run:
            for line in plan.lines():
                out(line)
            if paths:
                out(f"invalidate  {' '.join(paths)}  (CloudFront {distribution_id})")
            out(f"plan: {plan.summary()} (dry run: nothing changed)")
            return plan
        for line in plan.lines():
            log.info("publish: %s", line)
        for (stage, _), group in itertools.groupby(
                plan.uploads, key=lambda u: (u[0].stage, u[0].stage != ENTRY and u[1] != "new")):
            batch = [f for f, _ in group]
            log.info("publish: uploading %d %s", len(batch), STAGE_NAMES[stage])
            # The few entry points one after the other, in their order: the sitemap comes last.
            etags = run_all(bucket.upload, batch, 1 if stage == ENTRY else workers)
            for f, etag in zip(batch, etags):
                plan.manifest["objects"][f.name] = dict(f.headers(), sha256=f.sha256, etag=etag)
        if plan.deletions:
            bucket.delete([name for name, _ in plan.deletions])
        if plan.manifest_changed:
            bucket.write_json(manifest_name, plan.manifest)
    except (ClientError, BotoCoreError) as e:
        raise PublishError(explain(e, bucket_name)) from e
    except OSError as e:
        raise PublishError(f"cannot read {e.filename}: {e.strerror}") from e
    if distribution_id and ruhr_settings.get(settings, "RUHR_PUBLISH_CDN_HEADERS"):
        try:
            cdnheaders.apply(cloudfront, distribution_id, settings)
        except (ClientError, BotoCoreError) as e:
            raise PublishError(f"published, but the CloudFront response-headers policy could not be set: "
                               f"{explain(e, bucket_name)} (the credentials need cloudfront:*ResponseHeadersPolicy* "
                               "and cloudfront:UpdateDistribution)") from e
    if paths:
        try:
            invalidation = invalidate(cloudfront, distribution_id, paths)
        except (ClientError, BotoCoreError) as e:
            raise PublishError(f"published, but the CloudFront invalidation failed: {explain(e, bucket_name)}") from e
        log.info("publish: CloudFront invalidation %s of %d paths", invalidation, len(paths))
    out(f"published to {bucket_name}/{bucket.prefix}: {plan.summary(done=True)}")
    return plan


def explain(error, bucket):
    """A one-line message for a boto error: what went wrong and what to check."""
    if isinstance(error, NoCredentialsError):
        return ("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                "(or AWS_PROFILE) in the environment")
    if isinstance(error, EndpointConnectionError):
        return f"cannot reach the storage endpoint ({error}): check AWS_ENDPOINT_URL_S3, AWS_REGION and the network"
    if not isinstance(error, ClientError):
        return f"{type(error).__name__}: {error}"
    code = str(error.response.get("Error", {}).get("Code", ""))
    message = error.response.get("Error", {}).get("Message", "") or code
    operation = error.operation_name
    if code in ("NoSuchBucket",) or (code == "404" and operation == "HeadBucket"):
        return (f"bucket '{bucket}' does not exist: check S3_BUCKET "
                f"(and AWS_ENDPOINT_URL_S3 / AWS_REGION for the provider)")
    if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
                "InvalidClientTokenId", "UnrecognizedClientException"):
        return (f"the storage provider rejected the credentials ({code}): "
                "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    if code in ("AccessDenied", "403", "Forbidden", "AllAccessDisabled", "AccessDeniedException"):
        return (f"access denied to bucket '{bucket}' ({operation}): the credentials need s3:ListBucket, "
                "s3:GetObject, s3:PutObject and s3:DeleteObject on it")
    return f"{operation} failed: {code}: {message}".replace("\n", " ")


def read_settings(path):
    """Settings from a Pelican settings file (e.g. publishconf.py), or {} for the defaults."""
    if not path:
        return {}
    from pelican.settings import read_settings as pelican_read_settings

    return pelican_read_settings(path)


def publish_from_environment(output_dir, settings=None, dry_run=False):
    """publish() to the bucket, prefix and CloudFront distribution named in the environment."""
    bucket = os.environ.get("S3_BUCKET", "").strip()
    if not bucket:
        raise PublishError("S3_BUCKET is not set: set it to the name of the bucket to publish to")
    return publish(output_dir, bucket, prefix=os.environ.get("S3_PREFIX", ""), settings=settings,
                   dry_run=dry_run, distribution_id=os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip() or None)


def log_to_console():
    """Progress messages on stderr, without the AWS libraries' chatter."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("botocore", "boto3", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ruhr.publish.sync", description=__doc__.split("\n\n")[0])
    parser.add_argument("output_dir", metavar="OUTPUT_DIR", help="the built site, e.g. output")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--settings", "-s", help="Pelican settings file with overrides (e.g. publishconf.py)")
    args = parser.parse_args(argv)
    log_to_console()
    try:
        publish_from_environment(args.output_dir, read_settings(args.settings), dry_run=args.dry_run)
    except PublishError as e:
        print(f"publish: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
