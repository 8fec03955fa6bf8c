from allauth.account import app_settings
from allauth.account.models import EmailAddress
from django import template
from django.core import signing

register = template.Library()


@register.simple_tag
def verified_address(key: str) -> EmailAddress | None:
    """The address a confirmation link was for, if it is verified already: allauth answers a
    link clicked twice as "expired or invalid", which it is not."""
    try:
        pk = signing.loads(key, salt=app_settings.SALT)
    except signing.BadSignature:
        return None
    return EmailAddress.objects.filter(pk=pk, verified=True).select_related("user").first()
