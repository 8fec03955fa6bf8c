"""How long letter text takes to render: Markdown in, sanitized HTML out.

    python -m bench.render [--chars 100000] [--repeat 5]

Renders --chars characters of each nesting shape in tests/hostile/corpus.py (the ones a
hostile editor would send), then of text that nests nothing but is dense with markup, then of
an ordinary letter, with campaigns.markdown.render_markdown in this process. Prints the best
of --repeat runs in CPU time (the machine is shared), the depth of the result and its length.
No database, no Django.
"""

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from campaigns.letters.markdown import render_markdown
from tests.hostile.corpus import NESTING

LETTER = (Path(__file__).resolve().parent.parent / "campaigns" / "demo" / "letter.md").read_text()

# Not nesting, and so not bounded by the limit on nesting: what markdown-it does per piece of
# markup, in pure Python.
DENSE: dict[str, Callable[[int], str]] = {
    "one-letter lines": lambda n: "a\n" * (n // 2),
    "one-letter paragraphs": lambda n: "a\n\n" * (n // 3),
    "one-word list items": lambda n: "- a\n" * (n // 4),
    "emphasis pairs": lambda n: "*a" * (n // 2),
    "unclosed link destinations": lambda n: "[a](" * (n // 4),
    "less-than signs": lambda n: "<" * n,
    "bold tags, closed": lambda n: "<b>x</b> " * (n // 9),
}
ORDINARY = {"the demo letter, repeated": lambda n: (LETTER * (n // len(LETTER) + 1))[:n]}

_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")


def depth(html: str) -> int:
    level = deepest = 0
    for tag in _TAG.finditer(html):
        if tag.group(2) not in ("br", "hr"):
            level += -1 if tag.group(1) else 1
            deepest = max(deepest, level)
    return deepest


def best_cpu_ms(source: str, repeat: int) -> tuple[float, str]:
    best, html = float("inf"), ""
    for _ in range(repeat):
        start = time.process_time()
        html = render_markdown(source)
        best = min(best, time.process_time() - start)
    return best * 1000, html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for title, shapes in [
        ("nesting", NESTING),
        ("dense markup, no nesting", DENSE),
        ("ordinary text", ORDINARY),
    ]:
        print(f"\n{title}: {args.chars:,} characters, best of {args.repeat}, CPU time")
        print(f"{'shape':30} {'ms':>9} {'depth':>6} {'HTML chars':>11}")
        for name, make in shapes.items():
            milliseconds, html = best_cpu_ms(make(args.chars), args.repeat)
            print(f"{name:30} {milliseconds:9.1f} {depth(html):6} {len(html):11,}", flush=True)


if __name__ == "__main__":
    main()
