"""The audit trail's filter names its subjects in the plural, spelled right."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_audit_filter_offers_deliveries_not_deliverys(client, draft, alice):
    client.force_login(alice)

    page = client.get(f"/dashboard/{draft.slug}/audit/").content.decode()

    for label in ("Text versions", "Signatures", "Deliveries"):
        assert f">{label}</option>" in page
    assert "Deliverys" not in page
