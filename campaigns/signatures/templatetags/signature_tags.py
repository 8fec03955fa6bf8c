"""The live count in pages of the apps below this one, which cannot import it:
`{% load signature_tags %}{% counted campaign as n %}`."""

from django import template

from campaigns.letters.models import Campaign
from campaigns.signatures import counts

register = template.Library()


@register.simple_tag
def counted(campaign: Campaign) -> int:
    """The letter's live count of signatures."""
    return counts.current(campaign.pk).total
