"""Co-lead offices are printed first: an office that someone on the letter's team works for is
a lead from its first sign-on, and its lead mark follows its place on the team."""

import pytest
from django.core import mail

from campaigns.letters.models import CampaignMember
from campaigns.signatures import services
from campaigns.signatures.models import Signature
from tests.factories import add_signature, make_legislator, make_open_campaign
from tests.signing import confirm_from_email, sign_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice):
    return make_open_campaign(alice, requires_approval=False, accepts_unverified=True)


def test_an_office_that_signs_after_its_staffer_joined_is_a_lead_from_the_start(
    client, campaign, bob, lofgren, sanders, django_capture_on_commit_callbacks
):
    add_signature(
        campaign,
        make_legislator("H000874", display_name="Steny Hoyer"),
        is_lead=True,
        lead_position=1,
    )
    CampaignMember.objects.create(campaign=campaign, user=bob, role="editor", office=sanders)

    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "aide@sanders.senate.gov"
    )
    signed = Signature.objects.get(legislator=sanders)
    assert (signed.is_lead, signed.lead_position) == (True, 2)
    confirm_from_email(client, django_capture_on_commit_callbacks, mail.outbox[-1])

    page = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    assert page.index("Lead signers") < page.index("Sen. Bernie Sanders, I-Vt.")
    assert "Senate</h2>" not in page  # printed among the leads, not again with the Senate


def test_an_office_nobody_on_the_team_works_for_signs_as_anyone_does(
    client, campaign, bob, lofgren, sanders, django_capture_on_commit_callbacks
):
    CampaignMember.objects.create(campaign=campaign, user=bob, role="editor", office=lofgren)

    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "aide@sanders.senate.gov"
    )

    assert not Signature.objects.get(legislator=sanders).is_lead


def test_the_sync_reads_the_team_as_it_is_when_it_runs(campaign, bob, lofgren):
    signed = add_signature(campaign, lofgren)
    pending = add_signature(campaign, lofgren, status="unconfirmed", email="other@mail.house.gov")
    withdrawn = add_signature(campaign, lofgren, status="withdrawn", email="gone@mail.house.gov")
    staffer = CampaignMember.objects.create(
        campaign=campaign, user=bob, role="editor", office=lofgren
    )

    assert services.co_lead_sync(campaign_id=campaign.pk, legislator_id=lofgren.pk) == 2
    assert services.co_lead_sync(campaign_id=campaign.pk, legislator_id=lofgren.pk) == 0
    leads = Signature.objects.filter(is_lead=True).order_by("lead_position")
    assert list(leads.values_list("pk", "lead_position")) == [(signed.pk, 1), (pending.pk, 2)]
    assert not Signature.objects.get(pk=withdrawn.pk).is_lead

    staffer.delete()
    assert services.co_lead_sync(campaign_id=campaign.pk, legislator_id=lofgren.pk) == 2
    assert not Signature.objects.filter(is_lead=True).exists()


def test_a_sync_for_a_deleted_letter_does_nothing(lofgren):
    assert services.co_lead_sync(campaign_id=123456, legislator_id=lofgren.pk) == 0


def test_an_office_whose_staffer_joins_while_its_sign_on_awaits_its_link_leads_once_confirmed(
    client, campaign, bob, sanders, django_capture_on_commit_callbacks
):
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "aide@sanders.senate.gov"
    )
    assert not Signature.objects.get(legislator=sanders).is_lead
    # Joined without the team's sync (as if it ran before the sign-on was stored).
    CampaignMember.objects.create(campaign=campaign, user=bob, role="editor", office=sanders)

    confirm_from_email(client, django_capture_on_commit_callbacks, mail.outbox[-1])

    signed = Signature.objects.get(legislator=sanders)
    assert (signed.status, signed.is_lead, signed.lead_position) == ("approved", True, 1)
