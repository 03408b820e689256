"""The one table of regional settings (cases.rules, DESIGN.md: rules are data where the law varies):
publicity and review register their keys with cases.rules.register() from their AppConfig.ready(), so
each key resolves once Django is set up, whatever module was imported first; a key registered twice
with another default is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhifa.cases import rules
from zhifa.organizations.models import Agency

# Resolved in a process that imports nothing of publicity or review itself: only django.setup().
FRESH = """
import json
import django

django.setup()
from zhifa.cases import rules
from zhifa.organizations.models import Agency

keys = [
    "publicity_low_fine_natural",
    "publicity_low_fine_organization",
    "publicity_display_months_light",
    "publicity_display_months",
    "legal_reviewer_ratio_percent",
]
# No setting rows: each key resolves to its national default (no database needed).
print(json.dumps({k: str(rules.value(k, Agency(), cache={"procedure_settings": []})) for k in keys}))
"""


def test_publicity_and_review_keys_resolve_in_a_fresh_process_samr_publicity_art13_118_4_11(tmp_path):
    """SAMR 公示规定 Art.13 (lower-fine threshold, 3 months / 3 years) and 国办发〔2018〕118号 四(十一)
    (legal reviewers ≥ 5%): their national defaults resolve right after django.setup(), before any
    module of publicity or review was imported by hand."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhifa.settings", "ZHIFA_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FRESH], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    values = {k: Decimal(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    assert values == {
        "publicity_low_fine_natural": Decimal(10000),
        "publicity_low_fine_organization": Decimal(100000),
        "publicity_display_months_light": Decimal(3),
        "publicity_display_months": Decimal(36),
        "legal_reviewer_ratio_percent": Decimal(5),
    }


def test_every_app_key_is_in_the_registry_after_setup():
    """In this process too (Django set up by pytest-django): cases', publicity's and review's keys."""
    assert {
        "hearing_fine_natural",
        "publicity_display_months",
        "publicity_low_fine_natural",
        "legal_reviewer_ratio_percent",
    } <= set(rules.DEFAULTS)
    assert rules.DEFAULTS["publicity_display_months"].basis == "市场监督管理行政处罚信息公示规定第十三条"


def test_a_key_registered_again_with_another_default_is_refused():
    """Two apps reading one ProcedureSetting row two ways would disagree on the law: refused. The same
    definition again (a module imported twice) is accepted and changes nothing."""
    basis = rules.DEFAULTS["publicity_display_months"].basis
    with pytest.raises(ImproperlyConfigured, match="publicity_display_months"):
        rules.register("publicity_display_months", 24, basis)
    with pytest.raises(ImproperlyConfigured, match="legal_reviewer_ratio_percent"):
        rules.register("legal_reviewer_ratio_percent", 5, "another basis")
    assert rules.register("publicity_display_months", 36, basis) == rules.DEFAULTS["publicity_display_months"]
    assert rules.DEFAULTS["publicity_display_months"].value == Decimal(36)


def test_the_registry_is_read_only_and_an_unknown_key_is_named():
    with pytest.raises(TypeError):
        rules.DEFAULTS["hearing_fine_natural"] = rules.Default(Decimal(1), "x")  # type: ignore[index]
    with pytest.raises(rules.UnknownSetting, match="publicity_display_month'"):
        rules.value("publicity_display_month", Agency(), cache={"procedure_settings": []})
