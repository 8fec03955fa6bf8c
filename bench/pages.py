"""Timing a page through Django's whole request stack, in this process."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches and connections
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries.captured_queries)
