"""Signing someone up through the API: the sign form's rules and its confirmation email. With
no token the answer is `200 {}` whatever happened; a team's write token hears what happened."""

import pytest
from django.core import mail

from campaigns.letters.models import AuditEvent
from campaigns.signatures.models import Signature
from tests.api.conftest import petition_url, token_for
from tests.factories import add_signature
from tests.signing import confirm_from_email

pytestmark = pytest.mark.django_db


def person(email: str = "ann.lee@example.org", **more) -> dict:
    """Ann, for herself unless told otherwise (the letter takes Members and people)."""
    more.setdefault("kind", "individual")
    return {
        "person": {
            "given_name": "Ann", "family_name": "Lee", "email_addresses": [{"address": email}],
            "postal_addresses": [{"locality": "Boston", "region": "MA"}],
        },
        **more,
    }  # fmt: skip


def staffer(email: str, bioguide_id: str) -> dict:
    """A Member's staffer, signing the Member on."""
    body = person(email, kind="legislator", legislator=bioguide_id, attested=True)
    body["person"].update(
        job_title="Legislative Director", phone_numbers=[{"number": "202-225-3072"}]
    )
    return body


def test_without_a_token_someone_is_signed_up_and_confirms_from_the_email(
    api, client, letter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(petition_url(letter, "record_signature_helper/"), person())

    assert response.status_code == 200
    assert response.json() == {}
    signature = Signature.objects.get()
    assert (signature.kind, signature.name, signature.status) == (
        "individual",
        "Ann Lee",
        "unconfirmed",
    )
    (message,) = mail.outbox
    assert message.to == ["ann.lee@example.org"]
    confirm_from_email(client, django_capture_on_commit_callbacks)
    signature.refresh_from_db()
    assert signature.status == "approved"


def test_signing_again_with_the_same_address_still_answers_200_and_tells_only_its_owner(
    api, client, letter, django_capture_on_commit_callbacks
):
    helper = petition_url(letter, "record_signature_helper/")
    with django_capture_on_commit_callbacks(execute=True):
        api.post(helper, person())
    confirm_from_email(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(helper, person())

    assert (again.status_code, again.json()) == (200, {})
    assert Signature.objects.count() == 1
    (notice,) = mail.outbox
    assert notice.to == ["ann.lee@example.org"]


def test_a_refused_sign_on_without_a_token_also_answers_200_and_stores_nothing(
    api, letter, lofgren
):
    response = api.post(
        petition_url(letter, "record_signature_helper/"),
        staffer("staff@gmail.example", "L000397"),
    )

    assert (response.status_code, response.json()) == (200, {})
    assert not Signature.objects.exists()


def test_a_body_the_sign_form_refuses_gets_its_errors_by_field(api, letter):
    response = api.post(
        petition_url(letter, "record_signature_helper/"),
        person("not an address", kind="individual"),
    )

    assert response.status_code == 400
    assert "person.email_addresses" in response.json()["errors"]
    assert not Signature.objects.exists()


def test_a_body_that_is_not_json_is_refused_in_json(api, client, letter):
    response = client.post(petition_url(letter, "record_signature_helper/"), {"x": "y"})

    assert response.status_code == 415
    assert "detail" in response.json()


def test_a_write_token_gets_the_signature_and_the_audit_trail_names_the_token(
    api, alice, letter, django_capture_on_commit_callbacks
):
    secret = token_for(alice, scope="write", contacts=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(petition_url(letter, "record_signature_helper/"), person(), secret)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "unconfirmed"
    assert body["person"]["given_name"] == "Ann"
    assert body["person"]["family_name"] == "Lee"
    assert mail.outbox[0].to == ["ann.lee@example.org"]  # the same confirmation as the form's
    entry = AuditEvent.objects.get(subject_type="signature")
    assert entry.actor_label == "alice@example.org, API token “CRM sync”"
    assert entry.to_state == "unconfirmed"


def test_a_write_token_hears_that_the_office_has_already_signed(api, alice, lofgren):
    from tests.factories import make_open_campaign

    letter = make_open_campaign(alice, title="Members only", requires_approval=False)
    add_signature(letter, lofgren)
    secret = token_for(alice, scope="write")

    response = api.post(
        petition_url(letter, "record_signature_helper/"),
        staffer("alex@mail.house.gov", lofgren.bioguide_id),
        secret,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "office_taken"
    assert "already" in response.json()["detail"]


def test_a_read_token_may_not_sign_anyone_up(api, alice, letter):
    response = api.post(
        petition_url(letter, "record_signature_helper/"), person(), token_for(alice, scope="read")
    )

    assert response.status_code == 403
    assert "write scope" in response.json()["detail"]
    assert not Signature.objects.exists()


def test_without_a_token_the_sign_forms_rate_limit_applies(api, letter, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign": (1, 600)}
    helper = petition_url(letter, "record_signature_helper/")
    api.post(helper, person("one@example.org"))

    response = api.post(helper, person("two@example.org"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Signature.objects.count() == 1


def test_an_osdi_client_that_leaves_out_the_final_slash_is_sent_on_with_its_body(api, letter):
    response = api.post(petition_url(letter, "record_signature_helper"), person())

    assert response.status_code == 308
    assert response["Location"].endswith("/record_signature_helper/")


def test_the_kind_of_signer_must_be_said_where_the_letter_takes_several(api, letter):
    body = person()
    del body["kind"]

    response = api.post(petition_url(letter, "record_signature_helper/"), body)

    assert response.status_code == 400
    assert "more than one kind" in response.json()["errors"]["kind"][0]


def test_the_kind_may_be_left_out_where_the_letter_takes_one(api, alice, lofgren):
    from tests.factories import make_open_campaign

    members_only = make_open_campaign(alice, title="Members only", requires_approval=False)
    body = staffer("alex@mail.house.gov", lofgren.bioguide_id)
    del body["kind"]

    response = api.post(petition_url(members_only, "record_signature_helper/"), body)

    assert (response.status_code, response.json()) == (200, {})
    assert Signature.objects.get().legislator == lofgren
