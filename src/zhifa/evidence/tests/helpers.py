"""Evidence test helpers: two agencies with users, officers and API tokens; a small tus client over
Django's test client."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.services import api_token_create
from zhifa.evidence.tus import encode_metadata
from zhifa.personnel.models import Officer
from zhifa.testing import World, make_officer, make_user, make_world


def url(name: str, *args: object) -> str:
    """The evidence URLs by name: the tests do not assume where the project mounts the app."""
    return reverse(f"evidence:{name}", args=args)


def tus_url() -> str:
    return url("tus")


@dataclass
class Env:
    world: World
    user_a: User
    user_b: User
    officer_a: Officer
    officer_a2: Officer
    officer_b: Officer
    token_a: str
    token_b: str


def make_env() -> Env:
    w = make_world()
    user_a = make_user(username="li_a", role="officer", agency=w.agency_a)
    user_b = make_user(username="wang_b", role="officer", agency=w.agency_b)
    officer_a = make_officer(agency=w.agency_a, name="李明")
    officer_a2 = make_officer(agency=w.agency_a, name="赵强")
    officer_b = make_officer(agency=w.agency_b, name="王芳")
    _, token_a = api_token_create(user=user_a, name="执法记录仪工作站", actor=None)
    _, token_b = api_token_create(user=user_b, name="执法记录仪工作站", actor=None)
    return Env(w, user_a, user_b, officer_a, officer_a2, officer_b, token_a, token_b)


def meta(env: Env, **overrides: str) -> dict[str, str]:
    collected = (timezone.localtime() - timedelta(hours=2)).replace(microsecond=0)
    data = {
        "filename": "现场检查录像.mp4",
        "kind": "video",
        "case_ref": "江北市监罚〔2025〕12号",
        "collected_at": collected.isoformat(),
        "collected_place": "江北区城关街道人民路 8 号",
        "device_id": "ZFJLY-0042",
        "proves": "当事人在经营场所销售过期食品",
        "collected_by": f"{env.officer_a.pk},{env.officer_a2.pk}",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


class Tus:
    """A minimal tus 1.0 client over Django's test client (bearer token by default)."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.token = token

    def headers(self, **extra: str) -> dict[str, str]:
        h = {"Tus-Resumable": "1.0.0"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        h.update(extra)
        return h

    def create(self, length: int | None, metadata: dict[str, str], **extra: str) -> Any:
        headers = self.headers(**extra)
        if length is not None:
            headers["Upload-Length"] = str(length)
        if metadata:
            headers["Upload-Metadata"] = encode_metadata(metadata)
        return self.client.generic("POST", tus_url(), b"", content_type="", headers=headers)

    def head(self, url: str, **extra: str) -> Any:
        return self.client.head(url, headers=self.headers(**extra))

    def patch(
        self,
        url: str,
        offset: int,
        data: bytes,
        *,
        checksum: str | None = "sha256",
        content_type: str = "application/offset+octet-stream",
        **extra: str,
    ) -> Any:
        headers = self.headers(**extra)
        headers["Upload-Offset"] = str(offset)
        if checksum:
            headers["Upload-Checksum"] = f"{checksum} {b64(hashlib.new(checksum, data).digest())}"
        # CONTENT_TYPE also in the environ: the test client drops the content type of an empty body.
        return self.client.generic(
            "PATCH", url, data, content_type=content_type, headers=headers, CONTENT_TYPE=content_type
        )

    def delete(self, url: str, **extra: str) -> Any:
        return self.client.delete(url, headers=self.headers(**extra))


def location_path(response: Any) -> str:
    location = response["Location"]
    assert location.startswith("http://testserver" + tus_url())
    return str(location.removeprefix("http://testserver"))


def random_bytes(n: int) -> bytes:
    return os.urandom(n)
