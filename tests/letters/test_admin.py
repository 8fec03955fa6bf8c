import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


def test_every_model_has_a_working_admin(staff_client, alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator())
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label
        in ("accounts", "congress", "letters", "signatures", "documents", "delivery")
    ]
    for model in models:
        meta = model._meta
        listing = staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert listing.status_code == 200, meta.label
        row = model.objects.first()
        if row is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
            assert staff_client.get(url).status_code == 200, meta.label
