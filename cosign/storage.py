"""Where files live: the local disk (MEDIA_ROOT) unless an S3-compatible store is named.

`STORAGE_URL=s3://bucket/optional/prefix?endpoint_url=http://127.0.0.1:9000&region=eu-west-1`,
or the variables django-storages documents (`AWS_STORAGE_BUCKET_NAME`, `AWS_S3_ENDPOINT_URL`,
`AWS_S3_REGION_NAME`). Credentials are boto3's own (`AWS_ACCESS_KEY_ID` and
`AWS_SECRET_ACCESS_KEY`, or an instance role), never part of the URL: the URL is logged and
shown in tracebacks. Every file the app keeps goes through `default_storage`, so several
machines share the store and nothing else.
"""

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

from cosign.env import env_str

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3 = "storages.backends.s3.S3Storage"
# What a STORAGE_URL's query may say, and the S3Storage option each one sets.
QUERY_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "addressing_style": "addressing_style",
}


def default_storage() -> dict[str, Any]:
    url = env_str("STORAGE_URL")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if url and bucket:
        raise ImproperlyConfigured(
            "Set STORAGE_URL or AWS_STORAGE_BUCKET_NAME, not both: they both name the store"
        )
    if url:
        return {"BACKEND": S3, "OPTIONS": _from_url(url)}
    if bucket:
        options = {"bucket_name": bucket}
        endpoint = env_str("AWS_S3_ENDPOINT_URL")
        if endpoint:
            options["endpoint_url"] = _endpoint("AWS_S3_ENDPOINT_URL", endpoint)
        if region := env_str("AWS_S3_REGION_NAME"):
            options["region_name"] = region
        return {"BACKEND": S3, "OPTIONS": _common(options)}
    return LOCAL


def _from_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(
            f"STORAGE_URL must look like s3://bucket?endpoint_url=…&region=…, not {url!r}"
        )
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            "STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead"
        )
    options: dict[str, Any] = {"bucket_name": parts.hostname}
    if prefix := parts.path.strip("/"):
        options["location"] = prefix
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name not in QUERY_OPTIONS:
            known = ", ".join(sorted(QUERY_OPTIONS))
            raise ImproperlyConfigured(
                f"STORAGE_URL has an unknown option {name!r}; it takes {known}"
            )
        if name == "endpoint_url":
            value = _endpoint("STORAGE_URL's endpoint_url", value)
        options[QUERY_OPTIONS[name]] = value
    return _common(options)


def _endpoint(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, not {value!r}")
    return value


def _common(options: dict[str, Any]) -> dict[str, Any]:
    return {
        **options,
        # As on the local disk: a name already taken gets a suffix, never overwrites a file.
        "file_overwrite": False,
        # Files are private: the app streams them to whoever may read them (documents/views.py).
        "default_acl": None,
        "querystring_auth": True,
    }
