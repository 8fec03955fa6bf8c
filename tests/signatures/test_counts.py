"""The live count without Redis: counted in the database, cached until the next change."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from campaigns.signatures import counts, services
from campaigns.signatures.models import Milestone, Signature
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user

pytestmark = pytest.mark.django_db


def senator(bioguide_id="S000033", state="VT", party="Independent"):
    return make_legislator(
        bioguide_id, display_name="Bernie Sanders", last_name="Sanders", chamber="senate",
        title="Sen.", state=state, district=None, party=party,
    )  # fmt: skip


def test_the_tally_counts_approved_signatures_by_chamber_party_and_state(alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator())
    add_signature(campaign, senator())
    add_signature(campaign, make_legislator("H000874", state="MD"), status="confirmed")
    add_signature(campaign, make_legislator("V000081", state="NY"), status="withdrawn")

    tally = counts.current(campaign.pk)

    assert tally.total == 2
    assert tally.by_chamber == {"house": 1, "senate": 1}
    assert tally.by_party == {"D": 1, "I": 1}
    assert tally.by_state == {"CA": 1, "VT": 1}


def test_each_change_of_state_moves_the_count(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice)
    lofgren = add_signature(campaign, make_legislator(), status="confirmed")
    assert counts.current(campaign.pk).total == 0  # cached from here on

    with django_capture_on_commit_callbacks(execute=True):
        services.signature_approve(signature=lofgren, by=alice)
    assert counts.current(campaign.pk).total == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.signature_withdraw(signature_id=lofgren.pk)
    assert counts.current(campaign.pk).total == 0


def test_count_json_is_public_cacheable_and_answers_304(client, alice):
    campaign = make_open_campaign(alice, goal=200)
    add_signature(campaign, make_legislator())
    url = f"/letters/{campaign.slug}/count.json"

    response = client.get(url)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=5"
    data = response.json()
    assert set(data) == {
        "slug", "count", "goal", "deadline", "status", "by_chamber", "by_party", "by_state",
        "updated_at",
    }  # fmt: skip
    assert (data["slug"], data["count"], data["goal"], data["status"]) == (
        campaign.slug,
        1,
        200,
        "open",
    )
    assert data["by_state"] == {"CA": 1}
    assert data["deadline"] == campaign.deadline.isoformat()

    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_drafts_and_unknown_letters_have_no_count(client, draft):
    assert client.get(f"/letters/{draft.slug}/count.json").status_code == 404
    assert client.get("/letters/nope/count.json").status_code == 404


def test_crossing_a_milestone_emails_the_organizers_once(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice, goal=500)
    editor = make_user("bob@example.org")
    from campaigns.letters.models import CampaignMember
    from tests.factories import add_member

    add_member(campaign, editor, CampaignMember.Role.EDITOR)
    add_member(campaign, make_user("carol@example.org"), CampaignMember.Role.VIEWER)
    Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status="approved", verification="email",
 name=f"Person {i}", sort_name=f"person {i}",
                list_group=Signature.Group.INDIVIDUALS,
            )
            for i in range(99)
        ]
    )  # fmt: skip
    counts.rebuild(campaign.pk)
    hundredth = add_signature(campaign, make_legislator(), status="confirmed")

    with django_capture_on_commit_callbacks(execute=True):
        services.signature_approve(signature=hundredth, by=alice)

    milestone = Milestone.objects.get()
    assert (milestone.count, milestone.is_goal) == (100, False)
    announcement = Entry.objects.get(key=f"milestone:{milestone.pk}")
    assert announcement.sent_at is not None
    (message,) = milestone_emails()
    assert sorted(message.to) == ["alice@example.org", "bob@example.org"]
    assert message.subject == f"Over 100 signatures: “{campaign.title}”"

    # The same task again (a retry, a second delivery, another worker): nothing more is sent.
    assert outbox.send(announcement.pk) is False
    assert outbox.send(announcement.pk) is False
    assert len(milestone_emails()) == 1

    # Falling below and rising again does not announce 100 twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_withdraw(signature_id=hundredth.pk)
    again = add_signature(campaign, make_legislator("H000874"), status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_approve(signature=again, by=alice)
    assert len(milestone_emails()) == 1


def milestone_emails():
    return [message for message in mail.outbox if "signatures" in message.subject]


def test_reaching_the_goal_is_its_own_milestone(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice, goal=2, requires_approval=True)
    first = add_signature(campaign, make_legislator(), status="confirmed")
    second = add_signature(campaign, senator(), status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_approve(signature=first, by=alice)
        services.signature_approve(signature=second, by=alice)

    milestone = Milestone.objects.get()
    assert (milestone.count, milestone.is_goal) == (2, True)
    assert [m.subject for m in milestone_emails()] == [
        f"Goal reached: 2 signatures on “{campaign.title}”"
    ]


def test_rebuild_counts_reports_each_letter(alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator())
    out = StringIO()

    call_command("rebuild_counts", stdout=out)
    call_command("rebuild_counts", campaign.slug, stdout=out)

    assert f"{campaign.slug}: 1 signatures, no drift" in out.getvalue()
    assert "0 letters had drifted." in out.getvalue()
    with pytest.raises(Exception, match="No letter"):
        call_command("rebuild_counts", "no-such-letter", stdout=out)


def test_the_widget_may_be_framed_by_any_site_but_nothing_else_may(client, alice):
    campaign = make_open_campaign(alice, goal=100)
    add_signature(campaign, make_legislator())

    widget = client.get(f"/letters/{campaign.slug}/embed/")

    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    page = widget.content.decode()
    assert 'target="_blank" rel="noopener"' in page
    assert f"/letters/{campaign.slug}/sign/" in page
    assert "data-count-value>1</span>" in page
    assert client.get(f"/letters/{campaign.slug}/")["X-Frame-Options"] == "DENY"


def test_the_press_page_has_the_breakdown_the_line_and_the_snippets(client, alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator(), featured=True)
    add_signature(campaign, senator())
    client.force_login(alice)

    page = client.get(f"/dashboard/{campaign.slug}/press/").content.decode()

    assert "2 signatures" in page
    assert "Democrats" in page and "Independents" in page and "California" in page
    assert "Among the 2 signatures is Rep. Zoe Lofgren, D-Calif." in page
    assert (
        f"/static/js/embed.js&quot; data-letter=&quot;http://127.0.0.1:8000/letters/{campaign.slug}/embed/"
        in page
    )
    assert "&lt;iframe src=" in page


def test_healthz_reports_each_dependency(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "redis": "not configured (tasks run in-process)",
            "worker": "in-process",
        },
    }
