import pytest
from django.urls import reverse

from campaigns.congress.models import Legislator
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
