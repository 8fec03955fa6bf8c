"""The tracker is live for the whole team: its stream says "changed" when a row may have moved,
pushed like the count, and the page then fetches itself again."""

import httpx
import pytest
from django.conf import settings

from campaigns.circulation import services
from campaigns.circulation.models import OfficeTarget
from campaigns.signatures import services as signatures_services
from tests.events import events
from tests.factories import make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def letter(alice):
    campaign = make_open_campaign(alice)
    services.targets_add(campaign=campaign, legislators=[make_legislator()])
    return campaign


def open_stream(server, client, user, letter):
    client.force_login(user)
    return httpx.stream(
        "GET",
        f"{server}/dashboard/{letter.slug}/offices/stream/",
        cookies={settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value},
        timeout=httpx.Timeout(10.0),  # shorter than the heartbeat: a missing event fails
    )


def test_a_teammate_hears_when_an_office_signs_on(asgi_server, client, alice, letter):
    office = letter.targets.get().legislator
    with open_stream(asgi_server, client, alice, letter) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response)
        assert next(stream) == ("changed", {})  # on connecting: look once

        signatures_services.signature_create(
            campaign=letter,
            version_number=letter.current_version.number,
            details=signatures_services.SignerDetails(
                kind="legislator", legislator=office, email="staffer@mail.house.gov",
                signer_name="Sam Staffer", attested=True,
            ),
        )  # fmt: skip

        assert next(stream) == ("changed", {})
    assert services.tracker(letter).get().shown_status == OfficeTarget.Status.SIGNED_PENDING


def test_a_teammate_hears_when_another_marks_a_phone_yes(asgi_server, client, alice, letter):
    with open_stream(asgi_server, client, alice, letter) as response:
        stream = events(response)
        next(stream)

        services.targets_set_status(
            campaign=letter, target_ids=[letter.targets.get().pk], status="considering", by=alice
        )

        assert next(stream) == ("changed", {})


def test_someone_off_the_team_gets_no_stream(asgi_server, client, mallory, letter):
    with open_stream(asgi_server, client, mallory, letter) as response:
        assert response.status_code == 404
