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


def _paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def _word_diff(old: str, new: str) -> tuple[str, int, int]:
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
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
    matcher = difflib.SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
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
