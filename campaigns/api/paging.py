"""OSDI's pages (`page`, `per_page`, `total_pages`, `total_records`, `_links.next`), fast at
any depth: a page is found by a keyset, never by an OFFSET over the rows themselves.

Following `next` or `prev` carries the id at the page's edge (`after`, `before`), so a reader
walking the collection sees everyone exactly once even while people sign or withdraw. A page
asked for by number alone is found by its first id, read from the index alone (an index-only
scan skips entries, not rows)."""

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.request import Request

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
MAX_PAGE = 10_000_000
MAX_ID = 2**63 - 1


def bounded(minimum: int, maximum: int) -> dict[str, Any]:
    """An integer parameter's schema."""
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


class PageParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    per_page = serializers.IntegerField(
        min_value=1, max_value=MAX_PER_PAGE, default=DEFAULT_PER_PAGE
    )
    after = serializers.IntegerField(min_value=0, max_value=MAX_ID, required=False)
    before = serializers.IntegerField(min_value=0, max_value=MAX_ID, required=False)


@dataclass
class Page:
    rows: list[Any]
    number: int
    per_page: int
    total: int
    next_after: int | None
    prev_before: int | None

    def envelope(self, url: str, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        links: dict[str, Any] = {"self": {"href": self._href(url, self.number)}}
        if self.next_after is not None:
            links["next"] = {"href": self._href(url, self.number + 1, after=self.next_after)}
        if self.prev_before is not None:
            links["prev"] = {"href": self._href(url, self.number - 1, before=self.prev_before)}
        return {
            "total_pages": math.ceil(self.total / self.per_page),
            "per_page": self.per_page,
            "page": self.number,
            "total_records": self.total,
            "_links": links,
            "_embedded": {key: items},
        }

    def number_href(self, url: str, number: int) -> str:
        return self._href(url, number)

    def _href(self, url: str, number: int, **edge: int) -> str:
        return f"{url}?{urlencode({'page': number, 'per_page': self.per_page, **edge})}"


def params(request: Request) -> dict[str, int]:
    checked = PageParams(data=request.query_params)
    checked.is_valid(raise_exception=True)
    return dict(checked.validated_data)


def keyset_page(rows: QuerySet[Any], *, total: int, request: Request) -> Page:
    """`rows` filtered as the collection is; they are read in id order."""
    asked = params(request)
    number, per_page = asked["page"], asked["per_page"]
    ids = rows.order_by("id")
    if "before" in asked:  # back from the page after this one: there is a next page
        found = list(rows.order_by("-id").filter(id__lt=asked["before"])[:per_page])[::-1]
        more = bool(found)
    else:
        if "after" in asked:
            found = list(ids.filter(id__gt=asked["after"])[: per_page + 1])
        else:
            start = (number - 1) * per_page
            first = next(iter(ids.values_list("id", flat=True)[start : start + 1]), None)
            found = [] if first is None else list(ids.filter(id__gte=first)[: per_page + 1])
        more = len(found) > per_page
        found = found[:per_page]
    return Page(
        rows=found,
        number=number,
        per_page=per_page,
        total=total,
        next_after=found[-1].id if more and found else None,
        prev_before=found[0].id if number > 1 and found else None,
    )
