"""Without a broker, `make run` sends the outbox from a thread of the web server
(OUTBOX_IN_BACKGROUND), so that no organizer waits for a PDF or a fan-out of emails."""

import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from campaigns.signatures import services
from cosign.outbox.models import Entry
from tests.factories import make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db(transaction=True)

senders: list[str] = []


class ThreadRecordingBackend(EmailBackend):
    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        senders.append(threading.current_thread().name)
        return super().send_messages(messages)


def test_a_sign_up_s_email_is_sent_by_a_thread_of_its_own_not_by_the_request(alice, settings):
    campaign = make_open_campaign(alice)
    settings.OUTBOX_IN_BACKGROUND = True
    settings.EMAIL_BACKEND = f"{__name__}.ThreadRecordingBackend"
    senders.clear()

    signature = services.signature_create(
        campaign=campaign,
        version_number=campaign.current_version.number,
        details=services.SignerDetails(
            kind="legislator", email="lofgren.staff@mail.house.gov", signer_name="Sam Staffer",
            legislator=make_legislator(), attested=True,
        ),
    )  # fmt: skip
    entry = Entry.objects.get(
        kind="signatures.confirmation_email", target__signature_id=signature.pk
    )
    limit = time.monotonic() + 10
    while not Entry.objects.get(pk=entry.pk).sent_at and time.monotonic() < limit:
        time.sleep(0.02)

    assert [message.to for message in mail.outbox] == [["lofgren.staff@mail.house.gov"]]
    assert senders and all(name.startswith("outbox") for name in senders)
