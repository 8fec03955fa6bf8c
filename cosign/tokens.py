"""Signed, expiring tokens for links sent by email."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

INVITATION = "campaigns.invitation"
INVITATION_MAX_AGE = timedelta(days=14)
CONFIRM = "signatures.confirm"
# A withdraw link goes only to the signer's own address (the receipt and later emails); the
# service decides what it may still do: withdraw until delivery, then ask.
WITHDRAW = "signatures.withdraw"
FORGET = "signatures.forget"
# Asks a signer of an earlier text to re-confirm after a substantive revision; like a withdraw
# link it goes only to the signer's own address, and the service decides what it may still do.
RECONFIRM = "signatures.reconfirm"
# A Dear Colleague's personal sign link: the letter and the office it was sent to.
SIGN_FROM = "circulation.sign_from"
SIGN_FROM_MAX_AGE = timedelta(days=120)


def confirm_max_age() -> timedelta:
    """A confirmation link lives as long as its sign-on may wait: a forwarded or leaked email
    confirms nothing, and opens nothing, once the sign-on has lapsed."""
    return timedelta(hours=settings.SIGNON_LAPSE_HOURS)


def make_token(purpose: str, pk: int) -> str:
    return signing.dumps(pk, salt=purpose)


def read_token(purpose: str, token: str, *, max_age: timedelta | None) -> int:
    """The id a token was made for; raises signing.BadSignature (or SignatureExpired)."""
    value = signing.loads(token, salt=purpose, max_age=max_age)
    if not isinstance(value, int):
        raise signing.BadSignature("Not a token of ours")
    return value


def make_office_token(purpose: str, campaign_pk: int, bioguide_id: str) -> str:
    return signing.dumps([campaign_pk, bioguide_id], salt=purpose, compress=True)


def read_office_token(purpose: str, token: str, *, max_age: timedelta | None) -> tuple[int, str]:
    """The letter's id and the office's bioguide id; raises signing.BadSignature."""
    value = signing.loads(token, salt=purpose, max_age=max_age)
    match value:
        case [int(campaign_pk), str(bioguide_id)]:
            return campaign_pk, bioguide_id
    raise signing.BadSignature("Not a token of ours")


# The link in a team's email to its staff contacts that takes an address out of the organizer's
# address book. It does not expire: an old email's link still works.
LEAVE_ADDRESS_BOOK = "circulation.leave_address_book"


def make_address_token(purpose: str, owner_pk: int, email: str) -> str:
    return signing.dumps([owner_pk, email.strip().lower()], salt=purpose, compress=True)


def read_address_token(purpose: str, token: str) -> tuple[int, str]:
    """The owner's id and the address; raises signing.BadSignature."""
    value = signing.loads(token, salt=purpose)
    match value:
        case [int(owner_pk), str(email)]:
            return owner_pk, email
    raise signing.BadSignature("Not a token of ours")
