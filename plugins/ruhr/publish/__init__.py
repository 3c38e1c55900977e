"""Publishing: sync the built output to the S3 bucket and the CDN (docs/publishing.md)."""
