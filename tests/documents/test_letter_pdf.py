"""The letter as a PDF: what it says, how it is built, and what it refuses to do."""

import http.server
import json
import re
import threading

import pytest
from django.core import mail  # noqa: F401 - the outbox is reset per test
from django.core.files.storage import default_storage
from PIL import Image

from campaigns.documents import services as documents_services
from campaigns.documents.models import LetterDocument
from campaigns.documents.pdf import layout, render
from campaigns.letters import services as letters_services
from campaigns.signatures.models import Signature
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.factories import add_signature, make_legislator, make_open_campaign
from tests.pdfs import (
    document_bytes,
    lines,
    page_texts,
    reader,
    reading_order,
    unclaimed_marked_content,
)

pytestmark = pytest.mark.django_db


def generate(campaign, callbacks):
    with callbacks(execute=True):
        document = documents_services.document_request(campaign=campaign)
    document.refresh_from_db()
    assert document.status == "ready", document.error
    return document


def people(campaign, names, **fields):
    """Individuals signing, bulk: fast enough for thousands."""
    Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status=fields.get("status", "approved"), verification="email", name=name,
                sort_name=(name.rsplit(" ", 1)[-1] + " " + name).lower()[:200],
                list_group=Signature.Group.INDIVIDUALS, city="Oakland", state="CA",
            )
            for i, name in enumerate(names)
        ]
    )  # fmt: skip


@pytest.fixture
def letter(alice):
    campaign = make_open_campaign(
        alice, letterhead="Congress of the United States", salutation="Dear President Obama:",
        allows_individuals=True,
    )  # fmt: skip
    add_signature(campaign, make_legislator("L000397"), is_lead=True, lead_position=1)
    add_signature(
        campaign,
        make_legislator("G000535", display_name="Luis Gutiérrez", last_name="Gutiérrez", state="IL", district=4),
        is_lead=True, lead_position=2,
    )  # fmt: skip
    add_signature(campaign, make_legislator("S000033", display_name="Bernie Sanders", last_name="Sanders",
                  chamber="senate", title="Sen.", state="VT", district=None, party="Independent"))  # fmt: skip
    add_signature(
        campaign,
        make_legislator(
            "V000081", display_name="Nydia Velázquez", last_name="Velázquez", state="NY", district=7
        ),
    )
    add_signature(
        campaign,
        make_legislator(
            "H000874", display_name="Steny Hoyer", last_name="Hoyer", state="MD", district=5
        ),
    )
    add_signature(
        campaign,
        make_legislator("W000001", display_name="Withdrawn Member", last_name="Withdrawn"),
        status="withdrawn",
    )
    add_signature(
        campaign,
        make_legislator("R000001", display_name="Rejected Member", last_name="Rejected"),
        status="rejected",
    )
    add_signature(
        campaign,
        make_legislator("P000001", display_name="Pending Member", last_name="Pending"),
        status="confirmed",
    )
    people(campaign, ["王小明 Wang", "محمد Haddad", "שרה Cohen", "Zoë Ångström"])
    return campaign


def test_the_pdf_is_the_letter_then_every_counted_signer_once_in_order(
    letter, django_capture_on_commit_callbacks
):
    document = generate(letter, django_capture_on_commit_callbacks)
    pdf = document_bytes(document)
    texts = page_texts(pdf)
    text = "\n".join(lines(pdf))

    assert "Congress of the United States" in texts[0]
    assert "Suspend the raids" in texts[0]
    assert "President Barack Obama" in texts[0] and "Washington, DC 20500" in texts[0]
    assert "Dear President Obama:" in texts[0]
    assert "Suspend removal operations." in text
    assert "Sincerely," in text

    in_order = reading_order(pdf)
    signature_lines = in_order[in_order.index("Lead signers") :]
    expected = [
        "Lead signers", "Rep. Zoe Lofgren, D-Calif.", "Rep. Luis Gutiérrez, D-Ill.",
        "Senate", "Sen. Bernie Sanders, I-Vt.",
        "House of Representatives", "Rep. Steny Hoyer, D-Md.", "Rep. Nydia Velázquez, D-N.Y.",
        "Individuals", "Cohen, Oakland, Calif.", "Haddad, Oakland, Calif.",
        "Wang, Oakland, Calif.", "Zoë Ångström, Oakland, Calif.",
    ]  # fmt: skip
    # Each expected line once, in this order (a right-to-left or CJK name's runs may be read
    # back in another order within its line, hence "in").
    positions = []
    for wanted in expected:
        matches = [i for i, line in enumerate(signature_lines) if wanted in line]
        assert len(matches) == 1, (wanted, matches)
        positions.append(matches[0])
    assert positions == sorted(positions)
    for name in ("שרה Cohen", "محمد Haddad", "王小明 Wang", "Zoë Ångström", "Nydia Velázquez"):
        assert name in text, name  # the text layer has every script right
    for absent in ("Withdrawn Member", "Rejected Member", "Pending Member", "@"):
        assert absent not in text
    assert document.signature_count == 9


def test_every_page_has_its_number_the_version_and_the_fingerprint(
    letter, django_capture_on_commit_callbacks
):
    document = generate(letter, django_capture_on_commit_callbacks)
    texts = page_texts(document_bytes(document))
    version = letter.current_version
    assert len(texts) == document.pages >= 2
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text
        assert f"Version {version.number} · SHA-256 {version.text_sha256}" in text
        assert "Generated " in text
    assert version.text_sha256 == LetterDocument.objects.get().version.fingerprint(version.markdown)


def test_the_pdf_is_tagged_with_embedded_fonts_and_metadata(
    letter, django_capture_on_commit_callbacks
):
    document = generate(letter, django_capture_on_commit_callbacks)
    pdf = reader(document_bytes(document))
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert catalog["/Lang"] == "en"
    tree = catalog["/StructTreeRoot"].get_object()
    nums = tree["/ParentTree"].get_object()["/Nums"]
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        assert int(page["/StructParents"]) in keys  # every page's marked content is in the tree
    document_element = tree["/K"][0].get_object()
    assert document_element["/S"] == "/Document"
    assert len(document_element["/K"]) > 5
    # Marked content points at the pages of this document, not at stray copies of them.
    page_ids = {page.indirect_reference.idnum for page in pdf.pages}
    marked = [
        element.get_object()
        for key in sorted(keys)
        for element in _as_list(dict(zip(nums[::2], nums[1::2], strict=True))[key])
    ]
    assert marked
    assert {element.raw_get("/Pg").idnum for element in marked if "/Pg" in element} <= page_ids
    # And every line drawn leads back, through the tree, to the element that holds it.
    assert unclaimed_marked_content(document_bytes(document)) == []

    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert "Cosign-Serif" in fonts
    assert any("CJK" in name for name in fonts)  # 王小明 needed the CJK font
    metadata = pdf.metadata
    assert metadata.title == letter.title
    assert metadata.author == "Zoe Lofgren, Luis Gutiérrez"
    assert metadata.subject == "Open letter to President Barack Obama, with 9 signatures"


def _as_list(value):
    value = value.get_object()
    return list(value) if isinstance(value, list) else [value]


def test_new_signers_rerender_only_the_chunk_they_join(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(layout, "SMALL_LETTER", 100)
    monkeypatch.setattr(layout, "CHUNK_MIN", 20)
    monkeypatch.setattr(layout, "CHUNK_TARGET", 60)
    campaign = make_open_campaign(alice, allows_individuals=True)
    people(campaign, [f"Person {n:04d}" for n in range(0, 800, 2)])  # even numbers: room to insert

    first = generate(campaign, django_capture_on_commit_callbacks)
    assert first.chunks_total >= 4
    assert first.chunks_rendered == first.chunks_total

    people(campaign, ["Person 9999"])  # last in the order: the end of the list
    appended = generate(campaign, django_capture_on_commit_callbacks)
    assert appended.chunks_rendered == 1
    assert appended.signature_count == 401

    people(campaign, ["Person 0401"])  # alphabetically in the middle
    inserted = generate(campaign, django_capture_on_commit_callbacks)
    assert inserted.chunks_rendered == 1
    names = [
        line.split(",")[0]
        for line in reading_order(document_bytes(inserted))
        if line.startswith("Person ")
    ]
    assert names == sorted(names)
    assert len(names) == len(set(names)) == 402
    numbers = [
        int(m[1])
        for t in page_texts(document_bytes(inserted))
        for m in [re.search(r"Page (\d+) of", t)]
    ]
    assert numbers == list(range(1, inserted.pages + 1))


def test_a_small_letter_is_one_chunk_and_a_large_one_is_cut_where_its_signers_say():
    def signers(count):
        return [layout.Entry(group="House", key=str(n), lines=(f"Rep. {n}",)) for n in range(count)]

    assert [len(chunk.entries) for chunk in layout.chunks(signers(layout.SMALL_LETTER))] == [
        layout.SMALL_LETTER
    ]
    large = list(layout.chunks(signers(20_000)))
    assert sum(len(chunk.entries) for chunk in large) == 20_000
    assert 10 < len(large) < 100
    assert all(len(chunk.entries) <= layout.CHUNK_MAX for chunk in large)
    # Each boundary falls after a signer whose key says so, not after a count of signers.
    assert all(
        layout._boundary_after(chunk.entries[-1], len(chunk.entries)) for chunk in large[:-1]
    )
    # So one signer inserted changes the chunk it joins, and no other.
    before = {chunk.key for chunk in large}
    for position in (1_234, 9_876, 15_000):
        with_one_more = [*signers(20_000)]
        with_one_more.insert(position, layout.Entry(group="House", key="new", lines=("Rep. N",)))
        assert len({chunk.key for chunk in layout.chunks(with_one_more)} - before) == 1


def test_hostile_text_neither_breaks_the_layout_nor_fetches_anything(
    alice, django_capture_on_commit_callbacks
):
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    evil = f"http://127.0.0.1:{server.server_port}"
    try:
        campaign = make_open_campaign(
            alice, allows_individuals=True, title=f'<img src="{evil}/title.png">',
            draft_markdown=(
                f'![x]({evil}/md.png) <img src="{evil}/raw.png"> <style>@import "{evil}/s.css";</style>\n\n'
                f'<p style="background:url({evil}/bg.png)">styled</p> <a href="{evil}/link">a link</a>'
                ' <link rel="stylesheet" href="file:///etc/passwd">'
            ),
        )  # fmt: skip
        people(campaign, [
            f'<img src="{evil}/name.png">', "x" * 200, f"url({evil}/css) url(file:///etc/passwd)",
            "Normal Person",
        ])  # fmt: skip
        document = generate(campaign, django_capture_on_commit_callbacks)
    finally:
        server.shutdown()

    assert requests == []
    text = "\n".join(lines(document_bytes(document)))
    assert "Normal Person, Oakland, Calif." in text
    assert "<img src=" in text  # shown as the text it is
    assert (
        "xxxxxxxx" in text and "…" in text
    )  # an unbroken name of the longest allowed length, wrapped and cut
    assert document.pages >= 2


def test_the_renderer_itself_refuses_urls_outside_our_static_files(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    before = len(render.OwnFilesOnly.refused)
    html = (
        f'<link rel="stylesheet" href="file://{secret}"><img src="http://127.0.0.1:9/x.png">'
        '<p style="background: url(https://example.org/y.png)">x</p>'
    )
    from weasyprint import HTML

    HTML(string=html, url_fetcher=render.OwnFilesOnly()).write_pdf()
    refused = render.OwnFilesOnly.refused[before:]
    assert f"file://{secret}" in refused
    assert "http://127.0.0.1:9/x.png" in refused
    assert "https://example.org/y.png" in refused


def test_the_public_pdf_waits_for_a_rendering_then_serves_it(
    client, letter, django_capture_on_commit_callbacks
):
    url = f"/letters/{letter.slug}/letter.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "Preparing the PDF" in waiting.content.decode()
    assert LetterDocument.objects.get().status == "queued"
    assert client.get(url).status_code == 202
    assert LetterDocument.objects.count() == 1  # asking again does not queue another

    # The worker takes up the rendering the request asked for.
    outbox.send(Entry.objects.get(kind="documents.render").pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        rf'inline; filename="{letter.slug}-\d{{4}}-\d{{2}}-\d{{2}}.pdf"',
        response["Content-Disposition"],
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_draft_has_no_public_pdf(client, draft):
    assert client.get(f"/letters/{draft.slug}/letter.pdf").status_code == 404


def test_closing_the_letter_renders_the_final_pdf(
    alice, letter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letters_services.campaign_close(campaign_id=letter.pk)
    document = LetterDocument.objects.get()
    assert document.status == "ready"


def test_an_unreadable_kept_chunk_is_rendered_again(letter, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from campaigns.documents.pdf import pipeline

    first = generate(letter, django_capture_on_commit_callbacks)
    key = first.chunk_keys[1][0]  # [0] is the letter itself
    default_storage.delete(pipeline.chunk_pdf_path(key))  # as a worker killed mid-write leaves it
    default_storage.save(pipeline.chunk_pdf_path(key), ContentFile(document_bytes(first)[:300]))

    second = generate(letter, django_capture_on_commit_callbacks)

    assert second.pages == first.pages
    assert "Rep. Steny Hoyer, D-Md." in "\n".join(lines(document_bytes(second)))


def test_a_failed_rendering_leaves_the_last_good_pdf_in_place(
    client, letter, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from campaigns.documents.pdf import pipeline

    good = generate(letter, django_capture_on_commit_callbacks)
    key = good.chunk_keys[1][0]  # [0] is the letter itself
    kept = {
        path: default_storage.open(path).read()
        for path in (pipeline.chunk_pdf_path(key), pipeline.chunk_spec_path(key))
    }
    try:
        for path in kept:  # both the chunk and how to render it again are lost
            default_storage.delete(path)
            default_storage.save(path, ContentFile(b"garbage"))
        with pytest.raises(json.JSONDecodeError), django_capture_on_commit_callbacks(execute=True):
            documents_services.document_request(campaign=letter)
    finally:
        for path, data in kept.items():
            default_storage.delete(path)
            default_storage.save(path, ContentFile(data))

    failed = LetterDocument.objects.exclude(pk=good.pk).get()
    assert failed.status == "failed"
    assert "JSONDecodeError" in failed.error
    response = client.get(f"/letters/{letter.slug}/letter.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document_bytes(good)


def test_organizers_generate_follow_and_preview(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/{letter.slug}/documents/generate/")
    document = LetterDocument.objects.get()
    assert document.requested_by == alice
    progress = client.get(f"/dashboard/{letter.slug}/documents/{document.pk}/progress/").json()
    assert progress["status"] == "ready" and progress["percent"] == 100
    page = client.get(f"/dashboard/{letter.slug}/documents/").content.decode()
    assert f"/dashboard/{letter.slug}/documents/{document.pk}/page-1.png" in page
    preview = client.get(f"/dashboard/{letter.slug}/documents/{document.pk}/page-1.png")
    assert preview["Content-Type"] == "image/png"
    assert preview["Cache-Control"] == "private, max-age=3600"
    assert b"".join(preview.streaming_content).startswith(b"\x89PNG")


def test_a_finished_pdf_has_its_first_page_drawn_before_anyone_asks(
    letter, django_capture_on_commit_callbacks
):
    document = generate(letter, django_capture_on_commit_callbacks)  # no request for it

    assert document.preview.name.startswith(f"previews/document-{document.pk}-page-1")
    with document.preview.open("rb") as png:
        image = Image.open(png)
        image.load()
    page = reader(document_bytes(document)).pages[0]
    # Page 1 at 1.5 times its size in points: US Letter, 612 × 792, is 918 × 1188 pixels.
    assert (image.format, image.size) == (
        "PNG", (round(float(page.mediabox.width) * 1.5), round(float(page.mediabox.height) * 1.5)),
    )  # fmt: skip
    darkest, _lightest = image.convert("L").getextrema()
    assert darkest < 64  # the letter's text is on it


def test_the_preview_is_served_never_drawn_by_the_request(
    client, alice, letter, django_capture_on_commit_callbacks
):
    document = generate(letter, django_capture_on_commit_callbacks)
    default_storage.delete(document.preview.name)  # somehow lost
    previews = default_storage.listdir("previews")
    client.force_login(alice)

    response = client.get(f"/dashboard/{letter.slug}/documents/{document.pk}/page-1.png")

    assert response.status_code == 404
    assert default_storage.listdir("previews") == previews  # nothing was drawn
    assert not default_storage.exists(document.preview.name)
