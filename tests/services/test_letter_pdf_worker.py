"""The PDF through real worker processes: a chord of chunk renderings, then the assembly."""

import time

import pytest

from campaigns.documents import services
from campaigns.documents.models import LetterDocument
from campaigns.signatures.models import Signature
from tests.factories import make_open_campaign, make_user
from tests.pdfs import document_bytes, reading_order

pytestmark = [pytest.mark.services, pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(document: LetterDocument, timeout: float = 120) -> LetterDocument:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in ("ready", "failed"):
            return document
        time.sleep(0.2)
    raise AssertionError(f"document {document.pk} still {document.status} after {timeout} s")


def signers(campaign, numbers):
    Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status="approved", verification="email",
 name=f"Person {n:05d}", sort_name=f"person {n:05d}",
                list_group=Signature.Group.INDIVIDUALS, city="Oakland", state="CA",
            )
            for n in numbers
        ]
    )  # fmt: skip


def test_a_2000_signer_letter_renders_in_chunks_and_one_new_signer_rerenders_one(celery_worker):
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice, allows_individuals=True, title="Two thousand signers")
    signers(campaign, range(0, 4000, 2))

    first = wait_until_finished(services.document_request(campaign=campaign, by=alice))
    assert first.status == "ready", first.error
    assert first.signature_count == 2000
    assert first.chunks_total >= 2
    assert first.chunks_rendered == first.chunks_total

    signers(campaign, [9999])  # at the end of the order
    second = wait_until_finished(services.document_request(campaign=campaign, by=alice))

    assert second.status == "ready", second.error
    assert second.chunks_rendered == 1
    assert second.chunks_total == first.chunks_total
    names = [
        line.split(",")[0]
        for line in reading_order(document_bytes(second))
        if line.startswith("Person ")
    ]
    assert len(names) == len(set(names)) == 2001
    assert names == sorted(names)
    log = celery_worker.log.read_text()
    assert (
        "campaigns.documents.tasks.render_chunk" in log
        and "campaigns.documents.tasks.finish_document" in log
    )
