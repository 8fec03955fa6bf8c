"""A draft's preview page says what is true of it: not yet published, and when signing will end."""

import pytest

from campaigns.letters.deadlines import format_deadline

pytestmark = pytest.mark.django_db


def test_a_drafts_page_says_it_is_not_yet_published_with_its_deadline_and_zone(
    client, draft, alice
):
    client.force_login(alice)

    page = client.get(f"/letters/{draft.slug}/").content.decode()

    deadline = format_deadline(draft.deadline, draft.time_zone)
    assert "Not yet published; sign-on deadline: " in page
    assert f'">{deadline}</time>' in page
    assert " EST, " in deadline or " EDT, " in deadline  # the zone is named
    assert "Signatures closed" not in page
