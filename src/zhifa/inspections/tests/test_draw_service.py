"""The draw of a task end to end: pre-check, commitment, seed, Inspection rows, the public record and its
independent verifier (tools/verify_draw.py), recusal before and after the draw, certificates on the date,
credit-class ratios, joint tasks."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.cases.models import ProcedureSetting
from zhifa.core.errors import DomainError
from zhifa.inspections import drawing, services
from zhifa.inspections.drawing import DrawRefused
from zhifa.inspections.models import Draw, Inspection, InspectionOfficer, InspectionTask, Recusal
from zhifa.inspections.tests.draw_world import (
    approved_task,
    make_draw_world,
    make_target,
    on_random_day,
    task_kwargs,
)
from zhifa.journal.models import JournalEntry
from zhifa.lib import draw as lib
from zhifa.personnel.models import Certificate
from zhifa.personnel.services import certificate_suspend
from zhifa.testing import make_certificate, make_officer

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
VERIFIER = ROOT / "tools" / "verify_draw.py"
LOTTERY = "03 08 15 21 27 33 11"


def _verifier() -> Any:
    spec = importlib.util.spec_from_file_location("verify_draw", VERIFIER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def world():
    return make_draw_world(targets_per_county=10)


def _drawn(world, monkeypatch, **over) -> tuple[InspectionTask, Draw]:
    task = approved_task(world, **over)
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    on_random_day(monkeypatch, task)
    draw = services.draw_seed(draw=draw, random_value=LOTTERY, actor=world.officer_user_a)
    task.refresh_from_db()
    return task, draw


def _record(client: Client, draw: Draw) -> dict[str, Any]:
    response = client.get(reverse("inspections:draw_json", args=[draw.pk]))
    assert response.status_code == 200
    record: dict[str, Any] = json.loads(response.content)
    return record


def _db_assignments(task: InspectionTask) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for code, officer in (
        InspectionOfficer.objects.filter(inspection__task=task)
        .order_by("inspection__target__credit_code", "rank")
        .values_list("inspection__target__credit_code", "officer_id")
    ):
        out.setdefault(code, []).append(officer)
    return out


# --- commitment before seed ------------------------------------------------------------------------


def test_commit_journals_the_commitment_before_any_randomness(world):
    task = approved_task(world)
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    task.refresh_from_db()
    assert task.status == InspectionTask.Status.COMMITTED and draw.status == Draw.Status.COMMITTED
    entry = JournalEntry.objects.get(pk=draw.commitment_seq)
    assert entry.event_type == "draw.committed"
    assert (
        entry.payload_data["commitment_hash"] == draw.commitment_hash == lib.commitment_hash(draw.commitment)
    )
    assert {a["sha256"] for a in entry.attachment_list} == {draw.list_hash, draw.pool_hash}
    assert draw.list_count == 20 and draw.commitment["list_count"] == 20
    # The stored files are the committed bytes.
    assert hashlib.sha256(drawing.read_blob(draw.list_hash)).hexdigest() == draw.list_hash
    assert draw.commitment["random_source"].startswith("中国福利彩票双色球")
    assert draw.commitment["per_target"] == {str(world.w.agency_a.pk): 2}
    assert not draw.seed and not Inspection.objects.exists()
    with pytest.raises(DomainError, match=r"须经负责人批准|已经固定"):
        services.draw_commit(task=task, actor=world.officer_user_a)


def test_commit_requires_approval(world):
    task = services.task_create(**task_kwargs(world))
    with pytest.raises(DomainError, match="须经负责人批准"):
        services.draw_commit(task=task, actor=world.officer_user_a)


def test_seed_is_refused_before_the_random_values_day(world):
    task = approved_task(world)
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    with pytest.raises(DomainError, match="之前不能录入"):
        services.draw_seed(draw=draw, random_value=LOTTERY, actor=world.officer_user_a)
    assert not JournalEntry.objects.filter(event_type="draw.seeded").exists()


def test_a_seed_entered_before_its_commitment_is_journaled_is_refused(world, monkeypatch):
    """Issue 13 (bad input): a seed entered before its commitment is journaled is refused. A Draw row
    whose commitment has no journal entry (or an entry of another commitment) cannot be seeded."""
    task = approved_task(world)
    real = services.draw_commit(task=task, actor=world.officer_user_a)
    on_random_day(monkeypatch, task)
    for seq in (real.commitment_seq + 1000, real.commitment_seq - 1):
        Draw.objects.filter(pk=real.pk).update(commitment_seq=seq)
        forged = Draw.objects.get(pk=real.pk)
        with pytest.raises(DomainError, match="尚未记入全过程记录"):
            services.draw_seed(draw=forged, random_value=LOTTERY, actor=world.officer_user_a)
    # A commitment altered after it was journaled is refused too.
    Draw.objects.filter(pk=real.pk).update(commitment_seq=real.commitment_seq, commitment_hash="0" * 64)
    with pytest.raises(DomainError, match="尚未记入全过程记录"):
        services.draw_seed(
            draw=Draw.objects.get(pk=real.pk), random_value=LOTTERY, actor=world.officer_user_a
        )
    assert (
        not Inspection.objects.exists() and not JournalEntry.objects.filter(event_type="draw.seeded").exists()
    )


def test_seed_draws_once_and_its_entry_follows_the_commitment(world, monkeypatch):
    task, draw = _drawn(world, monkeypatch)
    assert task.status == InspectionTask.Status.DRAWN and draw.status == Draw.Status.DRAWN
    assert draw.seed_seq is not None and draw.seed_seq > draw.commitment_seq
    assert draw.seed == lib.derive_seed(draw.commitment_hash, LOTTERY).hex()
    seeded = JournalEntry.objects.get(pk=draw.seed_seq)
    assert seeded.event_type == "draw.seeded" and seeded.payload_data["random_value"] == LOTTERY
    with pytest.raises(DomainError, match="已经抽取"):
        services.draw_seed(draw=draw, random_value="1 2 3", actor=world.officer_user_a)


# --- the service and the verifier agree -------------------------------------------------------------


def test_inspections_follow_the_published_algorithm(world, monkeypatch):
    task, draw = _drawn(world, monkeypatch)
    entries = lib.parse_eligible(drawing.read_blob(draw.list_hash))
    members = lib.parse_pool(drawing.read_blob(draw.pool_hash))
    seed = lib.derive_seed(draw.commitment_hash, LOTTERY)
    strata = drawing.committed_strata(draw)
    selected = lib.select(entries, strata, seed)
    assert draw.selected_count == len(selected) == sum(s.draw for s in strata)
    expected = lib.assign(
        [e for e in entries if e.code in set(selected)], members, {world.w.agency_a.pk: 2}, seed, [], {}
    )
    assert _db_assignments(task) == expected
    inspections = Inspection.objects.filter(task=task)
    assert inspections.count() == len(selected)
    for i in inspections:
        assert i.kind == Inspection.Kind.RANDOM and i.status == Inspection.Status.ASSIGNED
        assert len(i.code) == 16 and set(i.code) <= set("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")


def test_same_record_same_draw_in_the_verifier_in_process_and_as_a_program(
    world, monkeypatch, client, tmp_path
):
    task, draw = _drawn(world, monkeypatch)
    record = _record(client, draw)
    assert record["format"] == "zhifa-draw-record-1" and "eligible" in record and "pool" in record
    assert record["selected"] == sorted(_db_assignments(task))
    assert record["assignments"] == _db_assignments(task)
    assert record["commitment_entry"]["seq"] == draw.commitment_seq < record["seed_entry"]["seq"]
    assert len(record["commitment_entry"]["hash"]) == 64
    verifier = _verifier()
    assert verifier.verify(record) == []
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "核验通过" in run.stdout


def test_large_lists_are_served_as_the_committed_files(world, monkeypatch, client, tmp_path):
    """Above the inline limit the record points to eligible.tsv and pool.tsv: the exact committed bytes."""
    monkeypatch.setattr(lib, "INLINE_LIMIT", 3)
    task, draw = _drawn(world, monkeypatch)
    record = _record(client, draw)
    assert "eligible" not in record and record["eligible_url"] == f"/inspections/draws/{draw.pk}/eligible.tsv"
    assert "pool" not in record and record["pool_url"] == f"/inspections/draws/{draw.pk}/pool.tsv"
    files = {}
    for name in ("eligible", "pool"):
        response = client.get(record[f"{name}_url"])
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/tab-separated-values")
        data = b"".join(response.streaming_content)
        assert (
            hashlib.sha256(data).hexdigest()
            == record["commitment"][f"{'list' if name == 'eligible' else 'pool'}_hash"]
        )
        files[name] = tmp_path / f"{name}.tsv"
        files[name].write_bytes(data)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(VERIFIER),
            str(path),
            "--eligible",
            str(files["eligible"]),
            "--pool",
            str(files["pool"]),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert _verifier().verify(record, files["eligible"].read_bytes(), files["pool"].read_bytes()) == []


def test_the_record_names_each_inspector_with_the_certificate_that_covers_the_task(
    world, monkeypatch, client
):
    """亮证执法: an inspector holding several certificates is published with the one may_act finds for
    the task's items and area, not merely the first by number; one holding a single certificate with it."""
    first = world.officers_a[0]
    other_field = make_certificate(officer=first, field=world.w.field_env, area=world.w.city)
    covering = first.certificates.exclude(pk=other_field.pk).get()
    # The certificate that does not cover the items sorts first by number: may_act decides, not the order.
    Certificate.objects.filter(pk=other_field.pk).update(number="10000000")
    assert covering.number > "10000000"
    task, draw = _drawn(world, monkeypatch, ratio_percent="100")
    record = _record(client, draw)
    shown = record["inspectors"]
    assert shown[str(first.pk)] == {"name": first.name, "certificate": covering.number}
    for officer in world.officers_a[1:]:
        if str(officer.pk) in shown:
            assert shown[str(officer.pk)]["certificate"] == officer.certificates.get().number


def test_an_altered_list_seed_or_selection_fails_the_verifier(world, monkeypatch, client):
    _, draw = _drawn(world, monkeypatch)
    record = _record(client, draw)
    verifier = _verifier()

    altered = json.loads(json.dumps(record))
    altered["eligible"].pop()  # a business quietly dropped from the list
    assert "list_hash" in verifier.verify(altered)[0]

    altered = json.loads(json.dumps(record))
    altered["random_value"] = "03 08 15 21 27 33 12"
    assert "seed" in verifier.verify(altered)[0]

    altered = json.loads(json.dumps(record))
    not_drawn = next(code for code, _, _ in record["eligible"] if code not in record["selected"])
    altered["selected"][0] = not_drawn
    altered["selected"].sort()
    assert "selection" in verifier.verify(altered)[0]

    altered = json.loads(json.dumps(record))
    code = record["selected"][0]
    altered["assignments"][code] = list(reversed(altered["assignments"][code]))
    assert "assignment" in verifier.verify(altered)[0]


def test_the_record_names_businesses_not_natural_persons(world, monkeypatch, client):
    """An individual business shows its trade name and credit code only; the legal representative and
    contact of a business never reach the public record; a recusal's reason is never published."""
    for t in world.targets:
        t.kind = "individual"
        t.legal_representative = "王某某"
        t.contact = "13900001111"
        t.save()
    task = approved_task(world, ratio_percent="100")
    services.recusal_declare(
        task=task,
        officer=world.officers_a[0],
        target=world.targets[0],
        declared_by=Recusal.DeclaredBy.OFFICER,
        reason="其配偶系该个体户经营者的近亲属",
        actor=world.officer_user_a,
    )
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    on_random_day(monkeypatch, task)
    services.draw_seed(draw=draw, random_value=LOTTERY, actor=world.officer_user_a)
    text = client.get(reverse("inspections:draw_json", args=[draw.pk])).content.decode()
    assert "王某某" not in text and "13900001111" not in text and "近亲属" not in text
    record = json.loads(text)
    drawn = next(t for t in world.targets if t.credit_code in record["selected"])
    assert record["targets"][drawn.credit_code] == drawn.name
    assert record["exclusions"] == [
        [world.officers_a[0].pk, world.targets[0].credit_code, {"after_draw": False}]
    ]
    inspector = record["inspectors"][str(record["assignments"][drawn.credit_code][0])]
    assert set(inspector) == {"name", "certificate"} and inspector["certificate"].startswith("99")


def test_draws_list_and_a_committed_record_before_the_seed(world, client):
    task = approved_task(world)
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    listing = json.loads(client.get(reverse("inspections:draws_json")).content)
    assert listing["count"] == 1 and listing["items"][0]["commitment_hash"] == draw.commitment_hash
    record = _record(client, draw)
    # Public before the random value exists: the commitment, its entry and its lists.
    assert record["status"] == "committed" and "seed" not in record and len(record["eligible"]) == 20
    assert record["commitment_entry"]["seq"] == draw.commitment_seq
    assert client.get(reverse("inspections:draw_json", args=[draw.pk + 99])).status_code == 404


# --- recusal ---------------------------------------------------------------------------------------


def test_recusal_before_the_commitment_is_in_it(world, monkeypatch, client):
    task = approved_task(world, ratio_percent="100")
    officer, target = world.officers_a[1], world.targets[3]
    recusal = services.recusal_declare(
        task=task,
        officer=officer,
        target=target,
        declared_by="business",
        reason="曾为该企业提供咨询",
        actor=world.officer_user_a,
    )
    assert recusal.after_draw is False
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    assert draw.commitment["exclusions_hash"] == lib.exclusions_hash([(officer.pk, target.credit_code)])
    on_random_day(monkeypatch, task)
    services.draw_seed(draw=draw, random_value=LOTTERY, actor=world.officer_user_a)
    assert officer.pk not in _db_assignments(task)[target.credit_code]
    assert _verifier().verify(_record(client, draw)) == []
    with pytest.raises(DomainError, match="已经登记"):
        services.recusal_declare(
            task=task,
            officer=officer,
            target=target,
            declared_by="officer",
            reason="x",
            actor=world.officer_user_a,
        )


def test_recusal_after_the_draw_redraws_that_business_only(world, monkeypatch, client):
    task, draw = _drawn(world, monkeypatch, ratio_percent="100")
    before = _db_assignments(task)
    code = sorted(before)[2]
    target = next(t for t in world.targets if t.credit_code == code)
    leaving = before[code][0]
    officer = next(o for o in world.officers_a if o.pk == leaving)
    recusal = services.recusal_declare(
        task=task,
        officer=officer,
        target=target,
        declared_by="business",
        reason="企业申请：曾有纠纷",
        actor=world.officer_user_a,
    )
    assert recusal.after_draw is True
    after = _db_assignments(task)
    assert leaving not in after[code] and len(after[code]) == 2
    assert {c: v for c, v in after.items() if c != code} == {c: v for c, v in before.items() if c != code}
    entry = JournalEntry.objects.filter(event_type="inspection.reassigned").get()
    assert (
        entry.payload_data["officers"] == after[code]
        and entry.payload_data["previous_officers"] == before[code]
    )
    record = _record(client, draw)
    assert [officer.pk, code, {"after_draw": True}] in record["exclusions"]
    assert _verifier().verify(record) == []  # the redraw is the algorithm's, from the same seed


def test_recusal_that_leaves_too_few_inspectors_is_refused_whole(world, monkeypatch):
    world.officers_a[2].status = "left"
    world.officers_a[2].save()
    world.officers_a[3].status = "left"
    world.officers_a[3].save()
    task, _ = _drawn(world, monkeypatch, ratio_percent="100")
    target = world.targets[3]  # class D: drawn at 100%
    with pytest.raises(DomainError, match="已无足够的有资格检查人员"):
        services.recusal_declare(
            task=task,
            officer=world.officers_a[0],
            target=target,
            declared_by="officer",
            reason="亲属",
            actor=world.officer_user_a,
        )
    assert not Recusal.objects.exists()


# --- the pool: certificates on the date ------------------------------------------------------------


def test_certificates_are_checked_over_the_whole_task_period(world):
    """行政处罚法 第四十二条; 国发〔2019〕5号 (inspectors from the 执法检查人员名录库): an officer whose
    certificate expired before the start date, or expires before the task ends, is not in the pool; one
    valid to the last day is; one whose area does not cover a region is not qualified there."""
    task = approved_task(world)
    expired = make_officer(agency=world.w.agency_a, name="过期")
    make_certificate(
        officer=expired,
        field=world.w.field_market,
        area=world.w.city,
        valid_from=date(2020, 1, 1),
        valid_until=task.starts_on - timedelta(days=1),
    )
    until_start = make_officer(agency=world.w.agency_a, name="当日有效")
    make_certificate(
        officer=until_start,
        field=world.w.field_market,
        area=world.w.city,
        valid_from=date(2020, 1, 1),
        valid_until=task.starts_on,
    )
    mid_period = make_officer(agency=world.w.agency_a, name="期中过期")
    make_certificate(
        officer=mid_period,
        field=world.w.field_market,
        area=world.w.city,
        valid_from=date(2020, 1, 1),
        valid_until=task.starts_on + timedelta(days=20),
    )
    until_end = make_officer(agency=world.w.agency_a, name="到期日为结束日")
    make_certificate(
        officer=until_end,
        field=world.w.field_market,
        area=world.w.city,
        valid_from=date(2020, 1, 1),
        valid_until=task.ends_on,
    )
    # Two certificates one after the other, without a day between them: qualified throughout.
    renewed = make_officer(agency=world.w.agency_a, name="换证")
    for valid_from, valid_until in (
        (date(2020, 1, 1), task.starts_on + timedelta(days=9)),
        (task.starts_on + timedelta(days=10), task.ends_on + timedelta(days=400)),
    ):
        make_certificate(
            officer=renewed,
            field=world.w.field_market,
            area=world.w.city,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    # … and with a gap of a day: not.
    gap = make_officer(agency=world.w.agency_a, name="断档")
    for valid_from, valid_until in (
        (date(2020, 1, 1), task.starts_on + timedelta(days=9)),
        (task.starts_on + timedelta(days=11), task.ends_on + timedelta(days=400)),
    ):
        make_certificate(
            officer=gap,
            field=world.w.field_market,
            area=world.w.city,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    county_only = make_officer(agency=world.w.agency_a, name="临江")
    make_certificate(officer=county_only, field=world.w.field_market, area=world.w.county_b)
    wrong_field = make_officer(agency=world.w.agency_a, name="环保证")
    make_certificate(officer=wrong_field, field=world.w.field_env, area=world.w.city)
    suspended = make_officer(agency=world.w.agency_a, name="暂扣")
    cert = make_certificate(officer=suspended, field=world.w.field_market, area=world.w.city)
    certificate_suspend(certificate=cert, reason="调查期间", actor=None)
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    pool = {m.id: m for m in lib.parse_pool(drawing.read_blob(draw.pool_hash))}
    assert expired.pk not in pool and wrong_field.pk not in pool and suspended.pk not in pool
    assert until_start.pk not in pool and mid_period.pk not in pool and gap.pk not in pool
    assert pool[until_end.pk].regions == {world.w.county_a.code, world.w.county_b.code}
    assert pool[renewed.pk].regions == {world.w.county_a.code, world.w.county_b.code}
    assert pool[county_only.pk].regions == {world.w.county_b.code}


# --- the pre-check ---------------------------------------------------------------------------------


def test_precheck_refuses_naming_the_region_the_agency_and_why(world):
    """Issue 13 (bad input): a task whose pool cannot give two qualified inspectors for some business says
    which and why before anything is drawn."""
    task = approved_task(world)
    # Only one officer remains qualified in 临江县: the others' certificates cover 江北区 only or expired.
    for o in world.officers_a[:2]:
        c = o.certificates.get()
        c.area = world.w.county_a
        c.save()
    c = world.officers_a[2].certificates.get()
    c.valid_until = task.starts_on - timedelta(days=10)
    c.save()
    c.events.update(valid_until=c.valid_until)
    check = services.draw_precheck(task=task)
    assert not check.ok and check.list_count == 20
    with pytest.raises(DrawRefused) as refused:
        services.draw_commit(task=task, actor=world.officer_user_a)
    message = refused.value.message
    assert "临江县（990121）的 10 户" in message
    assert "江北市市场监督管理局每户需要 2 名检查人员，有资格且无需回避的只有 1 名" in message
    assert "的执法区域为“江北区”，不含“临江县”" in message and "过期" in message
    assert "江北区（990102）" not in message  # 江北区 has three qualified inspectors
    assert not Draw.objects.exists() and not JournalEntry.objects.filter(event_type="draw.committed").exists()
    task.refresh_from_db()
    assert task.status == InspectionTask.Status.APPROVED


def test_a_certificate_expiring_mid_period_is_refused_naming_the_day(world):
    """行政处罚法 第四十二条; 国发〔2019〕5号: the pre-check says that an inspector qualified on the start
    date may not inspect from the day their certificate expires, inside the task's period."""
    task = approved_task(world)
    for o in world.officers_a[1:]:
        c = o.certificates.get()
        c.valid_until = task.starts_on + timedelta(days=20)
        c.save()
        c.events.update(valid_until=c.valid_until)
    with pytest.raises(DrawRefused) as refused:
        services.draw_commit(task=task, actor=world.officer_user_a)
    message = refused.value.message
    expiry = task.starts_on + timedelta(days=20)
    assert "每户需要 2 名检查人员，有资格且无需回避的只有 1 名" in message
    assert (
        f"抽查期间（{task.starts_on}至{task.ends_on}）内自{expiry + timedelta(days=1)}起不能检查" in message
    )
    assert f"已于 {expiry.isoformat()} 过期" in message
    assert "行政处罚法第四十二条" in refused.value.rule and "国发〔2019〕5号" in refused.value.rule
    assert not Draw.objects.exists()


def test_an_empty_list_is_refused(world):
    task = approved_task(world, conditions={"kinds": ["foreign_office"]})
    with pytest.raises(DrawRefused, match="抽取库为空"):
        services.draw_commit(task=task, actor=world.officer_user_a)


# --- ratios by credit class ------------------------------------------------------------------------


def test_credit_class_ratios_follow_the_regional_multipliers(world):
    """国发〔2019〕18号（九）: more for bad credit, fewer for good; the multipliers are regional settings."""
    for _ in range(30):
        make_target(world.w.county_a, credit_class="D")
    ProcedureSetting.objects.create(key="inspection_multiplier_d", region=world.w.province, value=Decimal(4))
    ProcedureSetting.objects.create(key="inspection_multiplier_a", region=world.w.city, value=Decimal("0.25"))
    task = approved_task(world, ratio_percent="10")
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    strata = {s["class"]: s for s in draw.commitment["strata"]}
    assert draw.commitment["multipliers"] == {"": "1", "A": "0.25", "B": "1", "C": "2", "D": "4"}
    # D: 34 businesses × 10% × 4 = 13.6 → 14; A: 4 × 10% × 0.25 = 0.1 → 1; C: 4 × 10% × 2 = 0.8 → 1.
    assert strata["D"] == {"class": "D", "count": 34, "draw": 14}
    assert strata["A"] == {"class": "A", "count": 4, "draw": 1}
    assert strata["C"]["draw"] == 1 and strata[""]["draw"] == 1


# --- previous inspectors ---------------------------------------------------------------------------


def test_last_times_inspectors_are_avoided_where_the_pool_allows(world, monkeypatch):
    target = world.targets[3]  # class D: drawn at 100%
    last = Inspection.objects.create(
        agency=world.w.agency_a, target=target, kind="routine", code="PREVIOUSCODE2345"
    )
    for rank, o in enumerate(world.officers_a[:2]):
        InspectionOfficer.objects.create(inspection=last, officer=o, rank=rank)
    task, draw = _drawn(world, monkeypatch, ratio_percent="100")
    assert drawing.committed_previous(draw) == {
        target.credit_code: sorted(o.pk for o in world.officers_a[:2])
    }
    assigned = _db_assignments(task)[target.credit_code]
    assert set(assigned) == {o.pk for o in world.officers_a[2:]}


# --- joint task ------------------------------------------------------------------------------------


def test_joint_task_visits_each_business_once_with_officers_of_both_agencies(world, monkeypatch, client):
    """综合查一次 (国发〔2019〕5号; 国办发〔2015〕58号: several items of one business in one visit)."""
    task, draw = _drawn(
        world,
        monkeypatch,
        items=[world.key_item, world.env_item],
        partner_agencies=[world.w.agency_b],
        ratio_percent="50",
    )
    assert draw.commitment["per_target"] == {str(world.w.agency_a.pk): 1, str(world.w.agency_b.pk): 1}
    inspections = Inspection.objects.filter(task=task)
    assert inspections.count() == draw.selected_count
    assert inspections.values("target").distinct().count() == draw.selected_count
    ids_a, ids_b = {o.pk for o in world.officers_a}, {o.pk for o in world.officers_b}
    for officers in _db_assignments(task).values():
        assert len(officers) == 2 and officers[0] in ids_a and officers[1] in ids_b
    assert _verifier().verify(_record(client, draw)) == []
