"""Every side effect is written down with the change that causes it and carried out once it
commits, at least once, never twice for one key. (Redis really stopped under load is in
tests/services/test_faults_under_load.py; here the outbox's own rules.)"""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from campaigns.signatures import services
from campaigns.signatures.models import Signature
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.factories import make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice, django_capture_on_commit_callbacks):
    """An open letter whose own side effects (its first count) are done."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_open_campaign(alice)


def sign_up(campaign, email="lofgren.staff@mail.house.gov") -> Signature:
    return services.signature_create(
        campaign=campaign,
        version_number=campaign.current_version.number,
        details=services.SignerDetails(
            kind="legislator", email=email, signer_name="Sam Staffer",
            legislator=make_legislator(), attested=True,
        ),
    )  # fmt: skip


def confirmation_entry(signature: Signature) -> Entry:
    return Entry.objects.get(
        kind="signatures.confirmation_email", target__signature_id=signature.pk
    )


def test_a_sign_up_writes_its_email_down_and_sends_it_once_the_sign_up_commits(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        signature = sign_up(campaign)
        entry = confirmation_entry(signature)
        assert mail.outbox == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()

    assert [message.to for message in mail.outbox] == [[signature.contact.email]]
    entry.refresh_from_db()
    assert entry.sent_at is not None and entry.attempts == 1 and entry.last_error == ""


def test_a_change_rolled_back_leaves_no_side_effect(campaign, django_capture_on_commit_callbacks):
    def sign_up_then_fail() -> None:
        with transaction.atomic():
            sign_up(campaign)
            raise RuntimeError("the request failed after the sign-up")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        sign_up_then_fail()

    assert not Entry.objects.filter(kind="signatures.confirmation_email").exists()
    assert mail.outbox == []


def test_the_same_key_twice_is_one_entry_and_one_email(
    campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signature = sign_up(campaign)
        services.signature_confirm(signature_id=signature.pk)
    receipt = Entry.objects.get(key=f"receipt:{signature.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        added = outbox.add("signatures.receipt_email", key=receipt.key, signature_id=signature.pk)

    assert added is False
    assert outbox.send(receipt.pk) is False  # a second delivery of its task
    receipts = [message for message in mail.outbox if "now with the organizers" in message.subject]
    assert len(receipts) == 1


def test_an_entry_whose_task_was_lost_is_sent_by_the_sweep(campaign, settings):
    # Written, but its task never ran (the broker was down, or the process died).
    signature = sign_up(campaign)
    entry = confirmation_entry(signature)
    assert mail.outbox == []

    settings.OUTBOX_SWEEP_AFTER_SECONDS = 3600
    assert outbox.sweep() == 0  # its own task may still be on its way

    settings.OUTBOX_SWEEP_AFTER_SECONDS = 0
    assert outbox.sweep() == 1
    assert [message.to for message in mail.outbox] == [[signature.contact.email]]
    assert outbox.sweep() == 0  # nothing is sent twice
    entry.refresh_from_db()
    assert entry.sent_at is not None


def test_a_failed_send_is_recorded_and_tried_again_after_a_pause(campaign, settings):
    signature = sign_up(campaign)
    entry = confirmation_entry(signature)
    settings.EMAIL_BACKEND = "tests.cosign.test_outbox.RefusingBackend"
    settings.OUTBOX_SWEEP_AFTER_SECONDS = 0

    with pytest.raises(ConnectionRefusedError):
        outbox.send(entry.pk)
    entry.refresh_from_db()
    assert entry.sent_at is None and entry.attempts == 1
    assert entry.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert entry.claimed_until > timezone.now() + timedelta(seconds=20)  # about 30 s
    assert outbox.sweep() == 0  # not before its pause is over

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Entry.objects.filter(pk=entry.pk).update(claimed_until=timezone.now())
    assert outbox.sweep() == 1
    assert [message.to for message in mail.outbox] == [[signature.contact.email]]


def test_an_entry_another_sender_holds_is_left_to_it_until_its_claim_runs_out(campaign, settings):
    signature = sign_up(campaign)
    entry = confirmation_entry(signature)
    Entry.objects.filter(pk=entry.pk).update(claimed_until=timezone.now() + timedelta(minutes=1))

    assert outbox.send(entry.pk) is False
    assert mail.outbox == []

    # That sender died mid-send: once its claim runs out, the entry is sent (at least once).
    Entry.objects.filter(pk=entry.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox.send(entry.pk) is True
    assert len(mail.outbox) == 1


def test_the_sweep_gives_up_after_the_last_attempt(campaign, settings):
    signature = sign_up(campaign)
    settings.OUTBOX_SWEEP_AFTER_SECONDS = 0
    Entry.objects.filter(pk=confirmation_entry(signature).pk).update(
        attempts=settings.OUTBOX_MAX_ATTEMPTS, last_error="SMTPServerDisconnected"
    )

    assert outbox.sweep() == 0
    assert mail.outbox == []


def test_a_side_effect_of_an_unknown_kind_is_refused_when_written(db):
    with pytest.raises(LookupError, match=r"signatures\.confirmation_emial"):
        outbox.add("signatures.confirmation_emial", key="typo", signature_id=1)
    assert not Entry.objects.exists()


@pytest.fixture
def only_for_letter_7():
    """A kind whose handler wants only entries about letter 7 (as webhooks want only the events
    of letters someone listens to)."""
    outbox.handles("tests.only_for_7", wanted=lambda letter_id: letter_id == 7)(lambda **_: None)
    yield
    outbox._handlers.pop("tests.only_for_7")
    outbox._wanted.pop("tests.only_for_7")


def test_an_entry_its_handler_does_not_want_is_not_written(db, only_for_letter_7):
    assert outbox.add("tests.only_for_7", key="for-7", letter_id=7)
    assert not outbox.add("tests.only_for_7", key="for-8", letter_id=8)
    written = outbox.add_many(
        "tests.only_for_7", [("many-7", {"letter_id": 7}), ("many-9", {"letter_id": 9})]
    )

    assert written == 1
    assert set(Entry.objects.values_list("key", flat=True)) == {"for-7", "many-7"}


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
