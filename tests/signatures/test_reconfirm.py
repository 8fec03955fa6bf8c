"""After a substantive change: signers re-confirm from the emailed link; those who don't are
shown as having signed an earlier version, and the organizers keep or remove them."""

import pytest
from django.core import mail

from campaigns.letters.models import Campaign
from campaigns.signatures import counts
from campaigns.signatures.models import Signature
from tests.factories import add_signature, make_legislator, make_open_campaign, revise
from tests.signing import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator(), email="lofgren.staff@mail.house.gov")
    hoyer = make_legislator("H000874", display_name="Steny Hoyer", last_name="Hoyer")
    add_signature(campaign, hoyer, email="hoyer.staff@mail.house.gov")
    velazquez = make_legislator("V000081", display_name="Nydia Velázquez", last_name="Velázquez")
    add_signature(campaign, velazquez, email="velazquez.staff@mail.house.gov")
    return campaign


@pytest.fixture
def revised(letter, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revise(letter, "We write to ask you to end the raids.", by=alice, note="Stronger ask")
    return Campaign.objects.get(pk=letter.pk)


def notice_to(address: str):
    return next(message for message in mail.outbox if message.to == [address])


def test_a_signer_reconfirms_from_the_emailed_link(client, revised):
    link = link_in(notice_to("lofgren.staff@mail.house.gov"), "reconfirm")
    page = client.get(link).content.decode()
    assert "Re-confirm your signature" in page and "<ins>end</ins>" in page

    done = client.post(link).content.decode()

    assert "Your signature stands on the current text" in done
    lofgren = revised.signatures.get(legislator__bioguide_id="L000397")
    assert not Signature.objects.on_earlier_text(revised).filter(pk=lofgren.pk).exists()
    assert revised.audit_events.filter(to_state="re-confirmed on 2", actor_label="the signer")
    assert "Your signature stands" in client.post(link).content.decode()  # twice is harmless


def test_a_correction_after_the_change_does_not_ask_again(
    client, alice, revised, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revise(revised, "We write to ask you to end the raids now.", by=alice, kind="correction")
    assert mail.outbox == []
    assert Signature.objects.on_earlier_text(revised).count() == 3  # still asked about v2


def test_the_public_page_says_how_many_signatures_are_on_the_current_text(client, revised):
    client.post(link_in(notice_to("hoyer.staff@mail.house.gov"), "reconfirm"))

    page = client.get(f"/letters/{revised.slug}/").content.decode()

    assert "3</span> signatures" in page
    assert "1 on the current text (version 2)" in page


def test_the_organizer_keeps_one_who_did_not_reconfirm_and_removes_the_other_in_bulk(
    client, alice, revised, django_capture_on_commit_callbacks
):
    client.post(link_in(notice_to("hoyer.staff@mail.house.gov"), "reconfirm"))
    client.force_login(alice)
    queue = f"/dashboard/{revised.slug}/signatures/"
    page = client.get(queue, {"show": "earlier"}).content.decode()
    assert "Signed an earlier version (version 1): asked to re-confirm by" in page
    assert "Select Steny Hoyer" not in page and "Select Zoe Lofgren" in page
    lofgren, velazquez = (
        revised.signatures.get(legislator__bioguide_id=bioguide)
        for bioguide in ("L000397", "V000081")
    )

    client.post(f"{queue}action/", {"row_action": f"keep:{lofgren.pk}"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{queue}action/", {"action": "remove", "ids": [velazquez.pk, lofgren.pk]})

    assert Signature.objects.active().on_earlier_text(revised).count() == 0
    assert revised.signatures.get(pk=lofgren.pk).status == "approved"
    removed = revised.signatures.get(pk=velazquez.pk)
    assert removed.status == "rejected"
    assert removed.rejection_reason == "Did not re-confirm the changed text (version 2)"
    assert counts.current(revised.pk).total == 2
    assert revised.audit_events.filter(to_state="kept", actor=alice).count() == 1
    assert "Signed an earlier version" not in client.get(queue).content.decode()
