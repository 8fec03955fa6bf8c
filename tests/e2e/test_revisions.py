"""An organizer's own letter is revised as congressional offices expect: a typo is fixed as a
correction (nobody emailed), then a substantive change asks its signers to re-confirm by a date;
one does from the email, the organizer keeps the other; delivering asks for confirmation first.
Each step is screenshotted at desktop and phone widths and checked with axe-core."""

import pytest

from tests.e2e.steps import add_recipient, generate_pdf
from tests.e2e.test_journeys import ORGANIZER, checked, fits_a_phone, log_in

pytestmark = pytest.mark.e2e

TEXT = (
    "We write to urge full fundng of the 2030 census.\n\nAn accurate count serves every district."
)
SIGNERS = {"pat.reyes@census-friends.example": "Pat Reyes", "quinn.hale@census-friends.example": "Quinn Hale"}  # fmt: skip


def new_letter(page, stage) -> str:
    page.goto(stage.url + "/dashboard/new/")
    page.fill("input[name=title]", "Fund the 2030 census")
    page.click("button:has-text('Create draft')")
    page.wait_for_url(lambda url: "/dashboard/new/" not in url)
    slug = page.url.split("/dashboard/", 1)[1].split("/", 1)[0]
    page.fill("#id_markdown", TEXT)
    page.click("button:has-text('Save draft')")
    page.wait_for_load_state()
    page.goto(f"{stage.url}/dashboard/{slug}/settings/")
    page.fill("input[name=deadline_date]", "2099-01-15")
    page.check("input[name=allows_individuals]")
    page.uncheck("input[name=requires_approval]")
    page.click("button:has-text('Save settings')")
    page.wait_for_load_state()
    add_recipient(page, stage, slug, "Secretary of Commerce", "secretary@commerce.example")
    page.goto(f"{stage.url}/dashboard/{slug}/")
    page.click("button:has-text('Publish the letter')")
    page.wait_for_load_state()
    return slug


def sign_and_confirm(browser, stage, slug: str, email: str, name: str) -> None:
    signer = browser.new_context().new_page()
    signer.goto(f"{stage.url}/letters/{slug}/sign/?kind=individual")
    signer.fill("#id_signer_name", name)
    signer.fill("#id_email", email)
    signer.fill("#id_city", "Dayton")
    signer.select_option("#id_state", "OH")
    signer.click("button:has-text('Sign the letter')")
    signer.wait_for_selector("h1:has-text('Check your email')")
    signer.goto(stage.link_in(stage.wait_for_email(email, ""), "/confirm/"))
    signer.click("button:has-text('Confirm my signature')")
    signer.wait_for_load_state()
    signer.context.close()


def draft_the_next_text(page, stage, slug: str, text: str, note: str) -> None:
    page.goto(f"{stage.url}/dashboard/{slug}/letter/")
    page.fill("#id_markdown", text)
    page.fill("#id_change_note", note)
    page.click("button:has-text('Save the draft of the next version')")
    page.wait_for_url("**/versions/next/")


def test_a_typo_is_corrected_a_change_is_reconfirmed_and_delivery_is_confirmed(
    stage, page, browser
):
    log_in(page, stage, ORGANIZER)
    slug = new_letter(page, stage)
    for email, name in SIGNERS.items():
        sign_and_confirm(browser, stage, slug, email, name)
    emails_before = {email: len(stage.emails_to(email)) for email in SIGNERS}

    # A typo: a correction, recorded and published without a word to the signers.
    fixed = TEXT.replace("fundng", "funding")
    draft_the_next_text(page, stage, slug, fixed, "Fix a typo")
    assert page.locator(".side-by-side ins").first.inner_text() == "funding"
    checked(page, "revision-compare")
    fits_a_phone(page, "revision-compare")
    page.click("a:has-text('Publish version 2')")
    page.check("input[value=correction]")
    page.click("button:has-text('Continue')")
    assert "Nobody is emailed" in page.inner_text(".consequences")
    checked(page, "revision-correction-confirm")
    page.click("button:has-text('Publish as a correction')")
    page.wait_for_url("**/versions/")
    assert "Correction" in page.inner_text("table")
    checked(page, "revision-versions")

    # A substantive change: the owner sees who is emailed, sets the date, and confirms.
    changed = fixed + "\n\nWe also ask for a count of every overseas service member."
    draft_the_next_text(page, stage, slug, changed, "Count service members overseas")
    page.click("a:has-text('Publish version 3')")
    page.check("input[value=substantive]")
    page.fill("#id_reconfirm_by", "2099-01-08")
    page.click("button:has-text('Continue')")
    consequences = page.inner_text(".consequences")
    assert "2 signers of earlier versions are emailed" in consequences
    assert "January 8, 2099" in consequences
    checked(page, "revision-substantive-confirm")
    fits_a_phone(page, "revision-substantive-confirm")
    page.click("button:has-text('Publish and email 2 signers')")
    page.wait_for_url("**/versions/")

    pat, quinn = SIGNERS
    notice = stage.wait_for_email(pat, "re-confirm")
    assert stage.wait_for_email(quinn, "re-confirm")
    # The correction sent nothing: each signer has only the one notice since signing.
    assert all(len(stage.emails_to(email)) == emails_before[email] + 1 for email in SIGNERS)
    signer = browser.new_context().new_page()
    signer.problems = []
    signer.goto(stage.link_in(notice, "/reconfirm/"))
    checked(signer, "reconfirm")
    signer.click("button:has-text('I still sign the letter as it now reads')")
    signer.wait_for_selector("h1:has-text('Your signature stands on the current text')")
    checked(signer, "reconfirmed")

    signer.goto(f"{stage.url}/letters/{slug}/")
    assert signer.inner_text(".count-box__version") == "1 on the current text (version 3)"
    checked(signer, "revision-public-count")
    signer.context.close()

    # Quinn did not re-confirm: the organizer decides, and keeps the signature.
    page.goto(f"{stage.url}/dashboard/{slug}/signatures/?show=earlier")
    assert "Signed an earlier version (version 1)" in page.inner_text("table")
    checked(page, "revision-earlier-signers")
    page.click("button:has-text('Keep')")
    page.wait_for_load_state()
    assert "Kept 1 signer of an earlier version." in page.content()
    page.goto(f"{stage.url}/letters/{slug}/")
    assert page.inner_text(".count-box__version") == "All on the current text (version 3)"

    # Delivering first says what will happen; only the confirmation delivers.
    generate_pdf(page, stage, slug)
    page.goto(f"{stage.url}/dashboard/{slug}/delivery/")
    page.click("a:has-text('Deliver the letter now')")
    consequences = page.inner_text(".consequences")
    assert "Signing closes now" in consequences
    assert "secretary@commerce.example" in consequences and "2 signatures" in consequences
    checked(page, "delivery-confirm")
    fits_a_phone(page, "delivery-confirm")
    page.click("button:has-text('Deliver to 1 recipient')")
    page.wait_for_load_state()
    assert "Delivery started to 1 recipient" in page.content()
    assert stage.wait_for_email("secretary@commerce.example", "Fund the 2030 census")
