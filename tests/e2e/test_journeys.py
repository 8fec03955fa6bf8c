"""Journeys through the demo letter in headless Chromium, in order: staffers sign and confirm
from their email, the organizer approves while the public count rises, an editor revises the
text and a signer withdraws, the PDF is made, the letter is delivered and the receipt shows;
and a new organizer signs up, verifies, turns on MFA, drafts, previews and publishes.
Each step is screenshotted at desktop and phone widths and checked with axe-core."""

import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT, WIDTHS, axe, html_errors, shoot
from tests.e2e.steps import add_recipient, generate_pdf

pytestmark = pytest.mark.e2e

SLUG = "deportation-raids-2016"
ORGANIZER = ("organizer@cosign.test", "cosign-demo")
EDITOR = ("editor@cosign.test", "editor-password-e2e")
SENATE_STAFFER = "jordan.rivers@sanders.senate.gov"
HOUSE_STAFFER = "ana.lopez@mail.house.gov"
WHITE_HOUSE = "president@whitehouse.example"


def checked(page, name: str) -> None:
    """Screenshots at both widths; no serious or critical axe violation; no console error."""
    shoot(page, name)
    assert axe(page, name) == [], f"axe on {name}"
    assert page.problems == [], f"console on {name}: {page.problems}"


def fits_a_phone(page, name: str) -> None:
    """At 390 px the page scrolls only down: wide tables scroll inside their own box."""
    page.set_viewport_size(WIDTHS["phone"])
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(WIDTHS["desktop"])
    assert width <= WIDTHS["phone"]["width"], f"{name} is {width} px wide on a phone"


def log_in(page, stage, who) -> None:
    page.goto(stage.url + "/accounts/login/")
    page.fill("input[name=login]", who[0])
    page.fill("input[name=password]", who[1])
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/**")


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus: it is reachable from the keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def count_on(page) -> int:
    return int(page.inner_text("[data-count-value]").replace(",", ""))


def test_the_public_pages_are_accessible_and_valid(stage, page):
    pages = {
        "home": "/",
        "letter": f"/letters/{SLUG}/",
        "sign": f"/letters/{SLUG}/sign/",
        "signers": f"/letters/{SLUG}/signers/",
        "widget": f"/letters/{SLUG}/embed/",
    }
    sources = {}
    for name, path in pages.items():
        page.goto(stage.url + path)
        checked(page, f"public-{name}")
        sources[name] = page.content()
    assert html_errors(sources) == []


def test_a_senate_staffer_signs_by_keyboard_alone_and_confirms(stage, page):
    page.goto(f"{stage.url}/letters/{SLUG}/sign/?kind=legislator")
    tab_to(page, "#member-q")
    page.keyboard.type("Sanders")
    page.keyboard.press("Enter")  # the form's first button: Find
    page.wait_for_selector("#member-S000033")
    tab_to(page, "input[name=legislator]")
    page.keyboard.press("Space")
    assert page.is_checked("#member-S000033")
    for field, text in [
        ("#id_signer_name", "Jordan Rivers"),
        ("#id_signer_title", "Legislative Director"),
        ("#id_email", SENATE_STAFFER),
        ("#id_phone", "202-224-5141"),
    ]:
        tab_to(page, field)
        page.keyboard.type(text)
    tab_to(page, "#id_attested")
    page.keyboard.press("Space")
    checked(page, "sign-senate-filled")
    tab_to(page, "form.sign-form button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Check your email')")
    checked(page, "sign-senate-check-email")

    message = stage.wait_for_email(SENATE_STAFFER, "")
    page.goto(stage.link_in(message, "/confirm/"))
    checked(page, "sign-senate-confirm")
    page.click("button:has-text('Confirm')")
    page.wait_for_load_state()
    checked(page, "sign-senate-confirmed")


def test_a_house_staffer_signs_and_the_count_rises_live_on_approval(stage, page, browser):
    page.goto(f"{stage.url}/letters/{SLUG}/sign/?kind=legislator")
    page.fill("#member-q", "Vermont")
    page.click("button[name=find]")
    house = page.locator("input[name=legislator]:not([disabled])").first
    house.check()
    page.fill("#id_signer_name", "Ana Lopez")
    page.fill("#id_signer_title", "Chief of Staff")
    page.fill("#id_email", HOUSE_STAFFER)
    page.fill("#id_phone", "202-225-4115")
    page.check("#id_attested")
    page.click("button:has-text('Sign the letter')")
    page.wait_for_load_state()
    message = stage.wait_for_email(HOUSE_STAFFER, "")
    page.goto(stage.link_in(message, "/confirm/"))
    page.click("button:has-text('Confirm')")
    page.wait_for_load_state()

    public = browser.new_context().new_page()
    public.goto(f"{stage.url}/letters/{SLUG}/")
    before = count_on(public)

    log_in(page, stage, ORGANIZER)
    page.goto(f"{stage.url}/dashboard/{SLUG}/signatures/?show=awaiting")
    checked(page, "moderation-queue")
    house_row = page.locator("tr", has_text=HOUSE_STAFFER)  # the Senate sign-on waits too
    house_row.locator("input[name=ids]").check()
    page.select_option("#bulk-action", "approve")
    page.click("button:has-text('Apply')")
    page.wait_for_load_state()
    checked(page, "moderation-approved")
    page.goto(f"{stage.url}/dashboard/{SLUG}/signatures/?show=awaiting")
    assert page.locator("tr", has_text=HOUSE_STAFFER).count() == 0  # no longer waiting
    assert page.locator("tr", has_text=SENATE_STAFFER).count() == 1

    public.wait_for_function(
        "n => parseInt(document.querySelector('[data-count-value]').textContent.replace(/,/g, '')) > n",
        arg=before,
        timeout=30_000,
    )
    assert count_on(public) >= before + 1
    public.screenshot(path=str(ROOT / "test-output" / "e2e" / "count-rose-desktop.png"))
    public.context.close()


def test_an_editor_revises_the_text_and_a_signer_withdraws(stage, page, browser):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", (
            "from accounts.models import User; from allauth.account.models import EmailAddress; "
            "from campaigns.letters.models import Campaign, CampaignMember; "
            f"u = User.objects.create_user('{EDITOR[0]}', '{EDITOR[1]}', name='Eddie Editor'); "
            f"EmailAddress.objects.create(user=u, email='{EDITOR[0]}', verified=True, primary=True); "
            f"CampaignMember.objects.create(campaign=Campaign.objects.get(slug='{SLUG}'), user=u, role='editor')"
        )],
        cwd=ROOT, env=stage.env, check=True,
    )  # fmt: skip
    log_in(page, stage, EDITOR)
    page.goto(f"{stage.url}/dashboard/{SLUG}/letter/")
    text = page.input_value("#id_markdown")
    page.fill("#id_markdown", text + "\n\nWe ask for an answer before the end of January.")
    page.fill("#id_change_note", "Ask for an answer by the end of January")
    checked(page, "editor-revising")
    page.click("button:has-text('Save the draft of the next version')")
    page.wait_for_load_state()
    # The draft is not public until an owner publishes it; this change asks signers again.
    owner = browser.new_context().new_page()
    log_in(owner, stage, ORGANIZER)
    owner.goto(f"{stage.url}/dashboard/{SLUG}/versions/next/publish/")
    owner.check("input[value=substantive]")
    owner.fill("#id_reconfirm_by", "2099-01-15")
    owner.click("button:has-text('Continue')")
    owner.click("button:has-text('Publish and email')")
    owner.wait_for_load_state()
    owner.context.close()

    notice = stage.wait_for_email(SENATE_STAFFER, "changed")
    page.goto(stage.link_in(notice, "/withdraw/"))
    checked(page, "signer-withdraw")
    page.click("button:has-text('Withdraw my signature')")
    page.wait_for_load_state()
    assert "Your signature is withdrawn" in page.content()
    checked(page, "signer-withdrawn")


def test_an_organizer_circulates_the_letter_and_a_sign_on_moves_its_row_live(stage, page, browser):
    log_in(page, stage, ORGANIZER)
    tracker = f"{stage.url}/dashboard/{SLUG}/offices/"

    # The target list: the Democrats of House Judiciary, from the directory.
    page.goto(tracker + "add/")
    page.select_option("#id_offices-committee", label="House Committee on the Judiciary")
    page.select_option("#id_offices-side", "minority")
    checked(page, "circulation-add-offices")
    fits_a_phone(page, "circulation-add-offices")
    sources = {"circulation-add-offices": page.content()}
    page.click("button[name=offices-submit]")
    page.wait_for_load_state()
    added = page.inner_text("main")
    assert "Added" in added and "offices to the tracker" in added

    page.goto(tracker)
    open_rows = page.locator("tbody tr", has=page.locator(".tracker-status--not_contacted"))
    assert open_rows.count() >= 4, "House Judiciary's minority is not on the tracker"
    offices = [
        (row.locator("strong").inner_text(), row.locator("input[name=ids]").get_attribute("value"))
        for row in open_rows.all()[:4]
    ]
    asked, office, phone_yes, declined = offices
    staffers = {asked[1]: "sam.okafor@mail.house.gov", office[1]: "lee.park@mail.house.gov"}

    # The office's staff in the team's address book, from the office's page.
    for (name, pk), email in zip((asked, office), staffers.values(), strict=True):
        page.goto(f"{tracker}{pk}/")
        page.fill("#id_contact-name", email.split("@")[0].replace(".", " ").title())
        page.fill("#id_contact-email", email)
        page.fill("#id_contact-title", "Legislative Director")
        page.click("button[name=contact-submit]")
        page.wait_for_load_state()
        assert email in page.inner_text("main"), f"no contact for {name}"
    checked(page, "circulation-office")
    fits_a_phone(page, "circulation-office")
    sources["circulation-office"] = page.content()

    # The Dear Colleague to the two ticked offices: compose, review, send.
    page.goto(tracker)
    for _name, pk in (asked, office):
        page.check(f"input[name=ids][value='{pk}']")
    page.click("button:has-text('Write a Dear Colleague to them')")
    page.wait_for_selector("h2:has-text('Write a Dear Colleague')")
    page.fill("#id_subject", "Dear Colleague: join us on the deportation raids letter")
    page.fill(
        "#id_body_markdown",
        "Dear Colleague,\n\nPlease join us in asking the President to **suspend the raids**.",
    )
    checked(page, "circulation-compose")
    fits_a_phone(page, "circulation-compose")
    page.click("button[name=review]")
    page.wait_for_url("**/outreach/*/")
    review = page.inner_text("main")
    assert "It will go to 2 offices, 2 addresses" in review
    assert all(email in review for email in staffers.values())
    checked(page, "circulation-review")
    fits_a_phone(page, "circulation-review")
    sources["circulation-review"] = page.content()
    page.click("button:has-text('Send to 2 addresses')")
    page.wait_for_load_state()
    message = stage.wait_for_email(staffers[office[1]], "join us on the deportation raids")
    personal_link = stage.link_in(message, "/sign/from/")
    assert stage.wait_for_email(staffers[asked[1]], "join us on the deportation raids")

    # On the phone: one office says yes, another declines.
    for (_name, pk), action, note in [
        (phone_yes, "signed_pending", "Yes by phone from the chief of staff"),
        (declined, "declined", "Declined: the Member is not signing letters this month"),
    ]:
        page.goto(tracker)
        page.check(f"input[name=ids][value='{pk}']")
        page.select_option("#id_action", action)
        page.fill("#id_note", note)
        page.click("button:has-text('Apply')")
        page.wait_for_load_state()
    page.goto(tracker)

    def status_of(pk: str) -> str:
        return page.inner_text(f"[data-row='{pk}']")

    assert status_of(phone_yes[1]) == "Signed, pending confirmation"
    assert status_of(declined[1]) == "Declined"
    assert status_of(office[1]) == "Asked"  # the Dear Colleague went out
    checked(page, "circulation-tracker")
    fits_a_phone(page, "circulation-tracker")
    sources["circulation-tracker"] = page.content()
    assert html_errors(sources) == []

    # The staffer follows the personal link, and the tracker follows without a reload.
    page.evaluate("window.notReloaded = true")
    staffer = browser.new_context().new_page()
    staffer.goto(personal_link)
    chosen = staffer.locator("input[name=legislator]:checked")
    assert chosen.count() == 1, "the personal link did not choose the office"
    staffer.fill("#id_signer_name", "Lee Park")
    staffer.fill("#id_signer_title", "Legislative Director")
    staffer.fill("#id_email", staffers[office[1]])
    staffer.fill("#id_phone", "202-225-3951")
    staffer.check("#id_attested")
    staffer.click("button:has-text('Sign the letter')")
    staffer.wait_for_selector("h1:has-text('Check your email')")
    staffer.context.close()

    # Pushed, not polled: the page polls only every 10 s where no stream is served.
    page.wait_for_function(
        "pk => document.querySelector(`[data-row='${pk}']`).textContent.startsWith('Signed')",
        arg=office[1],
        timeout=8_000,
    )
    assert page.evaluate("window.notReloaded") is True, "the tracker page was reloaded"
    assert status_of(office[1]) == "Signed, pending confirmation"
    assert office[0] in page.inner_text("[data-tracker-stream]")
    assert page.problems == []
    shoot(page, "circulation-tracker-live")

    # The staffer who got the Dear Colleague leaves the team's address book from its link.
    leave = stage.link_in(message, "/contacts/leave/")
    staffer = browser.new_context().new_page()
    staffer.problems = []
    staffer.on("console", lambda m: m.type == "error" and staffer.problems.append(m.text))
    staffer.goto(leave)
    checked(staffer, "contacts-leave")
    staffer.click("button:has-text('Remove my address')")
    staffer.wait_for_selector("h1:has-text('You are off the list')")
    staffer.context.close()
    page.goto(f"{tracker}{office[1]}/")
    assert staffers[office[1]] not in page.inner_text("main")


def test_a_teammate_works_for_a_co_lead_office_whose_signature_is_printed_first(stage, page):
    log_in(page, stage, ORGANIZER)
    page.goto(f"{stage.url}/dashboard/{SLUG}/team/")
    me = page.locator("li.team-list__item", has_text=ORGANIZER[0])
    me.locator("a:has-text('office')").click()
    page.select_option("#id_office", label="Rep. Ted Lieu, D-Calif.")
    checked(page, "team-office")
    page.click("button:has-text('Save')")
    page.wait_for_url("**/team/")
    assert "Co-lead offices: Rep. Ted Lieu, D-Calif." in page.inner_text("#co-leads")
    checked(page, "team-co-leads")
    fits_a_phone(page, "team-co-leads")

    # The worker marks Lieu's signature a lead: it moves up among the lead signers.
    leads = f"{stage.url}/letters/{SLUG}/signers/"
    for _ in range(60):
        page.goto(leads)
        group = page.locator(".signer-list__group:has-text('Lead signers') + ol")
        if group.count() and "Ted Lieu" in group.inner_text():
            break
        page.wait_for_timeout(500)
    else:
        raise AssertionError("Ted Lieu's signature did not join the lead signers")


def test_the_pdf_is_generated_and_downloaded_then_the_letter_is_delivered(stage, page):
    log_in(page, stage, ORGANIZER)
    generate_pdf(page, stage, SLUG)
    checked(page, "pdf-ready")
    download = page.locator("a:has-text('Download')").first.get_attribute("href")
    response = page.request.get(stage.url + download)
    assert response.ok and response.body().startswith(b"%PDF")

    page.goto(f"{stage.url}/dashboard/{SLUG}/delivery/")
    checked(page, "delivery-review")
    page.click("a:has-text('Deliver the letter now')")
    page.click("button:has-text('Deliver to')")
    page.wait_for_selector(".status--sent", timeout=60_000)
    page.reload()
    checked(page, "delivery-sent")
    letter = stage.wait_for_email(WHITE_HOUSE, "Suspend the deportation raids")
    assert any(part.get_content_type() == "application/pdf" for part in letter.iter_attachments())

    page.goto(f"{stage.url}/letters/{SLUG}/")
    receipt = page.inner_text(".count-box__receipt")
    assert receipt.startswith("Delivered to President Barack Obama, The White House, on")
    checked(page, "public-receipt")


def totp_now(secret: str) -> str:
    """The authenticator app's current code (RFC 6238: HMAC-SHA1, 30 s, 6 digits)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_an_organizer_signs_up_verifies_enables_mfa_drafts_previews_and_publishes(stage, page):
    address = "nadia.organizer@coalition.example"
    page.goto(stage.url + "/accounts/signup/")
    page.fill("input[name=name]", "Nadia Organizer")
    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", "a long and sturdy passphrase 42")
    page.fill("input[name=password2]", "a long and sturdy passphrase 42")
    checked(page, "organizer-signup")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    verification = stage.wait_for_email(address, "")
    page.goto(stage.link_in(verification, "/confirm-email/"))
    checked(page, "organizer-confirm-email")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    page.goto(stage.url + "/accounts/2fa/totp/activate/")
    # Signed in by the emailed link, not a password: allauth asks for it before MFA changes.
    checked(page, "organizer-reauthenticate")
    page.fill("input[name=password]", "a long and sturdy passphrase 42")
    page.click("button:has-text('Confirm')")
    page.wait_for_load_state()
    secret = page.input_value("#authenticator_secret")
    checked(page, "organizer-mfa")
    page.fill("input[name=code]", totp_now(secret))
    page.click("button:has-text('Activate')")
    page.wait_for_load_state()
    page.goto(stage.url + "/accounts/2fa/")
    assert "Deactivate" in page.content(), "the authenticator app is not active"
    checked(page, "organizer-mfa-active")

    page.goto(stage.url + "/dashboard/new/")
    page.fill("input[name=title]", "Fund the refugee legal aid program")
    page.click("button:has-text('Create draft')")
    page.wait_for_url(lambda url: "/dashboard/new/" not in url)
    slug = page.url.split("/dashboard/", 1)[1].split("/", 1)[0]
    checked(page, "organizer-draft")

    page.goto(f"{stage.url}/dashboard/{slug}/letter/")
    page.fill("#id_markdown", "We write to urge full funding of legal aid for refugee families.")
    page.click("button[name=preview]")
    page.wait_for_selector("text=We write to urge full funding")
    checked(page, "organizer-preview")
    page.click("button:has-text('Save draft')")
    page.wait_for_load_state()

    page.goto(f"{stage.url}/dashboard/{slug}/settings/")
    page.fill("input[name=deadline_date]", "2099-01-15")
    page.click("button:has-text('Save settings')")
    page.wait_for_load_state()
    add_recipient(page, stage, slug, "Speaker of the House", "speaker@house.example")

    page.goto(f"{stage.url}/dashboard/{slug}/")
    page.click("button:has-text('Publish the letter')")
    page.wait_for_load_state()
    checked(page, "organizer-published")
    page.goto(f"{stage.url}/letters/{slug}/")
    assert "Sign this letter" in page.content()
    checked(page, "organizer-public-letter")
