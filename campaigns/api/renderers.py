from rest_framework.renderers import JSONRenderer


class HalJsonRenderer(JSONRenderer):
    """OSDI's media type: JSON with `_links` and `_embedded` (HAL)."""

    media_type = "application/hal+json"
    format = "hal"
