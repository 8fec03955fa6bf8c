"""What tripped a newcomer, walked through in Chromium on a letter of its own (not the demo
letter, whose state the other journeys change): the campaign's tabs fit one row on a desktop
and scroll on a phone, an invitation opened signed out is named on the login page, and a
national organization signs without a city or state."""

import pytest

from tests.e2e.conftest import OUTPUT, WIDTHS
from tests.e2e.steps import add_recipient
from tests.e2e.test_journeys import ORGANIZER, checked, fits_a_phone, log_in

pytestmark = pytest.mark.e2e

TITLE = "Protect the legal aid of asylum seekers"
INVITEE = "newcomer.staffer@coalition.example"


@pytest.fixture(scope="module")
def letter(stage, browser) -> str:
    """A published letter of the organizer's own that organizations may sign."""
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    log_in(page, stage, ORGANIZER)
    page.goto(stage.url + "/dashboard/new/")
    page.fill("input[name=title]", TITLE)
    page.click("button:has-text('Create draft')")
    page.wait_for_url(lambda url: "/dashboard/new/" not in url)
    slug = page.url.split("/dashboard/", 1)[1].split("/", 1)[0]
    page.fill("#id_markdown", "We ask you to fund legal aid for every asylum seeker.")
    page.click("button:has-text('Save draft')")
    page.wait_for_load_state()
    page.goto(f"{stage.url}/dashboard/{slug}/settings/")
    page.fill("input[name=deadline_date]", "2099-01-15")
    page.check("#id_allows_organizations")
    page.uncheck("#id_requires_approval")
    page.click("button:has-text('Save settings')")
    page.wait_for_load_state()
    add_recipient(page, stage, slug, "Speaker of the House", "speaker@house.example")
    page.goto(f"{stage.url}/dashboard/{slug}/")
    page.click("button:has-text('Publish the letter')")
    page.wait_for_load_state()
    context.close()
    return slug


def test_the_campaign_tabs_fit_one_row_on_a_desktop_and_scroll_on_a_phone(stage, page, letter):
    log_in(page, stage, ORGANIZER)
    page.goto(f"{stage.url}/dashboard/{letter}/signatures/")
    tops = page.eval_on_selector_all(
        ".tabs__primary li, .tabs__more",
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))",
    )
    # One row: the raised current tab may stand a border's width higher than the rest.
    assert len(tops) >= 9 and max(tops) - min(tops) <= 4, f"the tabs wrap at 1280 px: {tops}"
    checked(page, "newcomer-tabs")
    # As wide as the other pages: the Signatures page has no wider frame of its own.
    widths = []
    for path in ("signatures/", "settings/"):
        page.goto(f"{stage.url}/dashboard/{letter}/{path}")
        widths.append(page.eval_on_selector("main", "m => m.getBoundingClientRect().width"))
    assert widths[0] == widths[1]

    page.set_viewport_size(WIDTHS["phone"])
    page.goto(f"{stage.url}/dashboard/{letter}/team/")
    nav_height = page.eval_on_selector(".tabs", "n => n.getBoundingClientRect().height")
    tab_height = page.eval_on_selector(".tabs__primary a", "a => a.getBoundingClientRect().height")
    assert nav_height < 2 * tab_height, "the tabs wrap on a phone"
    # The current tab is scrolled into view, and every tab can be reached.
    current = page.locator(".tabs__primary [aria-current=page]")
    assert current.is_visible() and current.bounding_box()["x"] >= 0
    assert current.bounding_box()["x"] + current.bounding_box()["width"] <= WIDTHS["phone"]["width"]
    page.click(".tabs__more summary")
    page.click(".tabs__more a:has-text('Versions')")
    page.wait_for_url("**/versions/")
    assert "More: Versions" in page.inner_text(".tabs__more summary")
    page.screenshot(path=str(OUTPUT / "newcomer-tabs-versions-phone.png"), full_page=True)
    page.set_viewport_size(WIDTHS["desktop"])
    fits_a_phone(page, "newcomer-tabs")


def test_an_invitation_opened_signed_out_is_named_on_the_login_page(stage, page, browser, letter):
    log_in(page, stage, ORGANIZER)
    page.goto(f"{stage.url}/dashboard/{letter}/team/")
    page.fill("input[name=email]", INVITEE)
    page.click("button:has-text('Send invitation')")
    page.wait_for_load_state()
    invitation = stage.wait_for_email(INVITEE, "")

    stranger = browser.new_context(viewport=WIDTHS["desktop"])
    signed_out = stranger.new_page()
    signed_out.problems = []
    signed_out.on(
        "console",
        lambda m: signed_out.problems.append(m.text) if m.type == "error" else None,
    )
    signed_out.goto(stage.link_in(invitation, "/invitations/"))
    signed_out.wait_for_url("**/accounts/login/**")
    notice = signed_out.inner_text(".notice--invitation")
    assert f"You’ve been invited to join “{TITLE}” as editor." in notice
    assert f"Log in or sign up with {INVITEE} to accept" in notice
    checked(signed_out, "newcomer-invitation-login")
    signed_out.click("main a:has-text('Sign up')")
    signed_out.wait_for_url("**/accounts/signup/**")
    assert INVITEE in signed_out.inner_text(".notice--invitation")
    checked(signed_out, "newcomer-invitation-signup")
    stranger.close()


def test_a_national_organization_signs_without_a_city_or_state(stage, page, letter):
    page.goto(f"{stage.url}/letters/{letter}/sign/?kind=organization")
    page.fill("#id_name", "National Immigration Law Center")
    page.fill("#id_signer_name", "Marielena Hincapié")
    page.fill("#id_signer_title", "Executive Director")
    page.fill("#id_email", "mh@nilc.example")
    checked(page, "newcomer-organization-sign")
    page.click("button:has-text('Sign the letter')")
    page.wait_for_selector("h1:has-text('Check your email')")

    message = stage.wait_for_email("mh@nilc.example", "")
    page.goto(stage.link_in(message, "/confirm/"))
    page.click("button:has-text('Confirm')")
    page.wait_for_load_state()
    page.goto(f"{stage.url}/letters/{letter}/signers/")
    assert "National Immigration Law Center" in page.inner_text("main")
    assert "National Immigration Law Center," not in page.inner_text("main")
    checked(page, "newcomer-organization-credited")


def test_a_text_too_long_comes_back_as_typed_with_the_reason_at_the_top_and_the_field(
    stage, page, letter
):
    log_in(page, stage, ORGANIZER)
    page.goto(f"{stage.url}/dashboard/{letter}/letter/")
    assert page.get_attribute("#id_markdown", "maxlength") is None  # nothing cut silently
    pasted = "A line of the pasted letter.\n" * 3500  # 101,500 characters, 3,500 line breaks
    # A paste: the whole text at once (typing 100,000 characters would take minutes).
    page.eval_on_selector("#id_markdown", "(box, text) => { box.value = text; }", pasted)
    page.click("button:has-text('Save the draft of the next version')")
    page.wait_for_selector("[data-error-summary]")
    summary = page.inner_text("[data-error-summary]")
    assert "this text has 101,500. Shorten it by 1,500 characters." in summary
    assert page.input_value("#id_markdown") == pasted
    assert "A line of the pasted letter." in page.inner_text("[data-preview-target]")
    checked(page, "newcomer-letter-too-long")
    page.click("[data-error-summary] a")
    assert page.evaluate("document.activeElement.id") == "id_markdown"
