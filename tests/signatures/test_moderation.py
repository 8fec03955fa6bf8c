"""The organizers' queue: approve, reject with a reason, in bulk; leads; the press line; CSV."""

import csv
import io

import pytest
from django.core import mail

from campaigns.letters.models import CampaignMember
from campaigns.signatures.models import Signature
from tests.factories import add_member, add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice):
    return make_open_campaign(alice)


@pytest.fixture
def members(db):
    return [
        make_legislator("L000397"),
        make_legislator(
            "H000874",
            first_name="Steny",
            display_name="Steny Hoyer",
            last_name="Hoyer",
            state="MD",
            district=5,
        ),
        make_legislator(
            "V000081",
            first_name="Nydia",
            display_name="Nydia Velázquez",
            last_name="Velázquez",
            state="NY",
            district=7,
        ),
    ]


def act(client, campaign, callbacks, **data):
    with callbacks(execute=True):
        return client.post(f"/dashboard/{campaign.slug}/signatures/action/", data)


def test_approving_and_rejecting_in_bulk(
    client, alice, campaign, members, django_capture_on_commit_callbacks
):
    waiting = [add_signature(campaign, member, status="confirmed") for member in members]
    client.force_login(alice)

    act(
        client,
        campaign,
        django_capture_on_commit_callbacks,
        action="approve",
        ids=[waiting[0].pk, waiting[1].pk],
    )
    act(
        client, campaign, django_capture_on_commit_callbacks,
        action="reject", ids=[waiting[2].pk], reason="The office did not agree",
    )  # fmt: skip

    statuses = dict(campaign.signatures.values_list("legislator__bioguide_id", "status"))
    assert statuses == {"L000397": "approved", "H000874": "approved", "V000081": "rejected"}
    rejected = Signature.objects.get(pk=waiting[2].pk)
    assert (rejected.rejection_reason, rejected.decided_by) == ("The office did not agree", alice)
    assert len(mail.outbox) == 3
    assert "The office did not agree" in mail.outbox[-1].body


def test_approving_again_changes_nothing_and_says_so(
    client, alice, campaign, members, django_capture_on_commit_callbacks
):
    signature = add_signature(campaign, members[0], status="approved")
    client.force_login(alice)
    page = client.post(
        f"/dashboard/{campaign.slug}/signatures/action/",
        {"action": "approve", "ids": [signature.pk]},
        follow=True,
    ).content.decode()
    assert "1 were not awaiting approval" in page
    assert mail.outbox == []


def test_a_viewer_sees_the_queue_but_cannot_decide(client, campaign, carol, members):
    add_member(campaign, carol, CampaignMember.Role.VIEWER)
    signature = add_signature(campaign, members[0], status="confirmed")
    client.force_login(carol)

    page = client.get(f"/dashboard/{campaign.slug}/signatures/").content.decode()
    assert "Rep. Zoe Lofgren, D-Calif." in page
    assert "Apply" not in page
    response = client.post(
        f"/dashboard/{campaign.slug}/signatures/action/", {"row_action": f"approve:{signature.pk}"}
    )
    assert response.status_code == 403
    assert Signature.objects.get().status == "confirmed"


def test_ids_from_another_campaign_are_ignored(client, alice, campaign, mallory, members):
    theirs = make_open_campaign(mallory, title="Theirs")
    their_signature = add_signature(theirs, members[0], status="confirmed")
    client.force_login(alice)
    client.post(
        f"/dashboard/{campaign.slug}/signatures/action/",
        {"row_action": f"approve:{their_signature.pk}"},
    )
    assert Signature.objects.get().status == "confirmed"


def test_leads_come_first_in_the_order_they_were_made(client, alice, campaign, members):
    lofgren, _hoyer, velazquez = (add_signature(campaign, m) for m in members)
    client.force_login(alice)
    url = f"/dashboard/{campaign.slug}/signatures/action/"
    client.post(url, {"action": "lead", "ids": [velazquez.pk]})
    client.post(url, {"action": "lead", "ids": [lofgren.pk]})

    order = [s.name for s in campaign.signatures.counted().in_campaign_order(campaign)]
    assert order == ["Nydia Velázquez", "Zoe Lofgren", "Steny Hoyer"]

    client.post(url, {"action": "unlead", "ids": [velazquez.pk]})
    order = [s.name for s in campaign.signatures.counted().in_campaign_order(campaign)]
    assert order == ["Zoe Lofgren", "Steny Hoyer", "Nydia Velázquez"]
    assert Signature.objects.get(pk=lofgren.pk).lead_position == 1
    letter = client.get(f"/letters/{campaign.slug}/").content.decode()
    assert letter.index("Rep. Zoe Lofgren, D-Calif.") < letter.index("Rep. Steny Hoyer, D-Md.")


def test_the_press_line_names_the_featured_signers(client, alice, campaign, members):
    signatures = [add_signature(campaign, m) for m in members]
    client.force_login(alice)
    client.post(
        f"/dashboard/{campaign.slug}/signatures/action/",
        {"action": "feature", "ids": [signatures[0].pk, signatures[2].pk]},
    )
    page = client.get(f"/dashboard/{campaign.slug}/signatures/").content.decode()
    assert (
        "Among the 3 signatures are Rep. Zoe Lofgren, D-Calif., and Rep. Nydia Velázquez, D-N.Y."
        in page
    )


def test_the_csv_has_contacts_for_organizers_and_neutralizes_formulas(
    client, alice, campaign, members
):
    add_signature(
        campaign, members[0], signer_name='=HYPERLINK("http://evil")', phone="+1 202 225 3072"
    )
    add_signature(campaign, members[1], status="withdrawn")
    client.force_login(alice)

    response = client.get(f"/dashboard/{campaign.slug}/signatures.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{campaign.slug}-signatures-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    first = rows[0]
    assert first["credit"] == "Rep. Zoe Lofgren, D-Calif."
    assert first["email"] == "staff.l000397@mail.house.gov"
    assert first["signer_name"] == '\'=HYPERLINK("http://evil")'
    assert first["phone"] == "'+1 202 225 3072"
    assert first["office_phone"] == "202-225-3072"
    assert first["verification"] == "house_email" and first["version_signed"] == "1"
    assert first["signed_at"]
    assert rows[1]["status"] == "withdrawn"
