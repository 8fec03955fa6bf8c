"""Two staffers of one office at the same moment: the database keeps exactly one signature."""

import threading

import pytest
from django.db import connection
from django.test import Client

from campaigns.models import Signature
from tests.factories import make_legislator, make_open_campaign, make_user

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SIGNERS = 50


def test_fifty_simultaneous_sign_ons_for_one_member_leave_one_signature(settings, celery_worker):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign": (1000, 60)}
    campaign = make_open_campaign(make_user("alice@example.org"))
    lofgren = make_legislator()
    start = threading.Barrier(SIGNERS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def sign(n: int) -> None:
        try:
            client = Client()
            start.wait(timeout=30)
            response = client.post(
                f"/letters/{campaign.slug}/sign/",
                {
                    "kind": "legislator", "legislator": lofgren.bioguide_id, "version": 1,
                    "signer_name": f"Staffer {n}", "signer_title": "LA",
                    "email": f"staffer{n}@mail.house.gov", "phone": "202-225-3072",
                    "attested": "on",
                },
            )  # fmt: skip
            with lock:
                answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(SIGNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(answers) == SIGNERS
    statuses = sorted(status for status, _ in answers)
    assert statuses == [302] + [400] * (SIGNERS - 1)
    refusals = [body for status, body in answers if status == 400]
    assert all("Rep. Zoe Lofgren is already on this letter" in body for body in refusals)
    winner = Signature.objects.get()
    # Each refusal shows the refused staffer's own form back, never the first staffer's details.
    assert not any(winner.email in body for body in refusals)
    assert not any(f'value="{winner.signer_name}"' in body for body in refusals)
    assert Signature.objects.filter(legislator=lofgren).count() == 1


def test_the_same_address_cannot_sign_twice_whatever_its_case(celery_worker):
    from campaigns import services

    campaign = make_open_campaign(make_user("alice@example.org"))
    first = make_legislator()
    second = make_legislator("H000874", display_name="Steny Hoyer", last_name="Hoyer")
    details = dict(kind="legislator", signer_name="A", attested=True)
    services.signature_create(
        campaign=campaign, version_number=1,
        details=services.SignerDetails(email="a@mail.house.gov", legislator=first, **details),
    )  # fmt: skip
    with pytest.raises(services.EmailAlreadyUsed):
        services.signature_create(
            campaign=campaign, version_number=1,
            details=services.SignerDetails(email="A@Mail.House.gov", legislator=second, **details),
        )  # fmt: skip
    assert Signature.objects.count() == 1
