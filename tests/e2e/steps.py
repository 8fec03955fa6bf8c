"""Steps several journeys take the same way: an organizer makes a draft with a deadline and an
email recipient, adds a recipient, and makes the letter's PDF, as they would in the browser."""


def make_a_letter(page, stage, *, title: str, text: str, recipient: tuple[str, str]) -> str:
    """A draft with its text, a deadline and one recipient by email; its slug. Each journey
    gives its own title: the dashboard's search counts letters by title."""
    page.goto(stage.url + "/dashboard/new/")
    page.fill("input[name=title]", title)
    page.click("button:has-text('Create draft')")
    page.wait_for_url("**/letter/")
    slug = page.url.rstrip("/").split("/")[-2]
    page.fill("#id_markdown", text)
    page.click("button:has-text('Save draft')")
    page.goto(f"{stage.url}/dashboard/{slug}/settings/")
    page.fill("input[name=deadline_date]", "2099-01-15")
    page.click("button:has-text('Save settings')")
    add_recipient(page, stage, slug, *recipient)
    return slug


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
