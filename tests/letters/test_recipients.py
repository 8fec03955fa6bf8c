import pytest

pytestmark = pytest.mark.django_db


def add(client, campaign, **data):
    fields = {
        "name": "President Barack Obama",
        "address": "1600 Pennsylvania Avenue NW",
        "channel": "print",
    }
    fields.update(data)
    return client.post(f"/dashboard/{campaign.slug}/recipients/add/", fields)


def test_an_email_recipient_needs_an_email_address(client, draft, alice):
    client.force_login(alice)
    response = add(client, draft, name="Press office", channel="email", email="")
    assert response.status_code == 200
    assert "needs an email address" in response.content.decode()
    assert draft.recipients.count() == 1  # only the factory's


def test_a_printed_letter_needs_a_postal_address(client, draft, alice):
    client.force_login(alice)
    response = add(client, draft, address="   ")
    assert "needs a postal address" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "channel": "email"}, "Enter a valid email"),
        ({"name": ""}, "This field is required"),
        ({"name": "x" * 201}, "at most 200"),
        ({"channel": "pigeon"}, "Select a valid choice"),
    ],
)
def test_bad_recipient_data_is_refused_when_saved(client, draft, alice, data, message):
    client.force_login(alice)
    response = add(client, draft, **data)
    assert message in response.content.decode()
    assert draft.recipients.count() == 1


def test_recipients_can_be_edited_and_removed(client, draft, alice):
    client.force_login(alice)
    recipient = draft.recipients.get()
    client.post(
        f"/dashboard/{draft.slug}/recipients/{recipient.pk}/",
        {"name": "The President", "address": "The White House", "channel": "print"},
    )
    recipient.refresh_from_db()
    assert recipient.name == "The President"

    client.post(f"/dashboard/{draft.slug}/recipients/{recipient.pk}/delete/")
    assert not draft.recipients.exists()
