"""Builders for tests: small, explicit, going through the services like real callers do."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.accounts.models import User
from zhifa.accounts.services import user_create
from zhifa.catalog.models import EnforcementField, EnforcementItem, Law
from zhifa.catalog.services import BasisRef, field_get_or_create, item_create, law_get_or_create
from zhifa.lib.identifiers import complete_credit_code, complete_resident_id
from zhifa.organizations.models import Agency, Region
from zhifa.organizations.services import agency_create, region_create
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.services import certificate_issue, officer_create

_seq = itertools.count(1)


@dataclass
class World:
    province: Region
    city: Region
    county_a: Region
    county_b: Region
    township_a: Region
    field_market: EnforcementField
    field_env: EnforcementField
    law: Law
    agency_a: Agency
    agency_b: Agency
    item_a: EnforcementItem
    item_b: EnforcementItem


def make_agency(*, name: str, region: Region, field: str = "市场监管", serial: int | None = None) -> Agency:
    n = serial if serial is not None else next(_seq)
    # 1 = 机关, 1 = 机关 category; region digits; organization code body of 8 characters.
    code = complete_credit_code(f"11{region.code[:6]}{n:08d}")
    return agency_create(
        actor=None, name=name, credit_code=code, kind="statutory_organ", region=region, field=field
    )


def make_world() -> World:
    province = region_create(code="990000", name="示范省", level="province", parent=None, actor=None)
    city = region_create(code="990100", name="江北市", level="city", parent=province, actor=None)
    county_a = region_create(code="990102", name="江北区", level="county", parent=city, actor=None)
    county_b = region_create(code="990121", name="临江县", level="county", parent=city, actor=None)
    township_a = region_create(
        code="990102001", name="城关街道", level="township", parent=county_a, actor=None
    )
    field_market = field_get_or_create(code="market", name="市场监管", actor=None)
    field_env = field_get_or_create(code="environment", name="生态环境", actor=None)
    law = law_get_or_create(name="中华人民共和国食品安全法", level="law", actor=None)
    law_get_or_create(name="中华人民共和国大气污染防治法", level="law", actor=None)
    agency_a = make_agency(name="江北市市场监督管理局", region=city)
    agency_b = make_agency(name="江北市生态环境局", region=city, field="生态环境")
    item_a = item_create(
        agency=agency_a,
        code="330217001",
        name="生产经营不符合食品安全标准的食品",
        kind="penalty",
        field=field_market,
        bases=[BasisRef(law=law.name, article=124, paragraph=1)],
        actor=None,
    )
    item_b = item_create(
        agency=agency_b,
        code="330219001",
        name="超过大气污染物排放标准排放大气污染物",
        kind="penalty",
        field=field_env,
        bases=[BasisRef(law="中华人民共和国大气污染防治法", article=99)],
        actor=None,
    )
    return World(
        province,
        city,
        county_a,
        county_b,
        township_a,
        field_market,
        field_env,
        law,
        agency_a,
        agency_b,
        item_a,
        item_b,
    )


def make_officer(*, agency: Agency, name: str = "张伟", **kw: Any) -> Officer:
    n = next(_seq)
    idn = complete_resident_id(f"330102198{n % 10}0{(n % 9) + 1}1{n % 10}{n % 1000:03d}"[:17])
    return officer_create(agency=agency, name=name, id_number=idn, actor=None, **kw)


def make_certificate(
    *,
    officer: Officer,
    field: EnforcementField,
    area: Region,
    valid_from: date = date(2024, 1, 1),
    valid_until: date = date(2028, 12, 31),
) -> Certificate:
    return certificate_issue(
        officer=officer,
        number=f"99{next(_seq):08d}",
        issuing_authority="示范省人民政府",
        fields=[field],
        area=area,
        valid_from=valid_from,
        valid_until=valid_until,
        actor=None,
    )


def make_user(
    *, username: str, role: str, agency: Agency | None = None, region: Region | None = None
) -> User:
    return user_create(
        username=username,
        password="correct-horse-battery",
        display_name=username,
        role=role,
        agency=agency,
        region=region,
        validate=False,
    )


@dataclass
class CaseWorld:
    world: World
    officers: list[Officer]
    head: User
    officer_user: User
    benchmark: Any


def make_case_world() -> CaseWorld:
    """An agency with a penalty item and a three-tier benchmark, three officers holding certificates
    that cover it, an agency head and an officer login."""
    from decimal import Decimal

    from zhifa.catalog.services import TierSpec, benchmark_create

    w = make_world()
    officers = [make_officer(agency=w.agency_a, name=n) for n in ("王强", "李娜", "赵敏")]
    for o in officers:
        make_certificate(officer=o, field=w.field_market, area=w.city, valid_from=date(2024, 1, 1))
    bm = benchmark_create(
        item=w.item_a,
        name="生产经营不符合食品安全标准食品裁量基准",
        effective_from=date(2025, 1, 1),
        tiers=[
            TierSpec("minor", "货值金额较小，首次违法", Decimal("50000"), Decimal("80000"), ("罚款",)),
            TierSpec("ordinary", "一般情形", Decimal("80000"), Decimal("150000"), ("罚款", "没收违法所得")),
            TierSpec("serious", "情节严重", Decimal("150000"), Decimal("300000"), ("罚款", "吊销许可证件")),
        ],
        actor=None,
    )
    head = make_user(username=f"head{next(_seq)}", role="agency_head", agency=w.agency_a)
    officer_user = make_user(username=f"off{next(_seq)}", role="officer", agency=w.agency_a)
    return CaseWorld(w, officers, head, officer_user, bm)
