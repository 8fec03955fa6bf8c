"""Page 1 of a finished letter PDF, drawn as a PNG for the organizers' documents page."""

from io import BytesIO

import pypdfium2

SCALE = 1.5  # 72 dpi × 1.5: a US Letter page is 918 × 1188 pixels, shown at a third of that


def first_page_png(pdf: bytes) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=SCALE).to_pil()
    finally:
        document.close()
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
