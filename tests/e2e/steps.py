"""Steps several journeys take the same way: an organizer adds a recipient by email and makes
the letter's PDF, as they would in the browser."""


def add_recipient(page, stage, slug: str, name: str, email: str) -> None:
    page.goto(f"{stage.url}/dashboard/{slug}/recipients/add/")
    page.fill("input[name=name]", name)
    page.select_option("select[name=channel]", "email")
    page.fill("input[name=email]", email)
    page.click("button:has-text('Save recipient')")
    page.wait_for_load_state()


def generate_pdf(page, stage, slug: str) -> None:
    """Start the PDF from its page, which follows the rendering; reload until it is done."""
    page.goto(f"{stage.url}/dashboard/{slug}/documents/")
    page.click("button:has-text('Generate the PDF now')")
    for _ in range(120):
        if not page.query_selector("[data-document-progress]"):
            break
        page.wait_for_timeout(500)
        page.reload()
    assert page.query_selector("[data-document-progress]") is None, "the PDF never finished"
