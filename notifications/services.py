"""Sending email exactly once: every message goes through `email_send_once`."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from notifications.models import SentMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def email_render(*, template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body from templates/emails/<template>_subject|_body.txt|_body.html."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, text, html


def email_send_once(
    *, key: str, to: str, template: str, context: dict, now: datetime, attachments: tuple[Attachment, ...] = ()
) -> bool:
    """Send the email unless a message with this key was sent before. Returns whether it sent.

    The SentMessage row and the send share one transaction: a failed send rolls the row back so
    a retry sends again, and a concurrent duplicate waits on the unique key, then finds the row
    and sends nothing. Safe to repeat.
    """
    subject, text, html = email_render(template=template, context=context)
    try:
        with transaction.atomic():
            SentMessage.objects.create(key=key, to=to, subject=subject, sent_at=now)
            message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
            message.attach_alternative(html, "text/html")
            for attachment in attachments:
                message.attach(attachment.filename, attachment.content, attachment.mimetype)
            message.send()
    except IntegrityError:
        return False
    return True
