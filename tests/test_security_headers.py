"""Security headers and icons: what the CDN sends (a CloudFront response-headers policy, checked against
CloudFront's API model: moto 5.2.5, our S3 server, has no response-headers policies), and the icons every
page links, made at build time from theme/icon.png."""

import boto3
import pytest
from botocore.validate import ParamValidator
from PIL import Image

from ruhr.publish import cdnheaders
from ruhr.site import security

SETTINGS = {"RUHR_MAP_TILES_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"}


def test_the_cdn_headers_are_strict():
    headers = security.headers(SETTINGS)
    csp = dict(d.split(" ", 1) for d in headers["Content-Security-Policy"].split("; "))
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert csp["style-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["img-src"] == "'self' data: https://*.tiles.example.org" and csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] and "camera=()" in headers["Permissions-Policy"]
    # A page without a map: no tile host, and no frame-ancestors (a <meta> policy cannot carry it).
    page = security.content_security_policy(SETTINGS)
    assert "tiles.example.org" not in page and "frame-ancestors" not in page


def test_the_cloudfront_policy_is_valid_for_the_api_and_carries_every_header():
    config = cdnheaders.policy_config(SETTINGS)
    model = boto3.client("cloudfront", region_name="us-east-1").meta.service_model
    shape = model.operation_model("CreateResponseHeadersPolicy").input_shape
    report = ParamValidator().validate({"ResponseHeadersPolicyConfig": config}, shape)
    assert not report.has_errors(), report.generate_report()
    sec = config["SecurityHeadersConfig"]
    assert sec["ContentSecurityPolicy"]["ContentSecurityPolicy"] == security.headers(SETTINGS)[
        "Content-Security-Policy"]
    assert sec["FrameOptions"]["FrameOption"] == "DENY" and sec["ContentTypeOptions"]["Override"]
    assert sec["StrictTransportSecurity"]["AccessControlMaxAgeSec"] == 63072000
    assert sec["StrictTransportSecurity"]["IncludeSubdomains"] is True
    assert [h["Header"] for h in config["CustomHeadersConfig"]["Items"]] == ["Permissions-Policy"]


def test_favicon_and_apple_touch_icon_are_made_and_linked(built_site, read_page):
    with Image.open(built_site / "favicon.ico") as ico:
        assert ico.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
    with Image.open(built_site / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180) and touch.mode == "RGB"
    for url in ("/", "/en/", "/impressum/", "/en/sites/"):
        html = read_page(url)
        assert '<link rel="icon" href="/favicon.ico" sizes="any">' in html
        assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html


@pytest.mark.parametrize("source", ["missing.png"])
def test_a_missing_icon_source_stops_the_build(project, source):
    code, printed = project.build(RUHR_ICON=source)
    assert code == 1 and "icons: cannot make the icons" in printed and "Traceback" not in printed
