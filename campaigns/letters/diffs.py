"""Readable differences between two letter texts, word by word within each paragraph."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffSummary:
    html: SafeString
    words_added: int
    words_removed: int


# difflib's matcher takes time up to the product of the two lengths (here 50 ns a pair of
# words in prose, 300 ns where few distinct words repeat). Past this many pairs, what lies
# between the common beginning and end of the two texts is shown as replaced whole: a
# paragraph of 500 words, or a letter's edits within 500 words of each other, are still
# compared word by word.
MAX_PAIRS = 1_000_000

Opcode = tuple[str, int, int, int, int]


def _opcodes(old: list[str], new: list[str]) -> list[Opcode]:
    shorter = min(len(old), len(new))
    start = 0
    while start < shorter and old[start] == new[start]:
        start += 1
    end = 0
    while end < shorter - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_end, new_end = len(old) - end, len(new) - end
    codes: list[Opcode] = [("equal", 0, start, 0, start)] if start else []
    if (old_end - start) * (new_end - start) <= MAX_PAIRS:
        matcher = difflib.SequenceMatcher(
            a=old[start:old_end], b=new[start:new_end], autojunk=False
        )
        codes += [
            (op, a1 + start, a2 + start, b1 + start, b2 + start)
            for op, a1, a2, b1, b2 in matcher.get_opcodes()
        ]
    elif old_end > start or new_end > start:
        op = "insert" if old_end == start else "delete" if new_end == start else "replace"
        codes.append((op, start, old_end, start, new_end))
    if end:
        codes.append(("equal", old_end, len(old), new_end, len(new)))
    return codes


def _paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def _word_diff(old: str, new: str) -> tuple[str, int, int]:
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    added = removed = 0
    for op, a1, a2, b1, b2 in _opcodes(old_tokens, new_tokens):
        if op == "equal":
            out.append(escape("".join(old_tokens[a1:a2])))
            continue
        if op in ("delete", "replace"):
            removed += sum(1 for token in old_tokens[a1:a2] if token.strip())
            out.append(f"<del>{escape(''.join(old_tokens[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            added += sum(1 for token in new_tokens[b1:b2] if token.strip())
            out.append(f"<ins>{escape(''.join(new_tokens[b1:b2]))}</ins>")
    return "".join(out), added, removed


def diff_html(old: str, new: str) -> DiffSummary:
    """Paragraphs of the new text, with <del> and <ins> marking what changed."""
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    blocks: list[str] = []
    added = removed = 0
    for op, a1, a2, b1, b2 in _opcodes(old_paragraphs, new_paragraphs):
        if op == "equal":
            blocks.extend(f"<p>{escape(p)}</p>" for p in old_paragraphs[a1:a2])
        elif op == "delete":
            for paragraph in old_paragraphs[a1:a2]:
                removed += len(paragraph.split())
                blocks.append(f'<p class="diff-removed"><del>{escape(paragraph)}</del></p>')
        elif op == "insert":
            for paragraph in new_paragraphs[b1:b2]:
                added += len(paragraph.split())
                blocks.append(f'<p class="diff-added"><ins>{escape(paragraph)}</ins></p>')
        else:
            old_block = "\n\n".join(old_paragraphs[a1:a2])
            new_block = "\n\n".join(new_paragraphs[b1:b2])
            html, plus, minus = _word_diff(old_block, new_block)
            added += plus
            removed += minus
            blocks.append(f"<p>{html}</p>")
    return DiffSummary(mark_safe("\n".join(blocks)), added, removed)  # noqa: S308 - escaped above


def diff_text(old: str, new: str) -> str:
    """A plain-text diff for emails: changed paragraphs with - and + marks."""
    lines = difflib.unified_diff(
        _paragraphs(old), _paragraphs(new), fromfile="before", tofile="after", lineterm="", n=0
    )
    return "\n\n".join(
        f"{line[0]} {line[1:]}" for line in lines if not line.startswith(("---", "+++", "@@"))
    )
