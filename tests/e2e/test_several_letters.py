"""An organizer runs several letters: duplicates one, finds the copy by search and by status,
deletes a draft through its confirmation, and archives a letter once it is delivered. The
journey makes its own letter, so it does not depend on where the demo letter stands."""

import pytest

from tests.e2e import steps
from tests.e2e.steps import generate_pdf
from tests.e2e.test_journeys import ORGANIZER, checked, fits_a_phone, log_in

pytestmark = pytest.mark.e2e

TITLE = "Fund the school lunch program"
RECIPIENT = "chair@agriculture.example"


def make_a_letter(page, stage) -> str:
    return steps.make_a_letter(
        page, stage, title=TITLE,
        text="We write to urge full funding of the school lunch program.",
        recipient=("Chair of the Agriculture Committee", RECIPIENT),
    )  # fmt: skip


def test_an_organizer_duplicates_finds_deletes_and_archives_letters(stage, page):
    log_in(page, stage, ORGANIZER)
    slug = make_a_letter(page, stage)

    # Duplicate: a new draft with its own address.
    page.goto(f"{stage.url}/dashboard/{slug}/")
    checked(page, "several-overview-draft")
    page.click("button:has-text('Duplicate the letter')")
    page.wait_for_selector(f"h1:has-text('{TITLE} (copy)')")
    copy = page.url.rstrip("/").split("/")[-1]
    assert copy != slug

    # Found by a word of its title, then by its status.
    page.goto(stage.url + "/dashboard/")
    page.fill("#dashboard-q", "school lunch")
    page.click("button:has-text('Search')")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    page.click("nav[aria-label='Letters by status'] a:has-text('Draft')")
    assert "q=school" in page.url and "status=draft" in page.url
    assert page.locator("table tbody tr").count() == 2
    checked(page, "several-dashboard-search")
    fits_a_phone(page, "the dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    for label in ("Signatures", "Your role"):
        assert page.locator(f"td[data-label='{label}']").first.is_visible(), label
    page.set_viewport_size({"width": 1280, "height": 900})

    # Delete the copy, after seeing what goes with it.
    page.goto(f"{stage.url}/dashboard/{copy}/")
    page.click("a:has-text('Delete the draft')")
    page.wait_for_selector("h2:has-text('Delete this draft?')")
    assert "1 recipient" in page.inner_text("main")
    checked(page, "several-delete-confirm")
    page.click("button:has-text('Delete the draft')")
    page.wait_for_url("**/dashboard/")
    assert "Deleted the draft" in page.inner_text("main")
    assert page.locator(f"a[href='/dashboard/{copy}/']").count() == 0

    # Publish, make the PDF and deliver the original, then archive it.
    page.goto(f"{stage.url}/dashboard/{slug}/")
    page.click("button:has-text('Publish the letter')")
    page.wait_for_selector(".status--open")
    generate_pdf(page, stage, slug)
    page.goto(f"{stage.url}/dashboard/{slug}/delivery/")
    page.click("a:has-text('Deliver the letter now')")  # what will happen, then the button
    page.click("button:has-text('Deliver to 1 recipient')")
    page.wait_for_selector(".status--sent", timeout=60_000)
    stage.wait_for_email(RECIPIENT, TITLE)
    for _ in range(60):  # the receipt follows from the outbox
        page.goto(f"{stage.url}/dashboard/{slug}/")
        if page.query_selector("h1 .status--delivered"):
            break
        page.wait_for_timeout(500)
    page.click("button:has-text('Archive the letter')")
    page.wait_for_selector("h1 .status--archived")
    checked(page, "several-archived")

    page.goto(stage.url + "/dashboard/?q=school+lunch")
    assert page.locator("table tbody tr").count() == 0
    page.click("nav[aria-label='Letters by status'] a:has-text('Archived')")
    assert page.locator(f"table a[href='/dashboard/{slug}/']").count() == 1
    checked(page, "several-dashboard-archived")
    response = page.request.get(f"{stage.url}/letters/{slug}/")
    assert response.ok
