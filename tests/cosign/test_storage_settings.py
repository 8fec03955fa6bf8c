"""Where files live: the local disk by default, an S3-compatible store when one is named."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cosign import storage

NAMES = ["STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME"]


@pytest.fixture(autouse=True)
def _no_store_named(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_with_nothing_set_files_live_on_the_local_disk():
    assert storage.default_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_storage_url_names_the_bucket_prefix_endpoint_and_region(monkeypatch):
    monkeypatch.setenv(
        "STORAGE_URL",
        "s3://letters/cosign/prod?endpoint_url=http://127.0.0.1:9000&region=eu-west-1",
    )

    chosen = storage.default_storage()

    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["OPTIONS"] == {
        "bucket_name": "letters",
        "location": "cosign/prod",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-west-1",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
    }


def test_the_usual_aws_variables_name_the_store_too(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "letters")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.net")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-2")

    options = storage.default_storage()["OPTIONS"]

    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "letters", "https://s3.example.net", "us-east-2",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE_URL": "https://letters.s3.amazonaws.com"}, "STORAGE_URL must look like s3://"),
        ({"STORAGE_URL": "s3://key:secret@letters"}, "must not hold credentials"),
        ({"STORAGE_URL": "s3://letters?endpoint=http://x"}, "unknown option 'endpoint'"),
        ({"STORAGE_URL": "s3://letters?endpoint_url=127.0.0.1:9000"}, "http:// or https://"),
        ({"AWS_STORAGE_BUCKET_NAME": "a", "STORAGE_URL": "s3://b"}, "not both"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "a", "AWS_S3_ENDPOINT_URL": "minio:9000"},
            "AWS_S3_ENDPOINT_URL",
        ),
    ],
)
def test_a_store_it_cannot_use_stops_start_up_with_a_message_naming_it(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        storage.default_storage()
