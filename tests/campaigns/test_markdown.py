"""Letter text is Markdown; what reaches a page is sanitized HTML that cannot run anything."""

import pytest

from campaigns.markdown import render_markdown
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
