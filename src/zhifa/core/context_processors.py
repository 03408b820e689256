"""Template context every page needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The platform's name as the deploying government configures it (ZHIFA_SITE_NAME)."""
    return {"site_name": settings.ZHIFA_SITE_NAME}
