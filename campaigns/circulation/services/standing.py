"""Where each office on a letter's tracker stands: its sign-on's word, else the team's."""

from django.db.models import Case, Exists, F, OuterRef, QuerySet, Value, When

from campaigns.circulation.models import OfficeTarget
from campaigns.letters.models import Campaign
from campaigns.signatures.models import Signature

Status = OfficeTarget.Status


def tracker(campaign: Campaign) -> QuerySet[OfficeTarget]:
    """The letter's targets, each with `shown_status`: its sign-on's word, else the team's."""
    sign_ons = Signature.objects.filter(campaign=campaign, legislator=OuterRef("legislator"))
    return (
        OfficeTarget.objects.filter(campaign=campaign)
        .select_related("legislator", "last_contact_by")
        .annotate(
            counted=Exists(sign_ons.filter(status=Signature.Status.APPROVED)),
            pending=Exists(
                sign_ons.filter(
                    status__in=[Signature.Status.UNCONFIRMED, Signature.Status.CONFIRMED]
                )
            ),
        )
        .annotate(
            shown_status=Case(
                When(counted=True, then=Value(Status.SIGNED)),
                When(pending=True, then=Value(Status.SIGNED_PENDING)),
                default=F("status"),
            )
        )
    )
