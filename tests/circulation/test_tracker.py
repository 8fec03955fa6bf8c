"""The office tracker: the offices a letter's team asks, built from the directory, each row
moving by itself with the office's sign-on and by hand with what the team hears."""

import pytest
from django.core import mail

from campaigns.circulation import services
from campaigns.circulation.models import OfficeTarget, TargetList
from campaigns.circulation.services import outreach
from campaigns.congress.models import Committee, CommitteeMembership
from campaigns.errors import Code, ServiceError
from campaigns.signatures import services as signatures_services
from tests.factories import make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def judiciary():
    """House Judiciary: Lofgren and Raskin in the minority, Jordan in the majority."""
    committee = Committee.objects.create(
        thomas_id="HSJU", name="House Committee on the Judiciary", chamber="house"
    )
    members = {
        "lofgren": (make_legislator("L000397"), "minority"),
        "raskin": (make_legislator("R000606", first_name="Jamie", last_name="Raskin",
                                   display_name="Jamie Raskin", state="MD", district=8), "minority"),
        "jordan": (make_legislator("J000289", first_name="Jim", last_name="Jordan",
                                   display_name="Jim Jordan", state="OH", district=4,
                                   party="Republican"), "majority"),
    }  # fmt: skip
    for rank, (legislator, side) in enumerate(members.values(), start=1):
        CommitteeMembership.objects.create(
            committee=committee, legislator=legislator, side=side, rank=rank
        )
    return committee, {name: legislator for name, (legislator, _side) in members.items()}


@pytest.fixture
def letter(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_open_campaign(alice)


def add_the_minority(client, letter, committee):
    return client.post(
        f"/dashboard/{letter.slug}/offices/add/",
        {"offices-committee": committee.pk, "offices-side": "minority", "offices-submit": "1"},
    )


def shown(letter) -> dict[str, str]:
    return {row.legislator.last_name: row.shown_label for row in services.tracker(letter)}


def test_the_team_adds_a_committees_minority_from_the_directory(client, alice, letter, judiciary):
    committee, _members = judiciary
    client.force_login(alice)

    response = add_the_minority(client, letter, committee)

    assert response.status_code == 302
    assert shown(letter) == {"Lofgren": "Not contacted", "Raskin": "Not contacted"}
    add_the_minority(client, letter, committee)  # again: nobody twice
    assert letter.targets.count() == 2


def test_adding_all_of_congress_by_accident_is_refused(client, alice, letter):
    client.force_login(alice)
    response = client.post(f"/dashboard/{letter.slug}/offices/add/", {"offices-submit": "1"})

    assert response.status_code == 400
    assert "adding all of Congress at once" in response.content.decode()
    assert not letter.targets.exists()


def test_an_offices_row_follows_its_sign_on(letter, judiciary, django_capture_on_commit_callbacks):
    _committee, members = judiciary
    services.targets_add(campaign=letter, legislators=[members["lofgren"], members["raskin"]])

    with django_capture_on_commit_callbacks(execute=True):
        signature = signatures_services.signature_create(
            campaign=letter,
            version_number=1,
            details=signatures_services.SignerDetails(
                kind="legislator", email="staffer@mail.house.gov", signer_name="Sam Staffer",
                legislator=members["lofgren"], attested=True,
            ),
        )  # fmt: skip
    assert shown(letter)["Lofgren"] == "Signed, pending confirmation"

    with django_capture_on_commit_callbacks(execute=True):
        signatures_services.signature_confirm(signature_id=signature.pk)
        signatures_services.signature_approve(signature=signature, by=letter.created_by)
    assert shown(letter) == {"Lofgren": "Signed", "Raskin": "Not contacted"}

    with django_capture_on_commit_callbacks(execute=True):
        signatures_services.signature_withdraw(signature_id=signature.pk)
    assert shown(letter)["Lofgren"] == "Not contacted"  # back to what the team had noted
    assert mail.outbox  # the signer's emails went as ever


def test_a_phone_yes_and_a_decline_are_noted_with_who_and_when(client, alice, letter, judiciary):
    _committee, members = judiciary
    services.targets_add(campaign=letter, legislators=members.values())
    rows = {row.legislator.last_name: row.pk for row in letter.targets.select_related("legislator")}
    client.force_login(alice)

    client.post(
        f"/dashboard/{letter.slug}/offices/action/",
        {"ids": [rows["Raskin"]], "action": "signed_pending", "note": "Said yes by phone"},
    )
    client.post(
        f"/dashboard/{letter.slug}/offices/action/", {"ids": [rows["Jordan"]], "action": "declined"}
    )

    assert shown(letter) == {
        "Lofgren": "Not contacted", "Raskin": "Signed, pending confirmation", "Jordan": "Declined",
    }  # fmt: skip
    raskin = OfficeTarget.objects.get(pk=rows["Raskin"])
    assert (raskin.note, raskin.last_contact_by) == ("Said yes by phone", alice)
    assert raskin.last_contact_at is not None


def test_signed_comes_only_from_a_counted_sign_on(letter, judiciary, alice):
    _committee, members = judiciary
    services.targets_add(campaign=letter, legislators=[members["lofgren"]])
    with pytest.raises(ServiceError) as refused:
        services.targets_set_status(
            campaign=letter, target_ids=letter.targets.values_list("pk", flat=True),
            status="signed", by=alice,
        )  # fmt: skip
    assert refused.value.code == Code.TRACKER_STATUS
    assert shown(letter) == {"Lofgren": "Not contacted"}


def test_totals_filters_and_csv(client, alice, letter, judiciary):
    _committee, members = judiciary
    services.targets_add(campaign=letter, legislators=members.values())
    jordan = letter.targets.get(legislator=members["jordan"])
    services.target_update(
        target=jordan, status="declined", note='=HYPERLINK("x")', next_step="", by=alice
    )
    client.force_login(alice)

    page = client.get(f"/dashboard/{letter.slug}/offices/").content.decode()
    declined = client.get(f"/dashboard/{letter.slug}/offices/?status=declined").content.decode()
    csv = client.get(f"/dashboard/{letter.slug}/offices.csv").content.decode()

    assert (
        "3 offices on the list" in page
        and "House, Democrats" in page
        and "House, Republicans" in page
    )
    assert "Jim Jordan" in declined and "Zoe Lofgren" not in declined
    assert "'=HYPERLINK" in csv  # a spreadsheet will not run it


def test_a_saved_list_is_reused_for_the_next_letter(client, alice, letter, judiciary):
    _committee, members = judiciary
    services.targets_add(campaign=letter, legislators=[members["lofgren"], members["raskin"]])
    client.force_login(alice)
    client.post(
        f"/dashboard/{letter.slug}/offices/add/",
        {"save-name": "Judiciary Democrats", "save-submit": "1"},
    )
    saved = TargetList.objects.get(owner=alice)
    with_next = make_open_campaign(alice, title="The next letter")

    client.post(
        f"/dashboard/{with_next.slug}/offices/add/",
        {"apply-saved": saved.pk, "apply-submit": "1"},
    )

    assert sorted(shown(with_next)) == ["Lofgren", "Raskin"]


def test_another_organizers_saved_list_is_not_offered(client, alice, bob, letter):
    bobs = TargetList.objects.create(owner=bob, name="Bob's list")
    client.force_login(alice)
    response = client.post(
        f"/dashboard/{letter.slug}/offices/add/", {"apply-saved": bobs.pk, "apply-submit": "1"}
    )
    assert response.status_code == 400
    assert not letter.targets.exists()


def test_the_team_filters_the_tracker_by_state_and_by_committee(client, alice, letter, judiciary):
    committee, members = judiciary
    services.targets_add(campaign=letter, legislators=[*members.values(), make_legislator(
        "P000197", first_name="Nancy", last_name="Pelosi", display_name="Nancy Pelosi",
        district=11)])  # fmt: skip
    client.force_login(alice)
    tracker = f"/dashboard/{letter.slug}/offices/"

    page = client.get(tracker).content.decode()
    in_maryland = client.get(f"{tracker}?state=MD").content.decode()
    on_judiciary = client.get(f"{tracker}?committee={committee.thomas_id}").content.decode()

    assert '<option value="MD">Maryland</option>' in page
    assert f'<option value="{committee.thomas_id}">House Committee on the Judiciary' in page
    assert "Jamie Raskin" in in_maryland and "Zoe Lofgren" not in in_maryland
    assert "Nancy Pelosi" not in on_judiciary
    assert all(name in on_judiciary for name in ("Zoe Lofgren", "Jamie Raskin", "Jim Jordan"))


def test_each_row_names_its_offices_staff_contacts(client, alice, letter, judiciary):
    _committee, members = judiciary
    services.targets_add(campaign=letter, legislators=[members["lofgren"], members["raskin"]])
    outreach.contact_add(
        campaign=letter, legislator=members["lofgren"], name="Lee Park", email="lee@mail.house.gov"
    )
    client.force_login(alice)

    page = client.get(f"/dashboard/{letter.slug}/offices/?sort=party").content.decode()

    lofgren, raskin = page.index("Zoe Lofgren"), page.index("Jamie Raskin")
    assert lofgren < raskin  # Democrats, then by state: California before Maryland
    assert "Lee Park" in page[lofgren:raskin]
    assert "No staff contact yet" in page[raskin:]
