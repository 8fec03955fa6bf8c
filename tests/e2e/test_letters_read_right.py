"""A new letter addressed from the directory: the Speaker and the Democratic Leader, picked from
the leadership, are greeted together in the preview, at desktop and phone widths."""

import re

import pytest

from tests.e2e.test_journeys import ORGANIZER, checked, fits_a_phone, log_in

pytestmark = pytest.mark.e2e

# As the directory's data has them: Speaker of the House Mike Johnson, and Hakeem Jeffries,
# whose leadership_roles call him "House Minority Leader".
SPEAKER = "Speaker of the House: Rep. Mike Johnson, R-La."
LEADER = "House Minority Leader: Rep. Hakeem Jeffries, D-N.Y."
GREETING = "Dear Speaker Johnson and Leader Jeffries:"


def test_a_letter_to_the_speaker_and_the_leader_picked_from_the_directory_greets_both(stage, page):
    log_in(page, stage, ORGANIZER)
    page.goto(stage.url + "/dashboard/new/")
    page.fill("input[name=title]", "Protect the Dreamers")
    page.click("button:has-text('Create draft')")
    page.wait_for_url(lambda url: "/dashboard/new/" not in url)
    slug = page.url.split("/dashboard/", 1)[1].split("/", 1)[0]

    page.goto(f"{stage.url}/dashboard/{slug}/recipients/")
    for who in (SPEAKER, LEADER):
        page.select_option("select[name=who]", label=who)
        page.click("button:has-text('Add from the directory')")
        page.wait_for_load_state()
    assert page.inner_text("#composed-salutation") == GREETING
    assert "521 Cannon House Office Building" in page.inner_text("main")
    checked(page, "letters-read-right-recipients")
    fits_a_phone(page, "letters-read-right-recipients")

    page.goto(f"{stage.url}/dashboard/{slug}/letter/")
    page.fill(
        "#id_markdown",
        "We write to ask you:\n•\tto bring the Dream Act to the floor;\n•\tto protect "
        "“Dreamers” — now.",
    )
    page.click("button[name=preview]")
    page.wait_for_selector("text=to bring the Dream Act to the floor")
    preview = page.locator(".editor__preview")
    assert preview.locator(".letter__salutation").inner_text() == GREETING
    assert preview.locator("li").count() == 2
    assert re.search("protect “Dreamers” — now", preview.inner_text())
    checked(page, "letters-read-right-preview")
    fits_a_phone(page, "letters-read-right-preview")
