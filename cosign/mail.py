"""The development email backend: print each message and keep it in a file outbox."""

import sys
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class OutboxEmailBackend(BaseEmailBackend):
    """Writes every message to EMAIL_OUTBOX_DIR as an .eml file and prints its text part.

    The .eml files are complete messages (HTML part and attachments included), so a developer
    can open them in a mail client, and tests of a real worker process can read what it sent.
    """

    _lock = threading.Lock()

    def __init__(self, *args: Any, outbox_dir: Path | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outbox_dir = Path(outbox_dir or settings.EMAIL_OUTBOX_DIR)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            path = self.outbox_dir / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            with self._lock:
                sys.stdout.write(
                    f"\n--- email to {', '.join(message.recipients())} (saved as {path}) ---\n"
                    f"Subject: {message.subject}\n\n{message.body}\n{'-' * 72}\n"
                )
                sys.stdout.flush()
            sent += 1
        return sent
