"""Signed, expiring tokens for links sent by email."""

from datetime import timedelta

from django.core import signing

INVITATION = "campaigns.invitation"
INVITATION_MAX_AGE = timedelta(days=14)
CONFIRM = "signatures.confirm"
CONFIRM_MAX_AGE = timedelta(days=7)
# A withdraw link works for as long as the letter is open; the view checks that.
WITHDRAW = "signatures.withdraw"
FORGET = "signatures.forget"


def make_token(purpose: str, pk: int) -> str:
    return signing.dumps(pk, salt=purpose)


def read_token(purpose: str, token: str, *, max_age: timedelta | None) -> int:
    """The id a token was made for; raises signing.BadSignature (or SignatureExpired)."""
    value = signing.loads(token, salt=purpose, max_age=max_age)
    if not isinstance(value, int):
        raise signing.BadSignature("Not a token of ours")
    return value
