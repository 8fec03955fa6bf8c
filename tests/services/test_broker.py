"""What the broker itself promises, on the broker this run uses (`make test-services` runs the
`broker` tests on Redis, then again on RabbitMQ)."""

import re
import shutil
import subprocess
import time

import pytest
from django.conf import settings

from campaigns.documents import services
from campaigns.documents.models import LetterDocument
from tests.factories import add_individuals, make_open_campaign, make_user
from tests.services.conftest import (
    LOG_DIR,
    _service_env,
    broker_is_rabbitmq,
    stop_worker,
    wait_until,
)

pytestmark = [pytest.mark.services, pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def task_ids(log: str, task: str, outcome: str) -> set[str]:
    return set(re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] {outcome}", log))


@pytest.mark.skipif(
    not broker_is_rabbitmq(),
    reason="on Redis a task taken by a dead worker waits out the visibility timeout (an hour); "
    "the sweeper relieves it: test_faults_under_load's killed render",
)
def test_a_task_killed_with_its_worker_is_handed_to_another_as_the_connection_drops(
    media_root, queue, workers
):
    # No beat, and a lease no sweep would reach: only the broker can bring the task back.
    env = {**_service_env(media=media_root), "DOCUMENT_LEASE_SECONDS": "3600"}
    campaign = make_open_campaign(make_user("organizer@example.org"), allows_individuals=True)
    add_individuals(campaign, 3000)
    for name in ("broker-killed", "broker-relief"):  # logs are appended to: start afresh
        (LOG_DIR / f"{name}.log").unlink(missing_ok=True)
    first = workers(env, log_name="broker-killed", queue=queue)
    document = services.document_request(campaign=campaign)
    wait_until(
        lambda: LetterDocument.objects.filter(pk=document.pk, chunks_done__gte=1).exists(),
        timeout=90,
        what="the rendering to be under way",
    )

    stop_worker(first, kill=True)  # SIGKILL: the render it holds is neither done nor acked
    killed_at = time.monotonic()
    killed_log = first.log.read_text()
    chunk = "campaigns.documents.tasks.render_chunk"
    cut_short = task_ids(killed_log, chunk, "received") - task_ids(killed_log, chunk, "succeeded")
    assert cut_short, "the worker was killed holding no chunk; run it again"
    relief = workers(env, log_name="broker-relief", queue=queue)
    wait_until(
        lambda: LetterDocument.objects.get(pk=document.pk).status == "ready",
        timeout=120,
        what="the rendering to finish",
    )
    finished_after = time.monotonic() - killed_at

    assert cut_short <= task_ids(relief.log.read_text(), chunk, "succeeded")
    print(
        f"\nRabbitMQ: the render cut short finished on another worker {finished_after:.1f} s later"
    )
    assert finished_after < 60  # not after a visibility timeout, nor a sweep


@pytest.mark.skipif(not broker_is_rabbitmq(), reason="RabbitMQ's own setting")
def test_the_longest_pause_is_half_the_rabbitmq_servers_consumer_timeout():
    # The server's own value, not its documented default: set consumer_timeout and
    # RABBITMQ_CONSUMER_TIMEOUT_SECONDS together.
    rabbitmqctl = shutil.which("rabbitmqctl")
    assert rabbitmqctl, "rabbitmqctl, to ask the server; it comes with rabbitmq-server"
    answer = subprocess.run(
        [rabbitmqctl, "eval", "application:get_env(rabbit, consumer_timeout)."],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    milliseconds = int(re.search(r"\{ok,(\d+)\}", answer)[1])

    assert milliseconds == settings.RABBITMQ_CONSUMER_TIMEOUT_SECONDS * 1000
    assert milliseconds // 1000 // 2 == settings.TASK_PAUSE_MAX_SECONDS
