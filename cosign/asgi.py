import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")

application = get_asgi_application()

# The outbox's handlers (the apps' tasks modules, the PDF pipeline's imports among them) load
# now, with the server, not during the first request that writes an entry.
from cosign.outbox.services import load_handlers  # noqa: E402 - needs the apps loaded above

load_handlers()
