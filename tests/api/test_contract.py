"""Every operation of the schema, with generated requests: each response, whatever was sent,
is one the schema declares (status, content type, body). A bounded number of examples keeps
the suite fast; the letter and its signatures are real, so most requests find something."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from campaigns.api.models import ApiToken
from campaigns.circulation.models import OfficeTarget
from tests.api.conftest import add_individual, token_for
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# The helper's body passes through the sign form, which refuses more than a schema can say
# (an address that is not a Member's office, a state that does not exist): a well-formed body
# may be answered 400, with the form's errors.
FORM_CHECKED = "record_signature_helper"
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def world(rows_for_the_module):
    alice = make_user("alice@example.org")
    letter = make_open_campaign(alice, allows_individuals=True, requires_approval=False)
    member = add_signature(letter, make_legislator())
    OfficeTarget.objects.create(campaign=letter, legislator=member.legislator, note="Call Tuesday")
    add_individual(letter, "Mary Ann Smith")
    add_individual(letter, "Quiet Person", show_name=False)
    add_individual(letter, "Pat Pending", status="unconfirmed")
    secret = token_for(alice, scope=ApiToken.Scope.WRITE, contacts=True)
    return {"slug": letter.slug, "pk": member.pk, "token": secret}


@pytest.fixture
def connection_kept():
    """Requests go through the real WSGI application, which, like a server, closes the
    database connection after each one: on PostgreSQL that would end the test's transaction.
    Django's own test client keeps it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def excluded(case) -> list:
    return [positive_data_acceptance] if case.operation.label.endswith(FORM_CHECKED + "/") else []


def aimed(case, world) -> None:
    """Half the generated paths name the real letter and signature, so that what is found is
    checked as well as what is not."""
    wanted = {"slug": world["slug"], "id": world["pk"]}
    for name, value in (case.path_parameters or {}).items():
        if name in wanted and hash(str(value)) % 2 == 0:
            case.path_parameters[name] = wanted[name]


@schema.parametrize()
@EXAMPLES
def test_anonymous_responses_match_the_schema(db, connection_kept, world, case):
    aimed(case, world)
    case.call_and_validate(excluded_checks=excluded(case))


@schema.parametrize()
@EXAMPLES
def test_a_team_tokens_responses_match_the_schema(db, connection_kept, world, case):
    aimed(case, world)
    case.call_and_validate(
        headers={"OSDI-API-Token": world["token"]}, excluded_checks=excluded(case)
    )
