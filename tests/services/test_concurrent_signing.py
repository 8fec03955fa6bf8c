"""Staffers of one office confirming at the same moment: the database counts exactly one."""

import threading

import pytest
from django.db import connection
from django.test import Client

from campaigns.errors import EmailAlreadyUsed, SigningError
from campaigns.signatures import services
from campaigns.signatures.models import Signature
from cosign import tokens
from tests.factories import make_legislator, make_open_campaign, make_senator, make_user

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SIGNERS = 50


def test_fifty_simultaneous_confirmations_for_one_member_leave_one_counted(settings, celery_worker):
    settings.CONFIRMATIONS_PER_OFFICE_PER_DAY = 1000
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "confirm": (1000, 60)}
    campaign = make_open_campaign(make_user("alice@example.org"), requires_approval=False)
    sanders = make_senator()
    # Fifty staffers signed on, none yet confirmed: pending sign-ons all coexist.
    links = [
        "/letters/{}/confirm/{}/".format(
            campaign.slug,
            tokens.make_token(
                tokens.CONFIRM,
                services.signature_create(
                    campaign=campaign, version_number=1,
                    details=services.SignerDetails(
                        kind="legislator", signer_name=f"Staffer {n}", attested=True,
                        email=f"staffer{n}@sanders.senate.gov", legislator=sanders,
                    ),
                ).pk,
            ),
        )
        for n in range(SIGNERS)
    ]  # fmt: skip
    start = threading.Barrier(SIGNERS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def confirm(link: str) -> None:
        try:
            client = Client()
            start.wait(timeout=30)
            response = client.post(link)
            with lock:
                answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(link,)) for link in links]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(answers) == SIGNERS
    assert sorted(status for status, _ in answers) == [302] + [409] * (SIGNERS - 1)
    refusals = [body for status, body in answers if status == 409]
    assert all("Sen. Bernie Sanders is already on this letter" in body for body in refusals)
    winner = Signature.objects.get(status="approved")
    assert not any(winner.contact.email in body for body in refusals)
    assert Signature.objects.filter(legislator=sanders, status="approved").count() == 1
    assert Signature.objects.filter(status="unconfirmed").count() == SIGNERS - 1


def test_the_same_address_cannot_confirm_twice_whatever_its_case(celery_worker):
    campaign = make_open_campaign(make_user("alice@example.org"))
    first = make_legislator()
    second = make_legislator("H000874", display_name="Steny Hoyer", last_name="Hoyer")
    details = dict(kind="legislator", signer_name="A", attested=True)
    one = services.signature_create(
        campaign=campaign, version_number=1,
        details=services.SignerDetails(email="a@mail.house.gov", legislator=first, **details),
    )  # fmt: skip
    two = services.signature_create(
        campaign=campaign, version_number=1,
        details=services.SignerDetails(email="A@Mail.House.gov", legislator=second, **details),
    )  # fmt: skip
    services.signature_confirm(signature_id=one.pk)

    with pytest.raises(SigningError, match="already confirmed a signature"):
        services.signature_confirm(signature_id=two.pk)
    with pytest.raises(EmailAlreadyUsed):
        services.signature_create(
            campaign=campaign, version_number=1,
            details=services.SignerDetails(email="A@MAIL.house.gov", legislator=second, **details),
        )  # fmt: skip
    assert dict(Signature.objects.values_list("pk", "status")) == {
        one.pk: "confirmed",
        two.pk: "unconfirmed",
    }
