"""Text pasted from Word or Google Docs, made Markdown that keeps its structure.

A word processor's lists paste as "•\tText" or "o\tText" (Word's second level), and numbered ones
as "1.\tText" or "\t1. Text": Markdown knows none of them (a tab-indented line is even a code
block). They become Markdown lists, set apart from the paragraphs around them by blank lines. A
line indented by tabs alone, as a paragraph's first line often is, loses its indent rather than
becoming code. Smart quotes, dashes and non-breaking spaces are text and stay as they are.
Each line is looked at once, so the time stays linear in the text's length.
"""

import re

# Word's bullets for the first three levels, and the glyphs they paste as. (Its third, "§" in
# Wingdings, is left alone: a line may well start with a section of the code.)
_LEVELS = {"•": 0, "·": 0, "●": 0, "o": 1, "◦": 1, "○": 1, "▪": 2, "■": 2}
_BULLET = re.compile(r"^[ \t]*(?P<bullet>[•·●◦○▪■])[ \t\u00a0]+(?P<text>\S.*)$")
_WORD_SUBBULLET = re.compile(r"^[ \t]*(?P<bullet>o)\t[ \t]*(?P<text>\S.*)$")
# "1.\tText", and "\t1. Text"
_TABBED_NUMBER = re.compile(r"^[ \t]*(?P<number>\d{1,9})[.)]\t[ \t]*(?P<text>\S.*)$")
_INDENTED_NUMBER = re.compile(r"^\t[ \t]*(?P<number>\d{1,9})[.)][ \u00a0]+(?P<text>\S.*)$")
_TAB_INDENT = re.compile(r"^\t[ \t]*(?=\S)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def normalize_pasted(source: str) -> str:
    if "\t" not in source and not any(bullet in source for bullet in "•·●◦○▪■"):
        return source  # nothing pasted from a word processor: the text as typed
    out: list[str] = []
    fence = ""
    in_list = False
    for line in source.split("\n"):
        if fence or _FENCE.match(line):
            marker = _FENCE.match(line)
            if marker and (not fence or marker[1].startswith(fence)):
                fence = "" if fence else marker[1][:3]
            out.append(line)
            continue
        item = _list_item(line)
        if item is not None:
            if not in_list and out and out[-1].strip():
                out.append("")  # a list starts a block of its own
            in_list = True
            out.append(item)
            continue
        if in_list and line.strip():
            out.append("")  # and ends before the next paragraph
        in_list = False
        out.append(_TAB_INDENT.sub("", line))
    return "\n".join(out)


def _list_item(line: str) -> str | None:
    if m := _BULLET.match(line) or _WORD_SUBBULLET.match(line):
        return "  " * _LEVELS[m["bullet"]] + "- " + m["text"]
    if m := _TABBED_NUMBER.match(line) or _INDENTED_NUMBER.match(line):
        return f"{int(m['number'])}. {m['text']}"
    return None
