"""Telling a letter's open team pages that something they show has changed.

A notice names the letter and nothing else: each page then asks for itself, through its own
permission checks, what changed. Pushed like the count (cosign.fanout), on a channel of its own.
"""

from functools import partial

from django.db import transaction

from cosign import fanout
from cosign.hub import Hub

CHANNEL = "cosign:team"
LOCAL_CHANNEL = Hub()
CHANGED: fanout.Message = {"changed": True}


def team_notify(campaign_id: int) -> None:
    """Once the current transaction commits, tell the letter's open team pages to look again."""
    transaction.on_commit(
        partial(fanout.publish, CHANNEL, LOCAL_CHANNEL, {"campaign": campaign_id, **CHANGED}),
        robust=True,  # a lost notice costs a late refresh, never the change itself
    )


class TeamNotices(fanout.Fanout):
    async def resubscribed(self, campaign_ids: list[int]) -> None:
        # Whatever was missed while the subscription was down: each page looks again.
        for campaign_id in campaign_ids:
            self.deliver(campaign_id, CHANGED)


team_notices = TeamNotices(CHANNEL, LOCAL_CHANNEL)
