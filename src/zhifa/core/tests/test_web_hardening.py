"""Web hardening (issue 11 part 6), checked on what a browser receives.

* A crawl of the portal (anonymous) and of the workbench, review desk, evidence and admin as every demo
  role: every HTML page carries the Content-Security-Policy, and none has an inline <script> (a JSON data
  block is not a script), an on*= handler attribute or inline style, which the policy would block.
* Staff responses are `Cache-Control: no-store`; the public portal is not.
* The API docs page loads Swagger UI from our own static files: no other host is named.
* With ZHIFA_HTTPS=true and the production variables of the README, `zhifa manage check --deploy` reports
  nothing, and the responses carry HSTS and `Secure` cookies; the local default stays plain http.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client, TestCase

from zhifa.core.middleware import STAFF_PATH_PREFIXES, csp_header_value
from zhifa.demo.data import DEFAULT_SEED, load_demo

SRC = Path(__file__).resolve().parents[3]  # src/

EXPECTED_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}

# Never followed: links that download files (not HTML; evidence ones journal each opening), and the
# admin's object history (simple-history's template has one style attribute, see README) and delete
# confirmations (nothing new to check, many of them).
SKIP = re.compile(
    r"(\.pdf|\.json|\.csv|\.atom|/download/|/content/|/logout/|/history/|/delete/|/password/)$|^/static/"
)


class _Page(HTMLParser):
    """Collects what the policy would refuse: inline scripts, event-handler attributes, inline styles;
    and the links to follow."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("inline <style>")
        for name, _ in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _one_page_per_state() -> list[str]:
    """A case of every procedure and state, a submission and a publication of every status, a piece of
    evidence: the templates' branches (forms of each step, review materials, withdraw and correct)."""
    from zhifa.cases.models import Case
    from zhifa.evidence.models import Evidence
    from zhifa.publicity.models import Publication
    from zhifa.review.models import ReviewSubmission

    def firsts(rows: list[tuple[object, int]]) -> list[int]:
        return list({key: pk for key, pk in reversed(rows)}.values())

    cases = firsts(
        [((p, s), pk) for p, s, pk in Case.objects.order_by("pk").values_list("procedure", "state", "pk")]
    )
    subs = firsts(list(ReviewSubmission.objects.order_by("pk").values_list("status", "pk")))
    pubs = firsts(list(Publication.objects.order_by("pk").values_list("status", "pk")))
    evidence = list(Evidence.objects.order_by("pk").values_list("pk", flat=True)[:2])
    return [
        *(f"/workbench/cases/{pk}/" for pk in cases),
        *(f"/review/submissions/{pk}/" for pk in subs),
        *(f"/workbench/publicity/{pk}/" for pk in pubs),
        *(f"/decisions/{pk}/" for pk in pubs),
        *(f"/evidence/{pk}/" for pk in evidence),
    ]


class CrawlTests(TestCase):
    """One demo load (cases in every state, publications drafted by the subscriber, reviews), crawled
    breadth-first per role; at most two pages per URL shape (/workbench/cases/N/), so every template is
    reached without reading all two hundred cases."""

    @classmethod
    def setUpTestData(cls) -> None:
        with cls.captureOnCommitCallbacks(execute=True):
            load_demo(seed=DEFAULT_SEED)
        from zhifa.demo.statistics import publish_demo_reports

        publish_demo_reports()  # the portal's and the workbench's statistics pages have reports to show

    visited: set[str]

    def setUp(self) -> None:
        self.visited = set()

    def crawl(self, client: Client, starts: list[str], limit: int = 70) -> dict[str, list[str]]:
        seen: set[str] = set()
        shapes: Counter[str] = Counter()
        queue = deque(starts)
        problems: dict[str, list[str]] = {}
        html_pages = 0
        chosen = set(starts)
        limit += len(starts)
        while queue and html_pages < limit:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            path = urlsplit(url).path
            shape = _shape(path)
            if url not in chosen and (SKIP.search(path) or shapes[shape] >= 2):
                continue
            shapes[shape] += 1
            response = client.get(url)
            staff = path.startswith(STAFF_PATH_PREFIXES)
            cache = response.get("Cache-Control", "")
            if staff and "no-store" not in cache:
                problems.setdefault(url, []).append(f"staff page without no-store: {cache!r}")
            if not staff and "no-store" in cache:
                problems.setdefault(url, []).append("public page marked no-store")
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html_pages += 1
            self.visited.add(shape)
            if response.get("Content-Security-Policy") != csp_header_value():
                problems.setdefault(url, []).append("no Content-Security-Policy")
            parser = _Page()
            parser.feed(response.content.decode())
            if parser.problems:
                problems.setdefault(url, []).extend(sorted(set(parser.problems)))
            for href in parser.links:
                target = urljoin(url, href)
                parts = urlsplit(target)
                if parts.netloc in ("", "testserver") and parts.path:
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert html_pages >= min(limit, 10), (starts, html_pages)
        return problems

    def test_the_policy_is_the_one_the_issue_asks_for(self) -> None:
        directives = {d.strip() for d in csp_header_value().split(";")}
        assert directives >= EXPECTED_DIRECTIVES
        assert not any("unsafe" in d or "http" in d for d in directives), directives

    def test_portal_pages_anonymous(self) -> None:
        problems = self.crawl(
            Client(), ["/", "/decisions/", "/transparency/", "/verify/certificate/", "/statistics/"]
        )
        assert problems == {}

    def test_staff_pages_as_every_demo_role(self) -> None:
        from zhifa.accounts.models import User

        starts = [
            "/workbench/",
            "/workbench/cases/",
            "/workbench/deadlines/",
            "/review/",
            "/workbench/publicity/",
            "/workbench/statistics/",
            "/workbench/journal/",
            "/evidence/",
            "/evidence/upload/",
            "/accounts/tokens/",
            *_one_page_per_state(),
        ]
        assert len(starts) > 20
        for username in ("officer", "head", "reviewer", "clerk", "supervisor", "officer2"):
            client = Client()
            client.force_login(User.objects.get(username=username))
            with self.subTest(role=username):
                assert self.crawl(client, starts, limit=45) == {}

    def test_admin_pages(self) -> None:
        from zhifa.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username="admin"))
        starts = [
            "/admin/",
            "/admin/cases/proceduresetting/add/",
            "/admin/accounts/apitoken/add/",
            "/admin/accounts/user/",
        ]
        assert self.crawl(client, starts, limit=40) == {}

    def test_login_and_api_docs(self) -> None:
        client = Client()
        assert self.crawl(client, ["/accounts/login/", "/api/v1/docs"], limit=2) == {}


def test_api_docs_name_no_other_host(client):
    """The docs page works offline: Swagger UI, its stylesheet and the favicons are our static files,
    and the online validator's badge is off."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert re.findall(r"(?:https?:)?//[\w.-]+", html) == []
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources and "/static/ninja/swagger-ui.css" in sources
    assert '"validatorUrl": null' in html
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_static_files_are_not_no_store(client):
    response = client.get("/static/zhifa/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.skipif(os.environ.get("ZHIFA_HTTPS") is not None, reason="the suite runs with ZHIFA_HTTPS set")
def test_local_default_is_plain_http():
    """The demo on http://127.0.0.1 must keep working: no redirect, no HSTS, cookies without Secure."""
    assert not settings.SECURE_SSL_REDIRECT and settings.SECURE_HSTS_SECONDS == 0
    assert not settings.SESSION_COOKIE_SECURE and not settings.CSRF_COOKIE_SECURE


# The production variables the README documents (the secret key and the host are examples).
PRODUCTION_ENV = {
    "ZHIFA_HTTPS": "true",
    "ZHIFA_DEBUG": "false",
    "ZHIFA_SECRET_KEY": "k" * 20 + "9vT3xQ-7pL_2mR8sW4yZ6bN1cE5gH0jK3uA7dF9",
    "ZHIFA_ALLOWED_HOSTS": "zhifa.example.gov.cn",
    "ZHIFA_CSRF_TRUSTED_ORIGINS": "https://zhifa.example.gov.cn",
    "ZHIFA_PROXY_SSL_HEADER": "true",
}


def test_the_production_variables_are_the_ones_the_readme_documents():
    readme = SRC.parent / "README.md"
    if not readme.exists():
        pytest.skip("README.md not shipped with an installed package")
    text = readme.read_text(encoding="utf-8")
    block = text.split("### Production and web hardening", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    documented = set(re.findall(r"^(ZHIFA_[A-Z_]+)=", block, flags=re.MULTILINE))
    assert documented - {"ZHIFA_DATABASE_URL"} == set(PRODUCTION_ENV) - {"ZHIFA_DEBUG"}


_HTTPS_PROBE = """
import django
django.setup()
from django.test import Client
plain = Client(SERVER_NAME="zhifa.example.gov.cn")
r = plain.get("/accounts/login/")
print("redirect", r.status_code, r.get("Location"))
secure = Client(SERVER_NAME="zhifa.example.gov.cn")
r = secure.get("/accounts/login/", headers={"x-forwarded-proto": "https"})
print("status", r.status_code)
print("hsts", r.get("Strict-Transport-Security"))
print("csrf-secure", r.cookies["csrftoken"]["secure"])
from django.conf import settings
print("session-secure", settings.SESSION_COOKIE_SECURE)
"""


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    env.update(PRODUCTION_ENV)
    env["ZHIFA_VAR_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "zhifa.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    return env


def test_deploy_check_passes_with_the_documented_production_settings(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout


def test_deploy_check_warns_without_https(tmp_path):
    """The test above can fail: the same check without ZHIFA_HTTPS names the missing HSTS and cookies."""
    env = _production_env(tmp_path)
    del env["ZHIFA_HTTPS"]
    out = subprocess.run(
        [sys.executable, "-m", "zhifa.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert out.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in out.stderr + out.stdout


def test_https_mode_redirects_and_sends_hsts_and_secure_cookies(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", _HTTPS_PROBE],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" ", 1) for line in out.stdout.strip().splitlines())
    assert lines["redirect"] == "301 https://zhifa.example.gov.cn/accounts/login/"
    assert lines["status"] == "200"
    assert lines["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert lines["csrf-secure"] == "True" and lines["session-secure"] == "True"


@pytest.mark.django_db
def test_staff_api_responses_are_no_store_and_open_data_is_not(client):
    from zhifa.testing import make_user, make_world

    w = make_world()
    client.force_login(make_user(username="api", role="officer", agency=w.agency_a))
    response = client.get("/api/v1/agencies")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    response = client.get("/decisions.json")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
