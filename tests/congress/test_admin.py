import pytest
from django.urls import reverse

from campaigns.congress.models import Committee, CommitteeMembership, Legislator
from tests.factories import make_legislator

pytestmark = pytest.mark.django_db


def test_staff_edit_a_members_display_name_and_imports_keep_it(staff_client):
    legislator = make_legislator(
        "V000081", first_name="Nydia", last_name="Velázquez", display_name="Nydia Velázquez"
    )
    url = reverse("admin:congress_legislator_change", args=[legislator.pk])

    response = staff_client.post(url, {"display_name": "Nydia Velazquez"})

    assert response.status_code == 302
    legislator.refresh_from_db()
    assert (legislator.display_name, legislator.display_name_edited) == ("Nydia Velazquez", True)
    assert Legislator.objects.count() == 1


def test_staff_read_a_committee_with_its_members_but_cannot_change_it(staff_client):
    judiciary = Committee.objects.create(
        thomas_id="HSJU", name="House Committee on the Judiciary", chamber="house"
    )
    CommitteeMembership.objects.create(
        committee=judiciary, legislator=make_legislator(), side="minority", rank=3
    )
    url = reverse("admin:congress_committee_change", args=[judiciary.pk])

    page = staff_client.get(url)
    refused = staff_client.post(url, {"name": "Renamed"})

    assert page.status_code == 200
    assert "House Committee on the Judiciary" in page.text and "Zoe Lofgren" in page.text
    assert refused.status_code == 403
    assert Committee.objects.get().name == "House Committee on the Judiciary"
