"""Letter text is Markdown; what reaches a page is sanitized HTML that cannot run anything,
rendered once when a version is written, in time in proportion to the length of the text."""

import sys
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from campaigns.letters.markdown import MAX_NESTING, render_markdown
from campaigns.letters.models import LetterVersion
from tests.factories import make_open_campaign
from tests.hostile.corpus import NESTING
from tests.inert import active_content

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<div onmouseover="alert(1)">hover</div>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<form action="https://evil.example"><input name=x></form>',
    "<object data=x></object><embed src=x>",
    '<a href="  javascript:alert(1)">spaced</a>',
    "<scr<script>ipt>alert(1)</script>",
    "![img](https://evil.example/track.png)",
    "<!-- <script>alert(1)</script> -->",
    "text\x00<script>alert(1)</script>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_rendered_inert(source):
    html = render_markdown(source)
    assert active_content(html) == [], html


def test_ordinary_markdown_keeps_its_formatting():
    html = render_markdown(
        "# Our ask\n\nWe **urge** you to *act*.\n\n1. Suspend\n2. Grant\n\n"
        "> quoted\n\nSee [the report](https://example.org/report)."
    )
    assert "<h2>Our ask</h2>" in html
    assert "<strong>urge</strong>" in html and "<em>act</em>" in html
    assert "<ol>" in html and "<li>Suspend</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">' in html


def test_mailto_links_survive_and_raw_safe_html_is_allowed():
    html = render_markdown('Write to <a href="mailto:staff@example.org">us</a>, H<sub>2</sub>O.')
    assert 'href="mailto:staff@example.org"' in html
    assert "<sub>2</sub>" in html


def test_pasted_line_and_paragraph_separators_become_line_ends():
    html = render_markdown("Dear President,\u2029We write\u2028to urge you.")
    assert html == "<p>Dear President,</p>\n<p>We write\nto urge you.</p>\n"


@pytest.mark.parametrize("html", ["<script>x</script>", '<a href=" JavaScript:x">a</a>',
                                  '<p onclick="x">p</p>', '<b style="color:red">b</b>'])  # fmt: skip
def test_the_inertness_check_itself_notices_active_content(html):
    assert active_content(html) != []


# Nesting ----------------------------------------------------------------------------------------


class _Tree(HTMLParser):
    """The depth of the tree some HTML describes, and the work of building it: each element costs
    its depth, as it does a parser that walks its stack of open elements for each tag (html5ever,
    under nh3, does)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.depth = self.work = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("br", "hr"):
            self.open.append(tag)
            self.depth = max(self.depth, len(self.open))
            self.work += len(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def tree(html: str) -> _Tree:
    parsed = _Tree()
    parsed.feed(html)
    parsed.close()
    return parsed


@pytest.mark.parametrize("shape", NESTING)
def test_text_nested_a_hundred_thousand_deep_renders_inert_and_shallow(shape):
    html = render_markdown(NESTING[shape](100_000))
    assert active_content(html) == []
    assert tree(html).depth <= MAX_NESTING


def test_text_within_the_nesting_limit_keeps_its_structure():
    quoted = render_markdown("> " * 10 + "Quoted\n\n- a\n  - b\n    - c")
    assert quoted.count("<blockquote>") == 10 and "<p>Quoted</p>" in quoted
    assert quoted.count("<ul>") == 3 and "<li>c</li>" in quoted
    bold = render_markdown("<b>" * 10 + "Bold" + "</b>" * 10 + " **strong** [link](https://x.org)")
    assert bold.count("<b>") == 10 and "<strong>strong</strong>" in bold and "<a href" in bold
    brackets = render_markdown("[" * 10 + "x](https://x.org)")
    assert "[" * 9 + '<a href="https://x.org"' in brackets  # literal brackets, then the link


@dataclass
class Work:
    lines: int  # lines of Python run while rendering: counted, not timed
    tree: int  # the work of building the tree handed to the sanitizer's parser


def work_of_rendering(source: str) -> Work:
    lines = 0

    def count(frame, event, arg):
        nonlocal lines
        lines += event == "line"
        return count

    tracer = sys.gettrace()  # a coverage tool's, say
    sys.settrace(count)
    try:
        html = render_markdown(source)
    finally:
        sys.settrace(tracer)
    return Work(lines, tree(html).work)


@pytest.mark.parametrize("shape", NESTING)
def test_twice_the_text_is_at_most_twice_the_work(shape):
    small, large = (work_of_rendering(NESTING[shape](n)) for n in (5_000, 10_000))
    assert large.lines <= 2.2 * small.lines
    assert large.tree <= 2.2 * small.tree + MAX_NESTING**2


def test_a_paragraph_keeps_its_quotes_straight_past_its_quota():
    """markdown-it copies the paragraph for each quote it makes typographic: a quota keeps the
    copying in proportion to the length."""
    html = render_markdown("it's " * 20_000)
    assert html.count("’") == 200 and html.count("'") == 20_000 - 200
    assert render_markdown('It\'s "ours".') == "<p>It’s “ours”.</p>\n"


# Stored with the version ------------------------------------------------------------------------

STORED = "<p>The text as stored with version 1.</p>"


@pytest.mark.django_db
def test_pages_show_the_html_stored_with_the_version_without_rendering_it_again(client, alice):
    campaign = make_open_campaign(alice)
    LetterVersion.objects.filter(campaign=campaign).update(html=STORED)
    client.force_login(alice)

    for url in (
        campaign.get_absolute_url(),
        f"/letters/{campaign.slug}/sign/",
        f"/dashboard/{campaign.slug}/letter/",
        f"/dashboard/{campaign.slug}/versions/1/",
    ):
        page = client.get(url).content.decode()
        assert STORED in page, url
        assert "<li>Suspend removal operations.</li>" not in page, url  # rendered from Markdown
