import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.delivery import services as delivery_services
from campaigns.delivery.models import Delivery
from campaigns.documents import services as documents_services
from campaigns.documents.models import LetterDocument
from campaigns.errors import Code, ServiceError, describe
from campaigns.letters import services as letters_services
from campaigns.letters.models import Campaign


class Command(BaseCommand):
    help = (
        "Deliver a letter to its recipients, as the organizer's Deliver button does; first "
        "render a fresh PDF if the newest one is out of date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be delivered; change nothing"
        )
        parser.add_argument(
            "--wait", type=int, default=300, help="Seconds to wait for the PDF and the sending"
        )

    def handle(self, *args: Any, slug: str, dry_run: bool, wait: int, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"No letter with the address {slug!r}")
        deadline = time.monotonic() + wait
        plan = delivery_services.delivery_plan(campaign)
        self._describe(plan)
        needs_pdf = plan.document is None or any(p.code == Code.STALE_PDF for p in plan.problems)
        if dry_run:
            if needs_pdf:
                self.stdout.write("Would first render a fresh PDF.")
            self.stdout.write("Dry run: nothing delivered.")
            return
        if needs_pdf and not campaign.is_draft:
            self.stdout.write("Rendering a fresh PDF…")
            if campaign.is_open:
                letters_services.campaign_close(
                    campaign_id=campaign.pk
                )  # also asks for the final PDF
            document = documents_services.document_request(campaign=campaign)
            while document.status not in (LetterDocument.Status.READY, "failed"):
                if time.monotonic() > deadline:
                    raise CommandError("The PDF was not ready in time; is a worker running?")
                time.sleep(0.5)
                document.refresh_from_db()
            if document.status != LetterDocument.Status.READY:
                raise CommandError(f"The PDF failed: {document.error}")
            campaign.refresh_from_db()
        try:
            created = delivery_services.delivery_start(
                campaign=campaign, by=None, source="An operator (manage.py deliver_campaign)"
            )
        except ServiceError as problems:
            raise CommandError(describe(problems)) from None
        self.stdout.write(f"Delivery started to {len(created)} recipient(s).")
        waiting = {d.pk for d in created if d.channel == "email"}
        while waiting and time.monotonic() < deadline:
            done = Delivery.objects.filter(pk__in=waiting, status__in=["sent", "failed"])
            waiting -= set(done.values_list("pk", flat=True))
            if waiting:
                time.sleep(0.5)
        for delivery in Delivery.objects.filter(pk__in=[d.pk for d in created]).select_related(
            "recipient"
        ):
            line = f"  {delivery.recipient}: {delivery.get_status_display()}"
            if delivery.channel == "email":
                line += f" after {delivery.attempts} attempt(s), Message-ID {delivery.message_id}"
            if delivery.last_error:
                line += f" ({delivery.last_error})"
            self.stdout.write(line)

    def _describe(self, plan: delivery_services.DeliveryPlan) -> None:
        write = self.stdout.write
        write(f"Letter: {plan.campaign.title} ({plan.campaign.get_status_display()})")
        write(f"Signatures now: {plan.count:,}")
        if plan.document:
            write(
                f"Newest PDF: #{plan.document.pk}, {plan.document.signature_count:,} signatures, "
                f"version {plan.document.version.number}, {plan.document.pages} pages"
            )
        for recipient in plan.recipients:
            how = f"email to {recipient.email}" if recipient.channel == "email" else "printed"
            state = " (already under way or delivered)" if recipient.pk in plan.already else ""
            write(f"To: {recipient.name}, {how}{state}")
        for problem in plan.problems:
            write(f"! {describe(problem)}")
