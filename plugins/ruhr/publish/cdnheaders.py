"""The security headers at the CDN: a CloudFront response-headers policy, created or updated by
`invoke publish` when CLOUDFRONT_DISTRIBUTION_ID is set, and attached to the distribution's default cache
behaviour. The headers are ruhr.site.security.headers(settings); docs/publishing.md shows them for other CDNs.
"""

import logging

from ruhr.site import security

log = logging.getLogger(__name__)

POLICY_NAME = "ruhr-security-headers"
# Headers CloudFront sets in their own fields of a SecurityHeadersConfig; any other goes to CustomHeadersConfig.
_FRAME = {"DENY": "DENY", "SAMEORIGIN": "SAMEORIGIN"}


def policy_config(settings, name=POLICY_NAME):
    """The ResponseHeadersPolicyConfig for the headers of `settings`."""
    h = dict(security.headers(settings))
    security_config = {}
    csp = h.pop("Content-Security-Policy", None)
    if csp:
        security_config["ContentSecurityPolicy"] = {"Override": True, "ContentSecurityPolicy": csp}
    if h.pop("X-Content-Type-Options", None):
        security_config["ContentTypeOptions"] = {"Override": True}
    frame = h.pop("X-Frame-Options", None)
    if frame:
        security_config["FrameOptions"] = {"Override": True, "FrameOption": _FRAME[frame.upper()]}
    referrer = h.pop("Referrer-Policy", None)
    if referrer:
        security_config["ReferrerPolicy"] = {"Override": True, "ReferrerPolicy": referrer}
    hsts = h.pop("Strict-Transport-Security", None)
    if hsts:
        parts = [p.strip() for p in hsts.split(";")]
        age = int(next(p for p in parts if p.startswith("max-age=")).split("=", 1)[1])
        security_config["StrictTransportSecurity"] = {
            "Override": True, "AccessControlMaxAgeSec": age, "IncludeSubdomains": "includeSubDomains" in parts,
            "Preload": "preload" in parts}
    config = {"Name": name, "Comment": "Security headers of the Ruhr site (invoke publish)",
              "SecurityHeadersConfig": security_config}
    if h:
        config["CustomHeadersConfig"] = {"Quantity": len(h), "Items": [
            {"Header": key, "Value": value, "Override": True} for key, value in sorted(h.items())]}
    return config


def apply(cloudfront, distribution_id, settings, name=POLICY_NAME):
    """Create or update the policy and attach it to the distribution's default cache behaviour; returns its id."""
    config = policy_config(settings, name)
    found = [item["ResponseHeadersPolicy"] for item in cloudfront.list_response_headers_policies(Type="custom")
             .get("ResponseHeadersPolicyList", {}).get("Items", [])
             if item["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] == name]
    if found:
        policy_id = found[0]["Id"]
        if found[0]["ResponseHeadersPolicyConfig"] != config:
            etag = cloudfront.get_response_headers_policy(Id=policy_id)["ETag"]
            cloudfront.update_response_headers_policy(Id=policy_id, IfMatch=etag, ResponseHeadersPolicyConfig=config)
            log.info("publish: CloudFront response-headers policy %s updated", name)
    else:
        policy_id = cloudfront.create_response_headers_policy(
            ResponseHeadersPolicyConfig=config)["ResponseHeadersPolicy"]["Id"]
        log.info("publish: CloudFront response-headers policy %s created", name)
    current = cloudfront.get_distribution_config(Id=distribution_id)
    distribution = current["DistributionConfig"]
    if distribution["DefaultCacheBehavior"].get("ResponseHeadersPolicyId") != policy_id:
        distribution["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] = policy_id
        cloudfront.update_distribution(Id=distribution_id, IfMatch=current["ETag"], DistributionConfig=distribution)
        log.info("publish: the policy is attached to CloudFront distribution %s", distribution_id)
    return policy_id
