"""The audit trail of a letter, for its owners."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from campaigns.letters.access import organizer_view
from campaigns.letters.models import AuditEvent, CampaignMember

PAGE_SIZE = 100
# The filter's choices, in the plural ("Deliveries", not "Deliverys").
SUBJECTS_PLURAL = {
    AuditEvent.Subject.CAMPAIGN: "Letter",
    AuditEvent.Subject.VERSION: "Text versions",
    AuditEvent.Subject.SIGNATURE: "Signatures",
    AuditEvent.Subject.DELIVERY: "Deliveries",
    AuditEvent.Subject.WEBHOOK: "Webhook endpoints",
}


@require_safe
@organizer_view(CampaignMember.Role.OWNER)
def audit_trail(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    subject = request.GET.get("subject", "")
    events = AuditEvent.objects.filter(campaign=campaign)
    if subject in AuditEvent.Subject.values:
        events = events.filter(subject_type=subject)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "letters/audit.html",
        {
            "member": member,
            "campaign": campaign,
            "page": page,
            "subject": subject,
            "subjects": list(SUBJECTS_PLURAL.items()),
            "page_query": f"subject={subject}" if subject in AuditEvent.Subject.values else "",
        },
    )
