"""An organizer makes an API token in the browser, sees it once, uses it from a script against
the live server, and revokes it; the API's documentation page opens from our own files with
nothing refused by the CSP. The journey makes its own letter."""

import httpx
import pytest

from tests.e2e.steps import make_a_letter
from tests.e2e.test_journeys import ORGANIZER, checked, fits_a_phone, log_in

pytestmark = pytest.mark.e2e


def test_an_organizer_makes_uses_and_revokes_an_api_token(stage, page):
    log_in(page, stage, ORGANIZER)
    slug = make_a_letter(
        page,
        stage,
        title="Keep the rural clinics open",
        text="We write to ask that the rural clinics stay open.",
        recipient=("Chair of the Health Subcommittee", "chair@health.example"),
    )  # a draft: only its team's token sees it

    page.goto(stage.url + "/dashboard/")
    page.click("a:has-text('API tokens')")
    page.wait_for_url("**/accounts/api-tokens/")
    page.click("a:has-text('New token')")
    page.fill("input[name=name]", "Action Network sync")
    page.check("input[name=scope][value=read]")
    page.check("input[name=contacts]")
    checked(page, "api-token-new")
    page.click("button:has-text('Create token')")
    secret = page.input_value("#token-secret")
    assert secret.startswith("cosign_")
    assert "shown only this once" in page.inner_text("main")
    checked(page, "api-token-created")
    fits_a_phone(page, "the new token")

    page.click("a:has-text('Done')")
    assert secret not in page.content()
    assert "Never" in page.inner_text("main")  # not used yet
    checked(page, "api-tokens")
    fits_a_phone(page, "the token list")

    api = httpx.Client(base_url=stage.url, headers={"OSDI-API-Token": secret})
    petition = api.get(f"/api/v1/petitions/{slug}/")
    assert petition.status_code == 200
    assert petition.headers["content-type"] == "application/hal+json"
    assert petition.json()["status"] == "draft"
    assert httpx.get(f"{stage.url}/api/v1/petitions/{slug}/").status_code == 404  # no token
    page.reload()
    assert "Never" not in page.inner_text("main")  # last used: just now

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Revoke')")
    page.wait_for_selector("text=Token revoked")
    refused = api.get(f"/api/v1/petitions/{slug}/")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_the_api_documentation_opens_with_nothing_refused(stage, page):
    page.goto(stage.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)

    helper = page.locator(".opblock-summary-path", has_text="record_signature_helper")
    assert helper.count() == 1
    helper.click()  # opened: its body's schema and example, drawn by Swagger UI's scripts
    page.wait_for_selector(".opblock.is-open .body-param__example, .opblock.is-open .model-example")
    assert page.problems == [], page.problems
    page.screenshot(path="test-output/e2e/api-docs-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="test-output/e2e/api-docs-phone.png", full_page=True)
