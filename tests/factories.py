"""Small named test data. Each helper makes one thing, ready to use, with sensible defaults."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from campaigns.congress.models import Legislator
from campaigns.letters import services
from campaigns.letters.deadlines import deadline_at
from campaigns.letters.models import Campaign, CampaignMember, LetterVersion, Recipient
from campaigns.signatures.models import Signature, SignerContact

PASSWORD = "correct horse battery staple"

LETTER_TEXT = """We write to ask you to suspend the raids.

1. Suspend removal operations.
2. Grant Temporary Protected Status.
"""


def make_user(email: str, *, name: str = "", verified: bool = True) -> User:
    user = User.objects.create_user(email, PASSWORD, name=name or email.split("@")[0].title())
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_campaign(owner: User, *, title: str = "Suspend the raids", **fields: Any) -> Campaign:
    """A draft with everything publishing needs: text, a recipient and a future deadline."""
    campaign = services.campaign_create(owner=owner, title=title)
    fields.setdefault(
        "deadline", deadline_at(timezone.localdate() + timedelta(days=30), None, "America/New_York")
    )
    fields.setdefault("draft_markdown", LETTER_TEXT)
    for key, value in fields.items():
        setattr(campaign, key, value)
    campaign.save()
    Recipient.objects.create(
        campaign=campaign,
        name="President Barack Obama",
        organization="The White House",
        address="1600 Pennsylvania Avenue NW\nWashington, DC 20500",
    )
    return campaign


def make_open_campaign(owner: User, **fields: Any) -> Campaign:
    campaign = make_campaign(owner, **fields)
    services.campaign_publish(campaign=campaign, user=owner)
    campaign.refresh_from_db()
    return campaign


def add_member(campaign: Campaign, user: User, role: str) -> CampaignMember:
    return CampaignMember.objects.create(campaign=campaign, user=user, role=role)


def make_legislator(bioguide_id: str = "L000397", **fields: Any) -> Legislator:
    defaults: dict[str, Any] = {
        "first_name": "Zoe",
        "last_name": "Lofgren",
        "display_name": "Zoe Lofgren",
        "chamber": Legislator.Chamber.HOUSE,
        "title": "Rep.",
        "state": "CA",
        "district": 18,
        "party": "Democrat",
        "website_host": "lofgren.house.gov",
        "phone": "202-225-3072",
    }
    defaults.update(fields)
    return Legislator.objects.create(bioguide_id=bioguide_id, **defaults)


def make_senator() -> Legislator:
    """Sen. Bernie Sanders, whose staff write from his office's own domain."""
    return make_legislator(
        "S000033", first_name="Bernard", last_name="Sanders", display_name="Bernie Sanders",
        chamber="senate", title="Sen.", state="VT", district=None, party="Independent",
        website_host="sanders.senate.gov", phone="202-224-5141",
    )  # fmt: skip


def add_signature(
    campaign: Campaign, legislator: Legislator, *, status: str = "approved", **fields: Any
) -> Signature:
    version = campaign.current_version
    assert version is not None, "publish the campaign first"
    email = fields.pop("email", f"staff.{legislator.bioguide_id.lower()}@mail.house.gov")
    contact = SignerContact(
        email=email,
        signer_name=fields.pop("signer_name", "Alex Rivera"),
        signer_title=fields.pop("signer_title", ""),
        phone=fields.pop("phone", ""),
    )
    signature = Signature(
        campaign=campaign,
        version=version,
        kind=Signature.Kind.LEGISLATOR,
        status=status,
        verification=Signature.Verification.HOUSE_EMAIL,
        email_key=SignerContact.key_for(email),
        **fields,
    )
    signature.snapshot_legislator(legislator)
    signature.save()
    contact.signature = signature
    contact.save()
    return signature


def revise(
    campaign: Campaign, markdown: str, *, by: User, kind: str = "substantive", note: str = ""
) -> LetterVersion:
    """An editor drafts the next text and an owner publishes it: a substantive change asks for
    re-confirmation within a week."""
    services.letter_text_save(campaign=campaign, markdown=markdown, author=by, change_note=note)
    reconfirm_by = timezone.now() + timedelta(days=7) if kind == "substantive" else None
    return services.revision_publish(campaign=campaign, by=by, kind=kind, reconfirm_by=reconfirm_by)


def add_individuals(
    campaign: Campaign, count: int, *, status: str = "approved", email_domain: str = ""
) -> list[Signature]:
    """`count` individual sign-ons at once (a large letter, a burst); with `email_domain`, each
    has an address of its own there (signer-0001@…)."""
    prefix = f"{status.title()} {campaign.pk}"
    signatures = Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status=status, verification="email", name=f"{prefix} {n:06d}",
                sort_name=f"{prefix.lower()} {n:06d}", list_group=Signature.Group.INDIVIDUALS,
                city="Oakland", state="CA",
                email_key=SignerContact.key_for(f"signer-{n:06d}@{email_domain}")
                if email_domain else None,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )  # fmt: skip
    if email_domain:
        SignerContact.objects.bulk_create(
            [
                SignerContact(
                    signature=s, email=f"signer-{n:06d}@{email_domain}", signer_name=s.name
                )
                for n, s in enumerate(signatures)
            ],
            batch_size=2000,
        )
    return signatures
