"""The letter's team: its members with their roles (and, for a co-lead office's staff, their
office), and the invitations that bring people onto it."""

from django.conf import settings
from django.db import models

from campaigns.congress.models import Legislator
from campaigns.letters.models.campaign import Campaign


class CampaignMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        EDITOR = "editor", "Editor"
        VIEWER = "viewer", "Viewer"

    # Higher ranks can do everything lower ranks can.
    RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    # PROTECT, as a signature's own office is: the import never deletes a Member (it marks them
    # out of office), and a deleted row would drop the office from the co-leads without the sync
    # that takes its signature off the leads.
    office = models.ForeignKey(
        Legislator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The congressional office they work for: it co-leads the letter.",
    )
    # The morning email of sign-ons waiting for approval, for owners and editors; each turns it
    # off for themselves, letter by letter.
    approvals_digest = models.BooleanField(
        "Email me each morning when sign-ons wait for approval", default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="one_membership_per_user")
        ]
        ordering = ["created_at"]
        verbose_name = "team member"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.campaign}"

    def can(self, role: str) -> bool:
        return self.RANK[self.Role(self.role)] >= self.RANK[self.Role(role)]


class Invitation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=8,
        choices=[(CampaignMember.Role.EDITOR, "Editor"), (CampaignMember.Role.VIEWER, "Viewer")],
    )
    # Carried onto the membership when the invitation is accepted.
    office = models.ForeignKey(
        Legislator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.campaign}"
