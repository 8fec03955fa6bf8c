import hashlib
import hmac

from django.conf import settings
from django.db import models

from campaigns.signatures.models.signature import Signature


class SignerContact(models.Model):
    """How to reach a signer, seen only by the letter's organizers. Removing it (the signer
    asks, or the retention policy after delivery) is deleting this row; the signature and
    its public credit stay."""

    signature = models.OneToOneField(
        Signature, primary_key=True, on_delete=models.CASCADE, related_name="contact"
    )
    email = models.EmailField()
    signer_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    # A staffer agreed, on the sign form, that the organizers may keep their name and email as
    # a contact for the office for their later letters; it goes with this row when purged.
    keep_as_contact = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def key_for(email: str) -> str:
        """The address as the one-per-address rule compares it: case-folded and keyed with the
        site's secret, so the key alone does not give the address back."""
        return hmac.new(
            settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256
        ).hexdigest()
