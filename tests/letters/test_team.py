"""Owners build the team by email; nobody reaches another team's campaign."""

import re

import pytest
from django.core import mail

from campaigns.letters.models import CampaignMember, Invitation
from cosign import tokens
from tests.factories import (
    add_member,
    add_signature,
    make_legislator,
    make_open_campaign,
    make_user,
)

pytestmark = pytest.mark.django_db


def invite(client, campaign, email, role, callbacks):
    with callbacks(execute=True):
        return client.post(
            f"/dashboard/{campaign.slug}/team/invite/", {"email": email, "role": role}
        )


def test_an_invited_editor_joins_through_the_emailed_link(
    client, draft, alice, bob, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    invite(client, draft, "Bob@Example.org", "editor", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.org"]
    assert draft.title in message.subject
    link = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", message.body)[1]
    assert link in message.alternatives[0][0]  # the HTML part has the same link

    client.force_login(bob)
    assert client.get(link).status_code == 200
    assert not draft.members.filter(user=bob).exists()  # a GET only asks
    joined = client.post(link)

    assert joined["Location"] == f"/dashboard/{draft.slug}/"
    assert draft.members.get(user=bob).role == "editor"
    assert Invitation.objects.get().accepted_at is not None
    assert client.get(f"/dashboard/{draft.slug}/settings/").status_code == 200


def test_an_invitation_cannot_be_used_by_someone_else(
    client, draft, alice, mallory, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    invite(client, draft, "bob@example.org", "editor", django_capture_on_commit_callbacks)
    link = re.search(r"(/invitations/[^\s]+/)", mail.outbox[0].body)[1]

    client.force_login(mallory)
    response = client.post(link)

    assert response.status_code == 400
    assert "This invitation is for bob@example.org" in response.content.decode()
    assert not draft.members.filter(user=mallory).exists()


def test_a_forged_or_cancelled_invitation_is_refused(client, draft, alice, bob):
    client.force_login(bob)
    forged = client.get("/invitations/not-a-real-token/")
    assert forged.status_code == 400
    assert "not valid" in forged.content.decode()

    invitation = Invitation.objects.create(campaign=draft, email="bob@example.org", role="viewer")
    from cosign import tokens

    link = f"/invitations/{tokens.make_token(tokens.INVITATION, invitation.pk)}/"
    client.force_login(alice)
    client.post(f"/dashboard/{draft.slug}/team/invitations/{invitation.pk}/cancel/")
    client.force_login(bob)
    cancelled = client.post(link)
    assert cancelled.status_code == 400
    assert "cancelled" in cancelled.content.decode()


def test_inviting_a_current_member_or_a_bad_address_is_refused(
    client, draft, alice, bob, django_capture_on_commit_callbacks
):
    add_member(draft, bob, CampaignMember.Role.VIEWER)
    client.force_login(alice)

    again = invite(client, draft, "bob@example.org", "editor", django_capture_on_commit_callbacks)
    assert again.status_code == 302
    assert "already on the team" in client.get(f"/dashboard/{draft.slug}/team/").content.decode()

    bad = invite(client, draft, "not an email", "editor", django_capture_on_commit_callbacks)
    assert bad.status_code == 400
    assert "Enter a valid email" in bad.content.decode()

    owner = invite(client, draft, "x@example.org", "owner", django_capture_on_commit_callbacks)
    assert owner.status_code == 400
    assert mail.outbox == []


def test_the_last_owner_can_neither_leave_nor_be_demoted(client, draft, alice):
    client.force_login(alice)
    me = draft.members.get(user=alice)

    client.post(f"/dashboard/{draft.slug}/team/{me.pk}/role/", {"role": "viewer"})
    client.post(f"/dashboard/{draft.slug}/team/{me.pk}/remove/")

    me.refresh_from_db()
    assert me.role == "owner"


def test_a_second_owner_makes_leaving_possible(client, draft, alice, bob):
    second = add_member(draft, bob, CampaignMember.Role.EDITOR)
    client.force_login(alice)
    client.post(f"/dashboard/{draft.slug}/team/{second.pk}/role/", {"role": "owner"})
    me = draft.members.get(user=alice)

    left = client.post(f"/dashboard/{draft.slug}/team/{me.pk}/remove/")

    assert left["Location"] == "/dashboard/"
    assert list(draft.members.values_list("user__email", "role")) == [("bob@example.org", "owner")]


def test_a_viewer_may_leave_but_not_remove_others(client, draft, alice, bob, carol):
    add_member(draft, bob, CampaignMember.Role.EDITOR)
    viewer = add_member(draft, carol, CampaignMember.Role.VIEWER)
    client.force_login(carol)

    other = draft.members.get(user=bob)
    assert client.post(f"/dashboard/{draft.slug}/team/{other.pk}/remove/").status_code == 403
    assert client.post(f"/dashboard/{draft.slug}/team/{viewer.pk}/remove/").status_code == 302
    assert not draft.members.filter(user=carol).exists()


def test_one_teams_rows_cannot_be_reached_through_another_teams_campaign(client, alice, mallory):
    from tests.factories import make_campaign

    mine = make_campaign(alice, title="Mine")
    theirs = make_campaign(mallory, title="Theirs")
    their_recipient = theirs.recipients.get()
    their_member = theirs.members.get()
    client.force_login(alice)

    # Alice owns "mine", so the role check passes; the row must still be looked up in "mine" only.
    assert client.get(f"/dashboard/{mine.slug}/recipients/{their_recipient.pk}/").status_code == 404
    assert (
        client.post(f"/dashboard/{mine.slug}/recipients/{their_recipient.pk}/delete/").status_code
        == 404
    )
    assert client.post(f"/dashboard/{mine.slug}/team/{their_member.pk}/remove/").status_code == 404
    assert theirs.recipients.exists() and theirs.members.exists()


def test_a_new_user_accepts_after_signing_up(
    client, draft, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    invite(client, draft, "newcomer@example.org", "viewer", django_capture_on_commit_callbacks)
    link = re.search(r"(/invitations/[^\s]+/)", mail.outbox[0].body)[1]
    client.logout()

    assert client.get(link)["Location"].startswith("/accounts/login/")
    newcomer = make_user("newcomer@example.org")
    client.force_login(newcomer)
    client.post(link)
    assert draft.members.get(user=newcomer).role == "viewer"


def test_an_editor_edits_the_letters_settings_but_not_when_signing_ends_or_who_may_sign(
    client, alice, bob
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_open_campaign

    campaign = make_open_campaign(alice)
    add_member(campaign, bob, CampaignMember.Role.EDITOR)
    deadline = campaign.deadline
    client.force_login(bob)

    page = client.get(f"/dashboard/{campaign.slug}/settings/").content.decode()
    response = client.post(
        f"/dashboard/{campaign.slug}/settings/",
        {
            "title": "A better title",
            "closing": "Sincerely,",
            "deadline_date": (timezone.now() - timedelta(days=3)).date().isoformat(),
            "time_zone": "America/Los_Angeles",
            "allows_individuals": "on",
            "accepts_unverified": "on",
            "signer_order": "last_name",
            "credit_style": "ap",
        },
    )

    assert page.count("Only the letter's owners change this.") == 13
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "A better title"
    assert campaign.deadline == deadline
    assert campaign.time_zone == "America/New_York"
    assert (campaign.allows_legislators, campaign.allows_individuals) == (True, False)
    assert (campaign.requires_approval, campaign.accepts_unverified) == (True, False)


# Co-lead offices: a teammate's office co-leads the letter, and its signature is printed first.


def signers_page(client, campaign) -> str:
    return client.get(f"/letters/{campaign.slug}/signers/").content.decode()


def test_a_staffer_invited_for_lofgrens_office_joins_and_lofgrens_signature_is_printed_first(
    client, alice, bob, lofgren, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    add_signature(campaign, sanders, is_lead=True, lead_position=1)
    signed = add_signature(campaign, lofgren)
    add_signature(campaign, make_legislator("H000874", display_name="Steny Hoyer", state="MD"))
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/dashboard/{campaign.slug}/team/invite/",
            {"email": "bob@example.org", "role": "editor", "office": lofgren.pk},
        )
    assert "for the office of Rep. Zoe Lofgren, D-Calif." in mail.outbox[0].body
    link = re.search(r"(/invitations/[^\s]+/)", mail.outbox[0].body)[1]

    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    assert campaign.members.get(user=bob).office == lofgren
    signed.refresh_from_db()
    assert (signed.is_lead, signed.lead_position) == (True, 2)
    page = signers_page(client, campaign)
    heading = '<h2 class="signer-list__group">{}</h2>'.format
    printed = [
        heading("Lead signers"), "Sen. Bernie Sanders", "Rep. Zoe Lofgren",
        heading("House of Representatives"), "Rep. Steny Hoyer",
    ]  # fmt: skip
    positions = [page.index(text) for text in printed]
    assert positions == sorted(positions)
    team = client.get(f"/dashboard/{campaign.slug}/team/").content.decode()
    assert re.search(r"Co-lead offices:</strong>\s*Rep. Zoe Lofgren, D-Calif.", team)


def test_the_office_comes_from_the_invitation_not_from_the_accepting_request(
    client, draft, bob, lofgren, sanders
):
    invitation = Invitation.objects.create(
        campaign=draft, email="bob@example.org", role="viewer", office=lofgren
    )
    client.force_login(bob)

    client.post(
        f"/invitations/{tokens.make_token(tokens.INVITATION, invitation.pk)}/",
        {"office": sanders.pk},
    )

    assert draft.members.get(user=bob).office == lofgren


def test_an_owner_moves_a_staffer_to_another_office_and_the_lead_mark_moves_with_them(
    client, alice, bob, lofgren, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    lofgrens = add_signature(campaign, lofgren)
    sanderss = add_signature(campaign, sanders)
    staffer = add_member(campaign, bob, CampaignMember.Role.EDITOR)
    client.force_login(alice)
    office = f"/dashboard/{campaign.slug}/team/{staffer.pk}/office/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(office, {"office": lofgren.pk})
    lofgrens.refresh_from_db()
    assert lofgrens.is_lead
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(office, {"office": sanders.pk})

    assert moved["Location"] == f"/dashboard/{campaign.slug}/team/"
    assert list(campaign.signatures.leads()) == [sanderss]
    team = client.get(moved["Location"]).content.decode()
    assert "Bob Editor works for Sen. Bernie Sanders, I-Vt." in team
    assert '<span class="office">Sen. Bernie Sanders, I-Vt.</span>' in team


def test_removing_the_offices_last_staffer_takes_its_signature_off_the_leads(
    client, alice, bob, carol, lofgren, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    lofgrens = add_signature(campaign, lofgren, is_lead=True, lead_position=1)
    sanderss = add_signature(campaign, sanders, is_lead=True, lead_position=2)
    first = CampaignMember.objects.create(
        campaign=campaign, user=bob, role="editor", office=lofgren
    )
    second = CampaignMember.objects.create(
        campaign=campaign, user=carol, role="viewer", office=lofgren
    )
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/{campaign.slug}/team/{first.pk}/remove/")
    assert list(campaign.signatures.leads()) == [lofgrens, sanderss]  # Carol still works there
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/{campaign.slug}/team/{second.pk}/remove/")

    assert list(campaign.signatures.leads()) == [sanderss]
    sanderss.refresh_from_db()
    assert sanderss.lead_position == 1
    assert (
        'Co-lead offices:</strong>\n      <span class="muted">none yet'
        in client.get(f"/dashboard/{campaign.slug}/team/").content.decode()
    )


def test_an_editor_cannot_change_a_members_office(client, draft, bob, carol, lofgren):
    add_member(draft, bob, CampaignMember.Role.EDITOR)
    viewer = add_member(draft, carol, CampaignMember.Role.VIEWER)
    client.force_login(bob)

    response = client.post(
        f"/dashboard/{draft.slug}/team/{viewer.pk}/office/", {"office": lofgren.pk}
    )

    assert response.status_code == 403
    viewer.refresh_from_db()
    assert viewer.office is None
    assert "Set office" not in client.get(f"/dashboard/{draft.slug}/team/").content.decode()


def test_a_made_up_or_former_office_is_refused_with_a_clear_error(
    client, draft, alice, bob, django_capture_on_commit_callbacks
):
    retired = make_legislator("B000001", display_name="Former Member", in_office=False)
    staffer = add_member(draft, bob, CampaignMember.Role.EDITOR)
    client.force_login(alice)

    for office in ("999999", str(retired.pk), "Lofgren"):
        changed = client.post(
            f"/dashboard/{draft.slug}/team/{staffer.pk}/office/", {"office": office}
        )
        with django_capture_on_commit_callbacks(execute=True):
            invited = client.post(
                f"/dashboard/{draft.slug}/team/invite/",
                {"email": "carol@example.org", "role": "editor", "office": office},
            )

        for response in (changed, invited):
            assert response.status_code == 400
            assert "Choose a sitting Member of Congress." in response.content.decode()
    staffer.refresh_from_db()
    assert staffer.office is None
    assert not Invitation.objects.exists() and mail.outbox == []


def test_the_invite_form_lists_sitting_members_by_state(client, draft, alice, lofgren, sanders):
    make_legislator("B000002", display_name="Former Member", in_office=False)
    client.force_login(alice)

    page = client.get(f"/dashboard/{draft.slug}/team/").content.decode()

    assert '<optgroup label="California">' in page
    assert page.index("California") < page.index("Rep. Zoe Lofgren, D-Calif.")
    assert page.index("Rep. Zoe Lofgren, D-Calif.") < page.index('<optgroup label="Vermont">')
    assert "Former Member" not in page
