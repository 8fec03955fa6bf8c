import base64
import re
from pathlib import Path

import pytest

from campaigns.webhooks import services
from campaigns.webhooks.models import EVENT_TYPES
from tests.factories import make_open_campaign

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def letter(alice):
    return make_open_campaign(alice)


@pytest.fixture
def endpoint(alice, letter, receiver):
    """Alice's endpoint for her letter, listening to everything."""
    return services.endpoint_create(
        owner=alice, campaign=letter, url=receiver.url, events=EVENT_TYPES
    )


def readme_verify():
    """The README's verification snippet, run as it is printed."""
    section = README.read_text().split("## Webhooks", 1)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], re.DOTALL)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    return namespace["verify"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
