"""The live count of a letter: how many signatures it has, by chamber, party and state.

The database is the source of truth: a signature counts once it is approved. With Redis, each
letter's tally lives in a Redis hash that every change of a signature's state adjusts once the
change has committed (never by updating one hot campaign row), and each change is published
for the live stream. `rebuild` puts the hash back in line with the database and reports what
it corrected. Without Redis, the tally is counted in the database and kept in the cache until
the next change, and changes are published to the streams of this one process only.
"""

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import redis
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from campaigns.letters.models import Campaign
from campaigns.signatures.models import Milestone, Signature
from cosign import fanout
from cosign import redis as cosign_redis
from cosign.hub import Hub
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

CHANNEL = "cosign:counts"
# Without Redis there is one process (`make run`), and its streams hear of changes through this.
LOCAL_CHANNEL = Hub()
# Without Redis the cache is each process's own memory: a change made in another process (a
# management command, say) shows once this runs out.
DATABASE_TALLY_SECONDS = 10
MILESTONES = (100, 1_000, 10_000, 100_000)

# Adjusts a tally only if Redis still has it: increments on a missing hash would start from
# zero. A miss is noted in a second key, which a rebuild in progress watches: it then starts
# over, so a change committed after its count of the database is not lost.
_INCREMENT = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], 3600)
  return false
end
for i = 3, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[1]) end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[2])
return redis.call('HGETALL', KEYS[1])
"""


def tally_key(campaign_id: int) -> str:
    return f"cosign:tally:{campaign_id}"


def _missed_key(campaign_id: int) -> str:
    return f"cosign:tally-missed:{campaign_id}"


@dataclass
class Tally:
    total: int = 0
    by_chamber: dict[str, int] = field(default_factory=dict)
    by_party: dict[str, int] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)
    updated_at: float = 0.0  # seconds since the epoch

    def add(self, names: Iterable[str], n: int) -> None:
        for name in names:
            self._bump(name, n)

    def _bump(self, name: str, n: int) -> None:
        if name == "total":
            self.total += n
            return
        group, _, value = name.partition(":")
        tallies = {"chamber": self.by_chamber, "party": self.by_party, "state": self.by_state}
        counts = tallies[group]
        counts[value] = counts.get(value, 0) + n
        if counts[value] == 0:
            del counts[value]

    def fields(self) -> dict[str, int]:
        """The Redis hash fields, zeros left out."""
        names = {"total": self.total} if self.total else {}
        for group, counts in (
            ("chamber", self.by_chamber),
            ("party", self.by_party),
            ("state", self.by_state),
        ):
            names.update({f"{group}:{value}": n for value, n in counts.items() if n})
        return names

    @classmethod
    def from_fields(cls, stored: Mapping[Any, Any]) -> "Tally":
        tally = cls(updated_at=float(stored.get("updated_at") or 0))
        for name, value in stored.items():
            if name != "updated_at" and int(value):
                tally._bump(name, int(value))
        return tally

    def updated(self) -> datetime | None:
        return datetime.fromtimestamp(self.updated_at, UTC) if self.updated_at else None


def signature_fields(kind: str, chamber: str, party: str, state: str) -> list[str]:
    """The tally fields one signature counts towards."""
    names = ["total"]
    if kind == Signature.Kind.LEGISLATOR:
        names += [f"chamber:{chamber}", f"party:{party}"]
    if state:
        names.append(f"state:{state}")
    return names


def tally_from_database(campaign_id: int) -> Tally:
    tally = Tally(updated_at=time.time())
    rows = (
        Signature.objects.counted()
        .filter(campaign_id=campaign_id)
        .order_by()
        .values_list("kind", "chamber", "party", "state")
        .annotate(n=Count("pk"))
    )
    for kind, chamber, party, state, n in rows:
        tally.add(signature_fields(kind, chamber, party, state), n)
    return tally


def current(campaign_id: int) -> Tally:
    if cosign_redis.configured():
        try:
            stored = cosign_redis.connection().hgetall(tally_key(campaign_id))
        except redis.RedisError:
            logger.warning(
                "Redis is unreachable; counting campaign %s in the database", campaign_id
            )
            return tally_from_database(campaign_id)
        if stored:
            return Tally.from_fields(stored)
        # Redis lost the tally: answer from the database, and let a worker rebuild it (a
        # reader rebuilding inline would race with the changes being counted right now).
        _rebuild_soon(campaign_id)
        return tally_from_database(campaign_id)
    tally = cache.get(tally_key(campaign_id))
    if tally is None:
        tally = tally_from_database(campaign_id)
        cache.set(tally_key(campaign_id), tally, timeout=DATABASE_TALLY_SECONDS)
    return tally


def with_totals(campaigns: Iterable[Campaign]) -> list[Campaign]:
    """The campaigns, each with `signature_count` set, for lists of letters."""
    campaigns = list(campaigns)
    for campaign in campaigns:
        campaign.signature_count = current(campaign.pk).total  # type: ignore[attr-defined]
    return campaigns


def record(signature: Signature, delta: int) -> None:
    """A committed change made `signature` count (+1) or stop counting (-1)."""
    campaign_id = signature.campaign_id
    goal = signature.campaign.goal
    forget_documents()
    if cosign_redis.configured():
        tally = _record_in_redis(signature, delta)
    else:
        cache.delete(tally_key(campaign_id))
        # Counted again only if someone needs it: a milestone to check, or a stream open here.
        wanted = delta > 0 or LOCAL_CHANNEL.subscribed
        tally = tally_from_database(campaign_id) if wanted else None
    if tally is None:
        return
    _publish(campaign_id, tally)
    if delta > 0:
        reached(campaign_id, before=tally.total - delta, after=tally.total, goal=goal)


def _record_in_redis(signature: Signature, delta: int) -> Tally | None:
    """The tally after the change, or None if Redis could not count it."""
    campaign_id = signature.campaign_id
    names = signature_fields(signature.kind, signature.chamber, signature.party, signature.state)
    try:
        stored = cosign_redis.connection().eval(
            _INCREMENT,
            2,
            tally_key(campaign_id),
            _missed_key(campaign_id),
            delta,
            time.time(),
            *names,
        )
    except redis.RedisError:
        logger.warning(
            "Could not count signature %s in Redis; the next reconciliation will", signature.pk
        )
        return None
    if not stored:
        _rebuild_soon(campaign_id)  # the hash was gone; the database holds this change
        return None
    return Tally.from_fields(dict(zip(stored[::2], stored[1::2], strict=True)))


def on_commit_record(signature: Signature, delta: int) -> None:
    # robust: a Redis outage must not undo or fail a signature that is already stored.
    transaction.on_commit(partial(record, signature, delta), robust=True)


@dataclass(frozen=True)
class Rebuilt:
    tally: Tally
    drift: dict[str, int]  # what Redis had wrong: field -> (Redis - database)
    missing: bool  # Redis had no tally at all (first use, or it lost its data)


def rebuild(campaign_id: int) -> Rebuilt:
    """Count in the database and make the stored tally agree; log any drift corrected."""
    if cosign_redis.configured():
        rebuilt = _rebuild_in_redis(campaign_id)
        if rebuilt is None:
            logger.warning(
                "Campaign %s kept changing; its count will be checked again", campaign_id
            )
            return Rebuilt(current(campaign_id), {}, missing=False)
    else:
        rebuilt = Rebuilt(tally_from_database(campaign_id), {}, missing=False)
        cache.set(tally_key(campaign_id), rebuilt.tally, timeout=DATABASE_TALLY_SECONDS)
        _publish(campaign_id, rebuilt.tally)
    if rebuilt.drift:
        logger.warning("Corrected the count of campaign %s: drift %s", campaign_id, rebuilt.drift)
    forget_documents()
    goal = Campaign.objects.filter(pk=campaign_id).values_list("goal", flat=True).first()
    reached(campaign_id, before=0, after=rebuilt.tally.total, goal=goal, announce_past=False)
    return rebuilt


_rebuild_asked: dict[int, int] = {}


def forget_rebuild_requests() -> None:
    _rebuild_asked.clear()


def _rebuild_soon(campaign_id: int) -> None:
    # One rebuild a second is plenty, however many readers and changes found the tally gone.
    second = int(time.time())
    if _rebuild_asked.get(campaign_id) == second:
        return
    _rebuild_asked[campaign_id] = second
    outbox.add(
        "signatures.rebuild_count", key=f"count:{campaign_id}:{second}", campaign_id=campaign_id
    )


def _rebuild_in_redis(campaign_id: int) -> Rebuilt | None:
    key = tally_key(campaign_id)
    with cosign_redis.connection().pipeline() as pipe:
        for _attempt in range(5):
            try:
                pipe.watch(key, _missed_key(campaign_id))
                stored = pipe.hgetall(key)
                # Counted after WATCH: an increment landing meanwhile aborts the write below.
                truth = tally_from_database(campaign_id)
                had, wanted = Tally.from_fields(stored).fields(), truth.fields()
                drift = {
                    name: had.get(name, 0) - wanted.get(name, 0)
                    for name in had.keys() | wanted.keys()
                    if had.get(name, 0) != wanted.get(name, 0)
                }
                if stored and not drift:
                    pipe.unwatch()
                    return Rebuilt(Tally.from_fields(stored), {}, missing=False)
                pipe.multi()
                pipe.delete(key)
                replacement: dict[Any, Any] = {**wanted, "updated_at": truth.updated_at}
                pipe.hset(key, mapping=replacement)
                pipe.execute()
            except redis.WatchError:
                continue
            _publish(campaign_id, truth)
            return Rebuilt(truth, drift if stored else {}, missing=not stored)
    return None


def _publish(campaign_id: int, tally: Tally) -> None:
    fanout.publish(CHANNEL, LOCAL_CHANNEL, {"campaign": campaign_id, **stream_fields(tally)})


def stream_fields(tally: Tally) -> dict[str, Any]:
    updated = tally.updated()
    return {
        "count": tally.total,
        "by_chamber": tally.by_chamber,
        "by_party": tally.by_party,
        "by_state": dict(sorted(tally.by_state.items())),
        "updated_at": updated.isoformat() if updated else None,
    }


# Milestones ----------------------------------------------------------------------------------


def reached(
    campaign_id: int, *, before: int, after: int, goal: int | None, announce_past: bool = True
) -> None:
    """Record the milestones passed between `before` and `after` and email the organizers,
    once each however often this runs. A rebuild (announce_past=False) records milestones the
    counters missed but announces only the latest, not every one passed long ago.
    """
    targets = {count: False for count in MILESTONES if before < count <= after}
    if goal and before < goal <= after:
        targets[goal] = True
    if not targets:
        return
    known = set(
        Milestone.objects.filter(campaign_id=campaign_id, count__in=targets).values_list(
            "count", flat=True
        )
    )
    latest = max(targets)
    for count, is_goal in targets.items():
        if count in known:
            continue
        with transaction.atomic():
            milestone, created = Milestone.objects.get_or_create(
                campaign_id=campaign_id, count=count, defaults={"is_goal": is_goal}
            )
            if created and (announce_past or count == latest):
                outbox.add(
                    "signatures.milestone_email",
                    key=f"milestone:{milestone.pk}",
                    milestone_id=milestone.pk,
                )


# count.json ----------------------------------------------------------------------------------

DOCUMENT_SECONDS = 1.0
_documents: dict[str, tuple[float, bytes, str]] = {}
_documents_lock = threading.Lock()


def document(slug: str) -> tuple[bytes, str] | None:
    """count.json for a public letter and its ETag, or None; kept a second in this process."""
    now = time.monotonic()
    cached = _documents.get(slug)
    if cached and cached[0] > now:
        return cached[1], cached[2]
    campaign = (
        Campaign.objects.listed()
        .filter(slug=slug)
        .only("pk", "slug", "goal", "deadline", "status")
        .first()
    )
    if campaign is None:
        return None
    tally = current(campaign.pk)
    body = json.dumps(
        {
            "slug": campaign.slug,
            "count": tally.total,
            "goal": campaign.goal,
            "deadline": campaign.deadline.isoformat() if campaign.deadline else None,
            "status": campaign.status,
            **{k: v for k, v in stream_fields(tally).items() if k != "count"},
        }
    ).encode()
    etag = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
    with _documents_lock:
        _documents[slug] = (now + DOCUMENT_SECONDS, body, etag)
    return body, etag


def forget_documents() -> None:
    with _documents_lock:
        _documents.clear()
