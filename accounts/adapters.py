from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from cosign.emails import queue_email


@dataclass(frozen=True)
class Site:
    """What allauth's email templates read as `current_site`: the site the settings name."""

    name: str
    domain: str


def on_site_url(url: str) -> str:
    """The same page, addressed on SITE_URL."""
    parts = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth builds its links (activate_url, password_reset_url, signup_url) from the
        # request's Host, which ALLOWED_HOSTS checks without its port, and only some of them
        # through an adapter method; every one of its emails passes here, so they are all
        # moved onto SITE_URL here.
        links = {
            key: on_site_url(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        # allauth's templates name the site ("Hello from …!") from `current_site`, which
        # django.contrib.sites (not installed) or else the request's Host would give.
        site = Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        context = {**context, **links, "current_site": site, "site_name": settings.SITE_NAME}
        # allauth's context holds the request and model instances, which cannot travel to a
        # worker; render here and let the worker send the finished message after commit.
        queue_email(self.render_mail(template_prefix, email, context))

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys an account's failed logins by the current site's domain, which without
        # django.contrib.sites is the request's Host, port included: each new port would be a
        # new ceiling. Cosign is one site.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{urlsplit(settings.SITE_URL).netloc}:{login}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as refused:
            if refused.code != "too_many_login_attempts":
                raise
            # allauth says so inside the login form, with a 200; answer as every other limit
            # does, with a 429 and the page that says when to try again.
            raise ImmediateHttpResponse(respond_429(request)) from refused
