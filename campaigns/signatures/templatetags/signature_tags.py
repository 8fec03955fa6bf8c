"""The live count in pages of the apps below this one, which cannot import it:
`{% load signature_tags %}{% counted campaign as n %}`."""

from django import template

from campaigns.letters.models import Campaign
from campaigns.signatures import counts
from campaigns.signatures.models import Signature

register = template.Library()


@register.simple_tag
def counted(campaign: Campaign) -> int:
    """The letter's live count of signatures."""
    return counts.current(campaign.pk).total


@register.simple_tag
def on_earlier_text(campaign: Campaign) -> int:
    """Counted signatures of a text before the one in force, neither re-confirmed nor kept."""
    return Signature.objects.counted().on_earlier_text(campaign).count()
