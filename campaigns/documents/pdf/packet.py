"""The packet for a letter delivered on paper: a cover sheet with the recipient's address, then
the letter PDF as it was delivered."""

from io import BytesIO

import pikepdf

from campaigns.documents.models import LetterDocument
from campaigns.documents.pdf import render
from campaigns.letters.models import Recipient


def print_packet(document: LetterDocument, recipient: Recipient) -> bytes:
    cover = render.render(
        "documents/pdf/cover.html",
        {"campaign": document.campaign, "recipient": recipient, "document": document},
    )
    with document.file.open("rb") as letter_file:
        letter = letter_file.read()
    packet = pikepdf.Pdf.new()
    with pikepdf.open(BytesIO(cover)) as cover_pdf, pikepdf.open(BytesIO(letter)) as letter_pdf:
        packet.pages.extend(cover_pdf.pages)
        packet.pages.extend(letter_pdf.pages)
        output = BytesIO()
        packet.save(output)
    return output.getvalue()
