"""The live count: count.json, the pushed stream, and the embeddable widget."""

import asyncio
import json
import time
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from campaigns.letters.models import Campaign
from campaigns.signatures import counts
from campaigns.signatures.live import broadcaster
from cosign.security import content_security_policy


@require_safe
def count_json(request: HttpRequest, slug: str) -> HttpResponse:
    found = counts.document(slug)
    if found is None:
        raise Http404("No such letter")
    body, etag = found
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=5"
    response["Access-Control-Allow-Origin"] = "*"
    return response


_known_campaigns: dict[str, tuple[float, int]] = {}


def _public_campaign_id(slug: str) -> int | None:
    """The letter's id, looked up once a minute per process. Under ASGI each request runs its
    database work in a thread of its own; the connection is given back at once, so an open
    stream never holds one."""
    known = _known_campaigns.get(slug)
    if known and known[0] > time.monotonic():
        return known[1]
    try:
        found = Campaign.objects.listed().filter(slug=slug).values_list("pk", flat=True).first()
    finally:
        if not connection.in_atomic_block:
            connection.close()
    if found is not None:
        _known_campaigns[slug] = (time.monotonic() + 60, found)
    return found


@require_safe
async def count_stream(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Server-sent events: the count now, then every change, and a heartbeat comment."""
    if isinstance(request, WSGIRequest):
        # A WSGI worker would hold the whole endless stream before answering, one worker per
        # open page. 204 tells EventSource to stop, and the page polls count.json instead; the
        # stream is served by the ASGI process (deploy/nginx routes it there).
        return HttpResponse(status=204)
    campaign_id = await sync_to_async(_public_campaign_id)(slug)
    if campaign_id is None:
        raise Http404("No such letter")
    response = StreamingHttpResponse(
        _events(campaign_id), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # proxies must not hold events back
    return response


async def _events(campaign_id: int) -> AsyncIterator[str]:
    queue = broadcaster.listen(campaign_id)
    try:
        yield "retry: 3000\n\n"
        now = await broadcaster.current(campaign_id)
        if now is None:  # Redis lost the tally: count once in the database
            now = counts.stream_fields(await sync_to_async(counts.current)(campaign_id))
        yield _event(now)
        last = now
        while True:
            try:
                fields = await asyncio.wait_for(
                    queue.get(), timeout=settings.STREAM_HEARTBEAT_SECONDS
                )
            except TimeoutError:
                yield ": heartbeat\n\n"
                continue
            if fields["count"] != last["count"] or fields["by_state"] != last["by_state"]:
                yield _event(fields)
                last = fields
    finally:
        broadcaster.leave(campaign_id, queue)


def _event(fields: dict[str, object]) -> str:
    return f"event: count\ndata: {json.dumps(fields)}\n\n"


@require_safe
@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.listed(), slug=slug)
    tally = counts.current(campaign.pk)
    response = render(
        request, "signatures/embed.html", {"campaign": campaign, "count": tally.total}
    )
    # Any site may frame the widget; every other page refuses to be framed.
    response["Content-Security-Policy"] = content_security_policy(frame_ancestors="*")
    return response
