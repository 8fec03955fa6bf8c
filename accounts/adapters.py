from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from cosign.emails import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's context holds the request and model instances, which cannot travel to a
        # worker; render here and let the worker send the finished message after commit.
        context.setdefault("site_name", settings.SITE_NAME)
        queue_email(self.render_mail(template_prefix, email, context))

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL
