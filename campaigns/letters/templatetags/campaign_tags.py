from typing import Protocol

from django import template
from django.utils import dateformat, timezone

from campaigns.letters.deadlines import format_deadline
from campaigns.letters.models import Campaign

register = template.Library()


class Credited(Protocol):
    """A signature (of the signatures app, which this one does not import)."""

    @property
    def is_unverified(self) -> bool: ...

    def credit(self, style: str) -> str: ...


@register.simple_tag
def deadline(campaign: Campaign) -> str:
    return format_deadline(campaign.deadline, campaign.time_zone) if campaign.deadline else ""


@register.simple_tag
def letter_date(campaign: Campaign) -> str:
    """The date the letter carries: the one set, else the day it was delivered; until then, the
    day it was published."""
    day = campaign.dated() or timezone.localtime(
        campaign.published_at or timezone.now(), campaign.zone
    )
    return dateformat.format(day, "F j, Y")


@register.simple_tag
def credit(signature: Credited, campaign: Campaign) -> str:
    """The signer's credit in the campaign's style, marked if their office is unverified."""
    marker = " (unverified)" if signature.is_unverified else ""
    return signature.credit(campaign.credit_style) + marker


@register.simple_tag
def bare_credit(signature: Credited, campaign: Campaign) -> str:
    return signature.credit(campaign.credit_style)
