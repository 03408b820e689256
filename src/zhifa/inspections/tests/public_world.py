"""A small published world for the portal's tests (tests/test_public*.py): two agencies' item lists, a
published plan with a joint task drawn by a journaled commitment and seed, a draft plan and a draft task,
an enterprise and an individual business (with a legal representative, a contact and an address that
must never reach the portal), published results, a result entered but not published, an inspection
without a result.

The rows are written with the ORM: the services that write them (plans, draws, visits) belong to the
other parts of the app; what is tested here is what the portal reads of them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import transaction

from zhifa.catalog.models import InspectionItem
from zhifa.catalog.services import inspection_item_create
from zhifa.inspections.drawing import _store as store_blob
from zhifa.inspections.models import (
    Draw,
    Inspection,
    InspectionOfficer,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
    TargetKind,
)
from zhifa.journal.services import record
from zhifa.lib import draw as lib
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Region
from zhifa.personnel.models import Certificate, Officer
from zhifa.testing import World, make_certificate, make_officer, make_world

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

# What must never appear on a public page, in a JSON or in a CSV.
LEGAL_REPRESENTATIVE = "欧阳秀英"
CONTACT = "13987654321"
ADDRESS = "江北区幸福路88号3单元"
FINDINGS = "现场发现经营者欧阳秀英未亮照经营"
CASE_NUMBER = "江北市监立〔2026〕77号"
UNPUBLISHED_FINDINGS = "尚未公示的检查情况"


def inspection_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))


def credit_code(kind_prefix: str, region: Region, serial: int) -> str:
    """A valid unified social credit code: `kind_prefix` 91 (enterprise) or 92 (individual business)."""
    return complete_credit_code(f"{kind_prefix}{region.code[:6]}MA{serial:06d}")


def make_target(
    *,
    name: str,
    region: Region,
    serial: int,
    kind: str = TargetKind.ENTERPRISE,
    legal_representative: str = "",
    contact: str = "",
    address: str = "",
) -> InspectionTarget:
    return InspectionTarget.objects.create(
        credit_code=credit_code("92" if kind == TargetKind.INDIVIDUAL else "91", region, serial),
        name=name,
        kind=kind,
        region=region,
        region_path=region.path,
        address=address,
        legal_representative=legal_representative,
        contact=contact,
        credit_class="C",
        tags=",投诉多,",
    )


def make_inspection(
    *,
    target: InspectionTarget,
    agency_id: int,
    task: InspectionTask | None,
    officers: list[Officer],
    inspected_on: date | None,
    kind: str = Inspection.Kind.RANDOM,
    status: str = Inspection.Status.PUBLISHED,
) -> Inspection:
    inspection = Inspection.objects.create(
        task=task,
        agency_id=agency_id,
        target=target,
        kind=kind,
        code=inspection_code(),
        status=status,
        inspected_on=inspected_on,
    )
    for rank, officer in enumerate(officers):
        InspectionOfficer.objects.create(inspection=inspection, officer=officer, rank=rank)
    return inspection


def make_result(
    inspection: Inspection,
    *,
    outcome: str,
    published_on: date | None,
    findings: str = "",
    case_number: str = "",
) -> InspectionResult:
    return InspectionResult.objects.create(
        inspection=inspection,
        outcome=outcome,
        findings=findings,
        entered_on=inspection.inspected_on or date(2026, 5, 1),
        published_on=published_on,
        case_number=case_number,
    )


@dataclass
class PublicWorld:
    w: World
    general_item: InspectionItem
    key_item: InspectionItem
    env_item: InspectionItem
    plan: InspectionPlan
    draft_plan: InspectionPlan
    task: InspectionTask
    draft_task: InspectionTask
    hidden_task: InspectionTask  # approved, but in the draft plan
    draw: Draw
    officers: list[Officer]
    certificates: list[Certificate]
    company: InspectionTarget
    individual: InspectionTarget
    other: InspectionTarget
    company_old: InspectionResult  # published, 2026-04-10
    company_new: InspectionResult  # published, 2026-06-02 (routine inspection by agency_b)
    individual_published: InspectionResult
    individual_unpublished: InspectionResult
    unpublished_code: str
    unresulted_code: str


def build() -> PublicWorld:
    w = make_world()
    general = inspection_item_create(
        agency=w.agency_a,
        name="食品销售者经营条件检查",
        target="食品销售者",
        kind=InspectionItem.Kind.GENERAL,
        method="现场检查",
        basis="《中华人民共和国食品安全法》第一百一十条",
        ratio_percent=Decimal("5.00"),
        frequency="每年1次",
        initiating_agency="江北市市场监督管理局",
        partner_agencies="江北市生态环境局",
        level="市县级",
        field_name="食品安全",
        actor=None,
    )
    key = inspection_item_create(
        agency=w.agency_a,
        name="特种设备使用单位检查",
        target="特种设备使用单位",
        kind=InspectionItem.Kind.KEY,
        method="现场检查、书面检查",
        basis="《中华人民共和国特种设备安全法》第五十七条",
        frequency="每年2次",
        field_name="特种设备",
        actor=None,
    )
    env = inspection_item_create(
        agency=w.agency_b,
        name="排污单位排放情况检查",
        target="排污单位",
        method="现场检查",
        ratio_percent=Decimal("2.50"),
        field_name="生态环境",
        actor=None,
    )
    plan = InspectionPlan.objects.create(
        agency=w.agency_a,
        year=2026,
        code="JBSJ-2026-JH01",
        name="江北市市场监督管理局2026年度双随机抽查工作计划",
        description="全年开展食品销售、特种设备两项随机抽查。",
        status=InspectionPlan.Status.PUBLISHED,
        published_on=date(2026, 1, 15),
    )
    draft_plan = InspectionPlan.objects.create(
        agency=w.agency_a, year=2027, code="JBSJ-2027-JH01", name="2027年度计划（草稿）"
    )
    task = InspectionTask.objects.create(
        plan=plan,
        agency=w.agency_a,
        code="JBSJ-2026-RW03",
        name="2026年食品销售者与排污单位联合抽查",
        kind=InspectionTask.Kind.DIRECTED,
        conditions={
            "kinds": ["enterprise", "individual"],
            "region_codes": [w.county_a.code],
            "credit_classes": ["C", "D"],
            "sectors": ["食品销售"],
        },
        ratio_percent=Decimal("5.00"),
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 6, 30),
        random_source="中国福利彩票双色球 2026-03-20 第2026031期开奖号码（红球升序后接蓝球，以空格分隔）",
        random_source_on=date(2026, 3, 20),
        status=InspectionTask.Status.DRAWN,
        approved_on=date(2026, 3, 10),
    )
    task.items.set([general, env])
    task.partner_agencies.set([w.agency_b])
    draft_task = InspectionTask.objects.create(
        plan=plan,
        agency=w.agency_a,
        code="JBSJ-2026-RW09",
        name="尚在起草的特种设备抽查",
        ratio_percent=Decimal("3"),
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 31),
    )
    hidden_task = InspectionTask.objects.create(
        plan=draft_plan,
        agency=w.agency_a,
        code="JBSJ-2027-RW01",
        name="2027年计划中的任务",
        ratio_percent=Decimal("3"),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 4, 30),
        status=InspectionTask.Status.APPROVED,
    )
    officers = [
        make_officer(agency=w.agency_a, name="张建国", phone="13600000001"),
        make_officer(agency=w.agency_a, name="王丽华", phone="13600000002"),
        make_officer(agency=w.agency_b, name="刘志强", phone="13600000003"),
    ]
    certificates = [
        make_certificate(officer=officers[0], field=w.field_market, area=w.city),
        make_certificate(officer=officers[1], field=w.field_market, area=w.city),
        make_certificate(officer=officers[2], field=w.field_env, area=w.city),
    ]
    company = make_target(
        name="江北市鑫源食品有限公司", region=w.county_a, serial=1, address="江北区工业路1号"
    )
    individual = make_target(
        name="江北区欧阳小吃店",
        region=w.county_a,
        serial=2,
        kind=TargetKind.INDIVIDUAL,
        legal_representative=LEGAL_REPRESENTATIVE,
        contact=CONTACT,
        address=ADDRESS,
    )
    other = make_target(name='=HYPERLINK("http://example.invalid")商行', region=w.county_b, serial=3)
    # The committed files in the blob store, as a real commitment leaves them: the page renders from the
    # public record (records.draw_record), which reads them back.
    listed = [
        lib.Entry(company.credit_code, "C", w.county_a.code),
        lib.Entry(individual.credit_code, "D", w.county_a.code),
        *(lib.Entry(complete_credit_code(f"92990102{90 + n:08d}"), "C", w.county_a.code) for n in range(29)),
        *(lib.Entry(complete_credit_code(f"92990102{190 + n:08d}"), "D", w.county_a.code) for n in range(3)),
    ]
    members = [lib.PoolMember(o.pk, o.agency_id, frozenset({w.county_a.code})) for o in officers]
    eligible_bytes, pool_bytes = lib.canonical_eligible(listed), lib.canonical_pool(members)
    for blob in (eligible_bytes, pool_bytes, lib.canonical_json({})):
        store_blob(blob)
    commitment = lib.build_commitment(
        task=task.code,
        eligible_bytes=eligible_bytes,
        list_count=len(listed),
        pool_bytes=pool_bytes,
        pool_count=len(members),
        ratio_percent=Decimal("5"),
        multipliers={c: Decimal(1) for c in lib.CREDIT_CLASSES},
        strata=[lib.Stratum("C", 30, 2), lib.Stratum("D", 4, 1)],
        per_target={w.agency_a.pk: 2, w.agency_b.pk: 1},
        previous={},
        exclusions=[],
        random_source=f"{task.random_source}（2026-03-20）",
    )
    commitment_hash = lib.commitment_hash(commitment)
    with transaction.atomic():
        committed = record(
            event_type="draw.committed",
            subject=task,
            agency_id=w.agency_a.pk,
            payload={
                "task": task.code,
                "commitment_hash": commitment_hash,
                "list_hash": commitment["list_hash"],
                "pool_hash": commitment["pool_hash"],
            },
        )
        seeded = record(
            event_type="draw.seeded",
            subject=task,
            agency_id=w.agency_a.pk,
            payload={
                "task": task.code,
                "commitment_hash": commitment_hash,
                "random_value": "03 08 14 21 27 30 11",
                "seed": "d" * 64,
                "selected": 2,
            },
        )
    draw = Draw.objects.create(
        task=task,
        algorithm="zhifa-draw-1",
        status=Draw.Status.DRAWN,
        commitment=commitment,
        commitment_hash=commitment_hash,
        commitment_seq=committed.pk,
        list_hash=commitment["list_hash"],
        list_count=len(listed),
        pool_hash=commitment["pool_hash"],
        pool_count=len(members),
        random_value="03 08 14 21 27 30 11",
        seed="d" * 64,
        seed_seq=seeded.pk,
        selected_count=2,
        committed_at=datetime(2026, 3, 12, 2, 0, tzinfo=UTC),
        drawn_at=datetime(2026, 3, 20, 14, 0, tzinfo=UTC),
    )
    a = w.agency_a.pk
    joint = [officers[0], officers[1], officers[2]]
    company_old = make_result(
        make_inspection(
            target=company, agency_id=a, task=task, officers=joint, inspected_on=date(2026, 4, 10)
        ),
        outcome=InspectionResult.Outcome.NO_PROBLEM,
        published_on=date(2026, 4, 20),
    )
    company_new = make_result(
        make_inspection(
            target=company,
            agency_id=w.agency_b.pk,
            task=None,
            officers=[officers[2]],
            inspected_on=date(2026, 6, 2),
            kind=Inspection.Kind.ROUTINE,
        ),
        outcome=InspectionResult.Outcome.CORRECTED,
        published_on=date(2026, 6, 10),
    )
    individual_published = make_result(
        make_inspection(
            target=individual, agency_id=a, task=task, officers=joint, inspected_on=date(2026, 4, 12)
        ),
        outcome=InspectionResult.Outcome.VIOLATION,
        published_on=date(2026, 4, 28),
        findings=FINDINGS,
        case_number=CASE_NUMBER,
    )
    unpublished = make_inspection(
        target=individual,
        agency_id=a,
        task=None,
        officers=officers[:2],
        inspected_on=date(2026, 6, 20),
        kind=Inspection.Kind.SPECIAL,
        status=Inspection.Status.RESULT_ENTERED,
    )
    individual_unpublished = make_result(
        unpublished,
        outcome=InspectionResult.Outcome.NOT_COOPERATIVE,
        published_on=None,
        findings=UNPUBLISHED_FINDINGS,
    )
    unresulted = make_inspection(
        target=other,
        agency_id=a,
        task=None,
        officers=officers[:2],
        inspected_on=None,
        kind=Inspection.Kind.CASE,
        status=Inspection.Status.ASSIGNED,
    )
    make_result(
        make_inspection(
            target=other, agency_id=a, task=None, officers=officers[:2], inspected_on=date(2026, 5, 5)
        ),
        outcome=InspectionResult.Outcome.NOT_AT_ADDRESS,
        published_on=date(2026, 5, 15),
    )
    return PublicWorld(
        w=w,
        general_item=general,
        key_item=key,
        env_item=env,
        plan=plan,
        draft_plan=draft_plan,
        task=task,
        draft_task=draft_task,
        hidden_task=hidden_task,
        draw=draw,
        officers=officers,
        certificates=certificates,
        company=company,
        individual=individual,
        other=other,
        company_old=company_old,
        company_new=company_new,
        individual_published=individual_published,
        individual_unpublished=individual_unpublished,
        unpublished_code=unpublished.code,
        unresulted_code=unresulted.code,
    )
