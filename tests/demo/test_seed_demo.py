from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

from campaigns.demo import seed
from campaigns.letters.models import Campaign
from campaigns.signatures.press import press_line

pytestmark = pytest.mark.django_db

PROJECT_COPY = settings.BASE_DIR / "campaigns" / "congress" / "data" / "congress-legislators"

PROJECT_MODELS = [
    model for model in apps.get_models() if model._meta.app_label in ("accounts", "campaigns")
]


def snapshot() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in PROJECT_MODELS}


def test_the_demo_is_the_2016_letter_with_its_leads_and_146_signers(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)

    # From the project's own copy of the directory of Congress: a fresh clone has it all.
    assert f"537 Members in office, from {PROJECT_COPY} " in out.getvalue()
    assert "; 230 committees and subcommittees." in out.getvalue()
    assert "organizer@cosign.test / password cosign-demo" in out.getvalue()
    campaign = Campaign.objects.get(slug="deportation-raids-2016")
    assert campaign.is_open and campaign.accepting_signatures
    # Published a week ago, its 146 sign-ons since, none in the future; the deadline a month on.
    now = timezone.now()
    assert (now - campaign.published_at).days == seed.SIGNING_DAYS
    assert (campaign.deadline - now).days in (29, 30)
    signed = campaign.signatures.aggregate(first=Min("created_at"), last=Max("decided_at"))
    assert campaign.published_at < signed["first"] and signed["last"] < now
    assert campaign.recipients.get().name == "President Barack Obama"
    assert "Temporary Protected Status" in campaign.current_version.markdown
    assert campaign.signatures.counted().count() == seed.SIGNER_GOAL
    leads = [str(s) for s in campaign.signatures.leads()]
    assert leads == [
        "Rep. Zoe Lofgren, D-Calif.",
        "Rep. Lucille Roybal-Allard, D-Calif.",
        "Rep. Luis Gutiérrez, D-Ill.",
    ]
    named = set(campaign.signatures.values_list("legislator__bioguide_id", flat=True))
    assert set(seed.NAMED) <= named
    assert not campaign.signatures.filter(chamber="senate").exists()  # a House letter
    assert press_line(campaign, 146) == (
        "Among the 146 signatures are Rep. Zoe Lofgren, D-Calif., Rep. Luis Gutiérrez, D-Ill., "
        "Rep. Steny Hoyer, D-Md., Rep. Michelle Lujan Grisham, D-N.M., "
        "Rep. Linda Sánchez, D-Calif., and Rep. Nydia Velázquez, D-N.Y."
    )

    page = client.get("/letters/deportation-raids-2016/").content.decode()
    assert "Rep. Zoe Lofgren, D-Calif." in page
    assert "January 12, 2016" in page  # dated as it was sent
    assert '<span class="count-box__value" data-count-value>146</span>' in page

    assert client.login(email=seed.ORGANIZER_EMAIL, password=seed.ORGANIZER_PASSWORD)
    assert client.get("/dashboard/deportation-raids-2016/").status_code == 200


def test_seeding_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()

    call_command("seed_demo", stdout=StringIO())

    assert snapshot() == first


def test_without_the_directorys_files_it_seeds_the_members_named_in_2016(tmp_path):
    report = seed.seed(data_dir=tmp_path)

    assert "built-in" in report[0]
    campaign = Campaign.objects.get(slug="deportation-raids-2016")
    assert campaign.signatures.counted().count() == len(seed.BUILT_IN_MEMBERS)
    assert {str(s) for s in campaign.signatures.all()} >= {
        "Rep. Steny Hoyer, D-Md.",
        "Rep. Linda Sánchez, D-Calif.",
        "Rep. Nydia Velázquez, D-N.Y.",
        "Rep. Michelle Lujan Grisham, D-N.M.",
    }
