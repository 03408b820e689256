"""Regional settings in the admin (README 办案参数; DESIGN.md: rules are data where the law varies): the
参数 field lists the keys registered in cases.rules, each with the article it comes from and its national
default; a key nobody registered is refused by the model's validation, in Chinese, leaving no row and no
journal entry; the national default is shown next to a row's value."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhifa.cases import rules
from zhifa.cases.models import ProcedureSetting
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db

ADD = "/admin/cases/proceduresetting/add/"


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(username="root_settings", role="administrator"))
    return client


def test_the_key_list_names_each_registered_key_with_its_article_and_national_default(admin_client):
    page = admin_client.get(ADD).content.decode()
    # 市场监督管理行政处罚听证办法 Art.5 (较大数额, natural person: 10,000 元), registered by cases.
    assert (
        '<option value="hearing_fine_natural">'
        "hearing_fine_natural（市场监督管理行政处罚听证办法第五条；全国默认 10000）</option>"
    ) in page
    # Keys other apps register from their AppConfig.ready(): publicity (SAMR 公示规定 Art.13), review
    # (国办发〔2018〕118号 四(十一)).
    assert "publicity_display_months（市场监督管理行政处罚信息公示规定第十三条；全国默认 36）" in page
    assert "legal_reviewer_ratio_percent（国办发〔2018〕118号 四(十一)；全国默认 5）" in page
    assert page.count("<option value=") - page.count('<option value=""') >= len(rules.DEFAULTS)


def test_a_province_raises_the_hearing_threshold_by_a_registered_key_samr_hearing_art5(admin_client):
    """听证办法 Art.5 lets a province set its own 较大数额: a row for 示范省 under the registered key is
    saved and journaled, and its page shows the national default beside the value."""
    world = make_world()
    resp = admin_client.post(
        ADD,
        {
            "key": "hearing_fine_natural",
            "region": world.province.pk,
            "value": "20000",
            "basis": "示范省行政处罚听证较大数额标准",
            "_save": "保存",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    row = ProcedureSetting.objects.get(key="hearing_fine_natural")
    assert (row.region, row.value) == (world.province, Decimal(20000))
    entry = JournalEntry.objects.get(event_type="admin.cases.proceduresetting.created")
    assert entry.payload_data["changed"]["key"] == "hearing_fine_natural"

    change = admin_client.get(f"/admin/cases/proceduresetting/{row.pk}/change/").content.decode()
    assert "全国默认值" in change and "10000（市场监督管理行政处罚听证办法第五条）" in change
    listing = admin_client.get("/admin/cases/proceduresetting/").content.decode()
    assert "10000（市场监督管理行政处罚听证办法第五条）" in listing and "20000" in listing


def test_an_unregistered_key_is_refused_in_chinese_leaving_nothing_behind(admin_client):
    """A misspelt key would override nothing (no rule reads it): refused by the validation the admin's
    form runs (ProcedureSetting.clean → cases.rules.check_key), with no row and no journal entry."""
    resp = admin_client.post(ADD, {"key": "hearing_fine_natrual", "value": "20000", "_save": "保存"})
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "“hearing_fine_natrual”不是已登记的办案参数" in page
    assert not ProcedureSetting.objects.exists()
    assert not JournalEntry.objects.filter(event_type__startswith="admin.cases.proceduresetting").exists()


def test_the_model_validation_refuses_an_unregistered_key_and_accepts_a_registered_one():
    with pytest.raises(ValidationError) as exc:
        ProcedureSetting(key="decision_day", value=Decimal(60)).full_clean()
    assert "decision_day" in exc.value.message_dict["key"][0]
    assert exc.value.error_dict["key"][0].code == "unregistered"
    ProcedureSetting(key="decision_days", value=Decimal(60)).full_clean()  # 行政处罚法 Art.60's key


def test_a_row_saved_before_keys_were_checked_still_opens_and_must_be_corrected(admin_client):
    """A row under an unregistered key (written before this check) opens, its key marked in the list
    and its default shown as missing; saving it unchanged names the problem."""
    row = ProcedureSetting.objects.create(key="old_typo_key", value=Decimal(1))
    url = f"/admin/cases/proceduresetting/{row.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "old_typo_key（未登记，请改选）" in page and "—（参数未登记）" in page
    resp = admin_client.post(url, {"key": "old_typo_key", "value": "1", "_save": "保存"})
    assert resp.status_code == 200 and "“old_typo_key”不是已登记的办案参数" in resp.content.decode()
