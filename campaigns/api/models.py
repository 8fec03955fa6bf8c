import hashlib
import secrets

from django.conf import settings
from django.db import models

from campaigns.letters.models import Campaign

# What every secret starts with, so that a leaked one is recognised (by secret scanners too).
SECRET_PREFIX = "cosign_"  # noqa: S105 (a prefix, not a secret)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A person's key to the API. The secret is shown once; only its SHA-256 is kept, which is
    enough for 256 random bits: nothing to guess, so no slow hash is needed."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and sign people up"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    contacts = models.BooleanField(
        "Signers' contact details",
        default=False,
        help_text="Names, email addresses and phone numbers of the people who signed.",
    )
    all_letters = models.BooleanField(default=True)
    letters = models.ManyToManyField(Campaign, blank=True, related_name="+")
    # The secret's first characters, to tell tokens apart in the list.
    hint = models.CharField(max_length=16, editable=False)
    secret_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def label(self) -> str:
        """Who acted, for the audit trail."""
        return f"{self.user.email}, API token “{self.name}”"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @staticmethod
    def new_secret() -> str:
        return SECRET_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
