"""API tokens (made, found, used, revoked) and signing people up through a token."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.api.models import ApiToken
from campaigns.letters.models import Campaign
from campaigns.letters.services.audit import audit_record
from campaigns.signatures import services as signatures
from campaigns.signatures.models import Signature

# Last use is a date to show, not a log: written at most this often, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def token_create(
    *,
    user: User,
    name: str,
    scope: str,
    contacts: bool,
    letters: list[Campaign] | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is not kept: the caller shows it once. `letters`
    None: all the person's letters."""
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            contacts=contacts,
            all_letters=letters is None,
            hint=secret[:12],
            secret_sha256=ApiToken.digest(secret),
        )
        if letters:
            token.letters.set(letters)
    return token, secret


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token this secret opens, if any."""
    return (
        ApiToken.objects.live()
        .select_related("user")
        .filter(secret_sha256=ApiToken.digest(secret), user__is_active=True)
        .first()
    )


def token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of `user`'s tokens; False if there is no such live token of theirs."""
    return bool(
        ApiToken.objects.live().filter(pk=token_id, user=user).update(revoked_at=timezone.now())
    )


def signature_record(
    *,
    token: ApiToken,
    campaign: Campaign,
    version_number: int,
    details: signatures.SignerDetails,
    ip_hash: str = "",
) -> Signature:
    """Sign someone up as the sign form does (the same confirmation email), recorded in the
    audit trail under the token's name."""
    with transaction.atomic():
        signature = signatures.signature_create(
            campaign=campaign, version_number=version_number, details=details, ip_hash=ip_hash
        )
        audit_record(
            signature, from_state="", to_state=signature.status, by_label=token.label[:200]
        )
    return signature
