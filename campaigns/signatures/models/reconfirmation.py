from django.conf import settings
from django.db import models

from campaigns.letters.models.campaign import LetterVersion
from campaigns.signatures.models.signature import Signature


class Reconfirmation(models.Model):
    """A signature of an earlier text stands on `version` (a substantive revision): the signer
    re-confirmed from the emailed link, or an organizer decided they stay on the letter (`by`)."""

    signature = models.ForeignKey(
        Signature, on_delete=models.CASCADE, related_name="reconfirmations"
    )
    version = models.ForeignKey(
        LetterVersion, on_delete=models.CASCADE, related_name="reconfirmations"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["signature", "version"], name="one_reconfirmation_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signature_id} on version {self.version_id}"
