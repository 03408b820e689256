"""What the directory tests share: a province with two cities, an agency in each, their staff, and
files of businesses with valid credit codes (GB 32100-2015 check characters)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from zhifa.accounts.models import User
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Agency, Region
from zhifa.organizations.services import region_create
from zhifa.testing import World, make_agency, make_user, make_world

HEADER = [
    "统一社会信用代码", "名称", "主体类型", "行业", "所在区划", "住所", "法定代表人", "联系方式",
    "信用风险分类", "标签", "在册",
]  # fmt: skip


def code(n: int, prefix: str = "91990102") -> str:
    """A valid credit code (92… for an individual business, 93… for a cooperative)."""
    return complete_credit_code(f"{prefix}{n:08d}")


def csv_bytes(rows: list[list[str]], header: list[str] | None = None, *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def row(n: int, **over: str) -> list[str]:
    """A good row of the standard header; keyword arguments replace cells by their header."""
    values = {
        "统一社会信用代码": code(n),
        "名称": f"江北市第{n}食品有限公司",
        "主体类型": "企业",
        "行业": "食品销售",
        "所在区划": "990102",
        "住所": f"江北区人民路{n}号",
        "法定代表人": "王某",
        "联系方式": "13800000000",
        "信用风险分类": "B",
        "标签": "",
        "在册": "",
    }
    values.update(over)
    return [values[h] for h in HEADER]


@dataclass
class DirWorld:
    world: World
    south: Region  # a city outside agency A's city
    south_county: Region
    agency_south: Agency
    head: User  # agency A (江北市): may import
    clerk: User
    officer: User
    admin: User  # no agency: the whole platform
    head_south: User
    supervisor: User
    reviewer: User

    @property
    def agency(self) -> Agency:
        return self.world.agency_a


@pytest.fixture
def dw(db: None) -> DirWorld:
    world = make_world()
    south = region_create(code="990200", name="江南市", level="city", parent=world.province, actor=None)
    south_county = region_create(code="990202", name="江南区", level="county", parent=south, actor=None)
    agency_south = make_agency(name="江南市市场监督管理局", region=south)
    a = world.agency_a
    return DirWorld(
        world=world,
        south=south,
        south_county=south_county,
        agency_south=agency_south,
        head=make_user(username="dir-head", role="agency_head", agency=a),
        clerk=make_user(username="dir-clerk", role="publicity_clerk", agency=a),
        officer=make_user(username="dir-officer", role="officer", agency=a),
        admin=make_user(username="dir-admin", role="administrator"),
        head_south=make_user(username="dir-head-s", role="agency_head", agency=agency_south),
        supervisor=make_user(username="dir-sup", role="supervisor", region=world.city),
        reviewer=make_user(username="dir-rev", role="legal_reviewer", agency=a),
    )


def write(tmp_path: Path, data: bytes, name: str = "名录.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
