"""Two worker machines that share no disk: each has its own empty local folder, and every
part of a 10,000-signer letter goes through the S3 store (moto's server, started by
tests/services/conftest.py) from the worker that renders it to the one that merges it, and
to the web process that serves it. The largest letter the services suite renders: once."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from campaigns.documents import services
from campaigns.documents.pdf.pipeline import PARTS
from campaigns.signatures.models import Signature
from tests.factories import make_open_campaign, make_user
from tests.pdfs import reading_order
from tests.services.conftest import _service_env
from tests.services.test_letter_pdf_worker import wait_until_finished

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def signers(campaign, numbers):
    """Named unlike any other test's signers: the store is the session's, and chunks are kept
    by their content, so this letter's must be its own to count what it renders."""
    Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status="approved", verification="email", name=f"Stored {n:05d}",
                sort_name=f"stored {n:05d}", list_group=Signature.Group.INDIVIDUALS,
                city="Oakland", state="CA",
            )
            for n in numbers
        ]
    )  # fmt: skip


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_two_workers_without_a_shared_disk_render_merge_and_serve_10000_signers_from_s3(
    client, queue, workers, tmp_path_factory, media_root
):
    folders = [tmp_path_factory.mktemp("machine-a"), tmp_path_factory.mktemp("machine-b")]
    machines = [
        workers(_service_env(media=folder), log_name=f"s3-worker-{n}", queue=queue)
        for n, folder in enumerate(folders)
    ]
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice, allows_individuals=True, title="Ten thousand signers")
    signers(campaign, range(0, 20000, 2))

    first = wait_until_finished(services.document_request(campaign=campaign, by=alice), 300)

    assert first.status == "ready", first.error
    assert first.signature_count == 10000
    assert first.chunks_rendered == first.chunks_total >= 4
    assert default_storage.exists(first.file.name) and default_storage.exists(first.preview.name)
    for machine in machines:  # both rendered chunks: the merge read the other's from the store
        this_run = machine.log.read_text().rpartition(f"{machine.name} ready.")[2]
        assert "campaigns.documents.tasks.render_chunk" in this_run
    served = client.get(f"/letters/{campaign.slug}/letter.pdf")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith(f'inline; filename="{campaign.slug}-')
    pdf = b"".join(served.streaming_content)
    assert int(served["Content-Length"]) == len(pdf) == first.bytes
    names = [line.split(",")[0] for line in reading_order(pdf) if line.startswith("Stored ")]
    assert names == [f"Stored {n:05d}" for n in range(0, 20000, 2)]
    client.force_login(alice)
    dashboard = f"/dashboard/{campaign.slug}/documents/{first.pk}"
    assert b"".join(client.get(f"{dashboard}/letter.pdf").streaming_content) == pdf
    preview = client.get(f"{dashboard}/page-1.png")
    assert b"".join(preview.streaming_content).startswith(b"\x89PNG")

    stored_chunks = len(default_storage.listdir(PARTS)[1])
    signers(campaign, [19999])  # at the end of the order
    second = wait_until_finished(services.document_request(campaign=campaign, by=alice), 120)

    assert second.status == "ready", second.error
    assert (second.chunks_rendered, second.chunks_total) == (1, first.chunks_total)
    # The new chunk's spec and PDF; every other chunk was read back from the store.
    assert len(default_storage.listdir(PARTS)[1]) == stored_chunks + 2
    for folder in [*folders, media_root]:
        assert files_in(folder) == [], f"{folder} holds files: the store is the only disk"

    default_storage.delete(second.preview.name)  # lost from the store: a 404, never a 500
    assert (
        client.get(f"/dashboard/{campaign.slug}/documents/{second.pk}/page-1.png").status_code
        == 404
    )
