"""The Standard Webhooks signature (standardwebhooks.com): HMAC-SHA256 over
"{event id}.{unix timestamp}.{body}", base64, with a `v1,` in front."""

import base64
import hashlib
import hmac

from django.conf import settings


def sign(secret: bytes, *, event_id: str, timestamp: int, body: str) -> str:
    message = f"{event_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()).decode()


def headers(secret: bytes, *, event_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": f"Cosign-Webhooks/1 (+{settings.SITE_URL})",
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, event_id=event_id, timestamp=timestamp, body=body),
    }
