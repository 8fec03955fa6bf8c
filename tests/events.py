"""Reading a live-count stream as a browser's EventSource does."""

import json


def events(response):
    """Server-sent events from a streaming httpx response, as (event, data) pairs."""
    event, data = "message", []
    for line in response.iter_lines():
        if line == "":
            if data:
                yield event, json.loads("\n".join(data))
            event, data = "message", []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
