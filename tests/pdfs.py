"""Reading rendered PDFs in tests: their text, page by page, and their structure."""

from io import BytesIO

import pikepdf
from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def lines(data: bytes) -> list[str]:
    return [line.strip() for text in page_texts(data) for line in text.splitlines() if line.strip()]


def document_bytes(document) -> bytes:
    with document.file.open("rb") as pdf:
        return pdf.read()


# Where the signature pages' columns begin (static/pdf/letter.css): a 54 pt margin, then
# columns 158 pt wide with 14.4 pt between them.
MARGIN, COLUMN_PITCH = 54.0, 158.0 + 14.4


def reading_order(data: bytes) -> list[str]:
    """The lines of the signature pages as a reader would take them: page by page, column by
    column, top to bottom (text extraction alone follows the drawing order)."""
    ordered: list[str] = []
    for page in reader(data).pages:
        fragments: list[tuple[int, float, float, str]] = []

        def visit(text, cm, tm, font, size, fragments=fragments):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            column = max(0, int((x - MARGIN + 2) // COLUMN_PITCH))
            fragments.append((column, -round(y, 1), x, text))

        page.extract_text(visitor_text=visit)
        line_key = None
        for column, y, _x, text in sorted(fragments):
            if (column, y) == line_key:
                ordered[-1] += text
            else:
                ordered.append(text)
                line_key = (column, y)
    return [line.strip() for line in ordered if line.strip()]


def unclaimed_marked_content(data: bytes) -> list[tuple[int, int]]:
    """(page, MCID) of every piece of marked content that the structure tree does not lead
    back to: a screen reader would skip it. Empty when the tags are whole."""
    pdf = pikepdf.open(BytesIO(data))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    unclaimed = []
    for number, page in enumerate(pdf.pages, 1):
        elements = parent_tree.get(int(page.obj.get("/StructParents", -1)), [])
        for operands, _operator in pikepdf.parse_content_stream(page, "BDC"):
            properties = operands[1]
            if not isinstance(properties, pikepdf.Dictionary) or "/MCID" not in properties:
                continue
            mcid = int(properties.MCID)
            element = elements[mcid] if mcid < len(elements) else None
            claimed = (
                element is not None
                and element.Pg.objgen == page.obj.objgen
                and mcid in [int(k) for k in _as_list(element.K) if isinstance(k, int)]
            )
            if not claimed:
                unclaimed.append((number, mcid))
    return unclaimed


def _as_list(value) -> list:
    return list(value) if isinstance(value, pikepdf.Array) else [value]
