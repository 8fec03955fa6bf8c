"""Text pasted from Word or Google Docs keeps its structure when rendered."""

from campaigns.letters.markdown import render_markdown


def test_bullets_pasted_from_a_word_processor_become_a_list():
    html = render_markdown("We ask you:\n•\tto stop the raids;\n•\tto grant them TPS.\nThank you.")

    assert html == (
        "<p>We ask you:</p>\n<ul>\n<li>to stop the raids;</li>\n<li>to grant them TPS.</li>\n"
        "</ul>\n<p>Thank you.</p>\n"
    )


def test_words_second_level_bullets_nest():
    html = render_markdown("•\tStop the raids\no\tin Texas\n◦ in Georgia\n•\tGrant TPS")

    assert html == (
        "<ul>\n<li>Stop the raids\n<ul>\n<li>in Texas</li>\n<li>in Georgia</li>\n</ul>\n</li>\n"
        "<li>Grant TPS</li>\n</ul>\n"
    )


def test_a_numbered_list_with_a_tab_after_the_number_is_numbered():
    html = render_markdown("Our requests:\n1.\tSuspend the raids\n2.\tGrant TPS")

    assert html == (
        "<p>Our requests:</p>\n<ol>\n<li>Suspend the raids</li>\n<li>Grant TPS</li>\n</ol>\n"
    )


def test_a_numbered_list_indented_by_a_tab_is_numbered_not_code():
    html = render_markdown("Our requests:\n\t1. Suspend the raids\n\t2. Grant TPS")

    assert "<pre>" not in html and "<code>" not in html
    assert "<ol>\n<li>Suspend the raids</li>\n<li>Grant TPS</li>\n</ol>" in html


def test_a_paragraph_indented_by_a_tab_stays_a_paragraph():
    assert render_markdown("\tWe write to you today.") == "<p>We write to you today.</p>\n"


def test_smart_quotes_dashes_and_non_breaking_spaces_stay():
    html = render_markdown("“Mothers” and ‘children’ — 146 Members – Jan.\u00a012")

    assert html == "<p>“Mothers” and ‘children’ — 146 Members – Jan.&nbsp;12</p>\n"


def test_a_fenced_block_keeps_its_tabs_and_bullets():
    html = render_markdown("```\n\t1. as typed\n•\tas typed\n```")

    assert html == "<pre><code>\t1. as typed\n•\tas typed\n</code></pre>\n"


def test_a_section_sign_at_the_start_of_a_line_is_not_a_bullet():
    assert render_markdown("§ 1101 defines a refugee.") == "<p>§ 1101 defines a refugee.</p>\n"
