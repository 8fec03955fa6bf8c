"""A new text reaches everyone who signed an older one, once, with the diff and a way out."""

import pytest
from django.core import mail

from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.factories import add_signature, make_legislator, make_open_campaign, revise
from tests.signing import link_in

pytestmark = pytest.mark.django_db


def test_signers_of_the_old_text_get_the_diff_and_their_withdraw_link(
    client, alice, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator(), email="lofgren.staff@mail.house.gov")
    add_signature(
        campaign, make_legislator("H000874", display_name="Steny Hoyer", last_name="Hoyer"),
        status="confirmed", email="hoyer.staff@mail.house.gov",
    )  # fmt: skip
    add_signature(
        campaign, make_legislator("V000081", display_name="Nydia Velázquez", last_name="Velázquez"),
        status="withdrawn", email="gone@mail.house.gov",
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        revise(
            campaign,
            campaign.current_version.markdown.replace("suspend", "end"),
            by=alice,
            note="Stronger ask",
        )

    assert sorted(message.to[0] for message in mail.outbox) == [
        "hoyer.staff@mail.house.gov",
        "lofgren.staff@mail.house.gov",
    ]
    notice = next(m for m in mail.outbox if m.to == ["lofgren.staff@mail.house.gov"])
    assert "The letter you signed has changed" in notice.subject
    assert "version 2" in notice.body and "Stronger ask" in notice.body
    assert "- We write to ask you to suspend the raids." in notice.body
    assert "+ We write to ask you to end the raids." in notice.body
    withdraw = link_in(notice, "withdraw")
    assert client.get(withdraw).status_code == 200

    # Sending the notices again (a retry, a duplicate delivery) sends nothing more.
    for notice in Entry.objects.filter(kind="signatures.version_notice"):
        assert outbox.send(notice.pk) is False
    assert len(mail.outbox) == 2


def test_a_notice_that_fails_to_send_is_sent_by_the_retry(
    alice, settings, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    signature = add_signature(campaign, make_legislator())
    settings.EMAIL_BACKEND = "tests.signatures.test_version_notice.FailingBackend"

    with (
        pytest.raises(OSError, match="SMTP server down"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        revise(campaign, "New text.", by=alice)
    notice = Entry.objects.get(kind="signatures.version_notice")
    assert (notice.sent_at, notice.attempts) == (None, 1)
    assert "SMTP server down" in notice.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notice.claimed_until = None  # its pause is over
    notice.save()
    assert outbox.send(notice.pk) is True
    assert [message.to for message in mail.outbox] == [[signature.contact.email]]
    assert outbox.send(notice.pk) is False  # and never again


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")
