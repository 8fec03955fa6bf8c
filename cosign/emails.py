"""The one way Cosign writes email: three templates per message, sent by a Celery task.

Each email lives in templates/emails/ as NAME_subject.txt, NAME.txt and NAME.html.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string


def render_email(
    name: str,
    context: dict[str, Any],
    *,
    to: list[str],
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    message = EmailMultiAlternatives(
        # A subject is one line: a name with CR/LF in it must not start a new header.
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message


def message_to_dict(message: EmailMessage) -> dict[str, Any]:
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_dict(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def queue_email(message: EmailMessage) -> None:
    """Send an already rendered message from a worker, once the current transaction commits."""
    from campaigns.letters.queueing import queue_on_commit
    from cosign.tasks import send_email

    queue_on_commit(send_email, message_to_dict(message))
