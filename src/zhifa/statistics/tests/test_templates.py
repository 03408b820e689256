"""Templates as data: the shipped national default (14 kinds) and variant (9 kinds, 万元); a province's
template applies to the agencies under it; a template naming an unknown category is refused in Chinese,
by the service and by the admin's validation alike."""

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.statistics import selectors, services
from zhifa.statistics.defaults import NATIONAL
from zhifa.statistics.models import ReportTemplate
from zhifa.statistics.report_templates import KINDS, TemplateSpec, template_for
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db


def test_the_shipped_templates_parse_and_cover_every_kind():
    national = ReportTemplate.objects.get(code="national")
    variant = ReportTemplate.objects.get(code="zhejiang-9")
    assert national.is_default and national.amount_unit == "yuan" and national.tie_break == "heaviest"
    assert len(TemplateSpec.of(national).definition.categories) == 14
    assert len(TemplateSpec.of(variant).definition.categories) == 9 and variant.amount_unit == "wan"
    for t in (national, variant):
        covered = [k for c in TemplateSpec.of(t).definition.categories for k in c.kinds]
        assert sorted(covered) == sorted(KINDS)


def _with_unknown_category():
    data = copy.deepcopy(NATIONAL)
    data["sections"][0]["rows"].insert(3, {"label": "吊销许可证、执照", "category": "revoke_licence"})
    return data


def test_a_template_row_naming_an_unknown_category_is_refused():
    admin = make_user(username="admin_t", role="administrator")
    with pytest.raises(DomainError) as exc:
        services.template_save(code="bad", name="某省模板", definition=_with_unknown_category(), actor=admin)
    assert exc.value.field == "definition"
    assert "第 4 行“吊销许可证、执照”引用的处罚类别“revoke_licence”不存在" in exc.value.message
    assert "本模板的处罚类别为：warning、criticism、fine" in exc.value.message
    assert not ReportTemplate.objects.filter(code="bad").exists()
    assert not JournalEntry.objects.filter(event_type="statistics_template.saved").exists()


def test_the_admins_validation_refuses_it_too():
    t = ReportTemplate(code="bad", name="某省模板", definition=_with_unknown_category())
    with pytest.raises(ValidationError) as exc:
        t.clean()
    assert "引用的处罚类别“revoke_licence”不存在" in exc.value.message_dict["definition"][0]


def test_only_an_administrator_maintains_templates():
    w = make_world()
    with pytest.raises(PermissionDenied):
        services.template_save(
            code="x",
            name="x",
            definition=NATIONAL,
            actor=make_user(username="s", role="supervisor", region=w.city),
        )


def test_a_provinces_template_applies_below_it_and_is_journaled():
    w = make_world()
    admin = make_user(username="admin_t", role="administrator")
    assert template_for(w.agency_a.region).code == "national"
    variant = ReportTemplate.objects.get(code="zhejiang-9")
    t = services.template_save(
        code="zhejiang-9",
        name=variant.name,
        definition=variant.definition,
        amount_unit="wan",
        tie_break="last_listed",
        region=w.province,
        actor=admin,
    )
    assert template_for(w.agency_a.region) == t and template_for(w.township_a) == t
    entry = JournalEntry.objects.get(event_type="statistics_template.saved")
    assert entry.payload_data["region"] == "990000" and entry.payload_data["tie_break"] == "last_listed"
    live = selectors.live_report(w.agency_a, 2026, date(2027, 1, 5))
    assert live.spec.code == "zhejiang-9" and live.tables[0].rows[-1].unit == "万元"


def test_unit_and_rule_must_be_known():
    admin = make_user(username="admin_t", role="administrator")
    with pytest.raises(DomainError, match="金额单位"):
        services.template_save(code="x", name="x", definition=NATIONAL, amount_unit="千元", actor=admin)
    with pytest.raises(DomainError, match="计数规则"):
        services.template_save(code="x", name="x", definition=NATIONAL, tie_break="first", actor=admin)
