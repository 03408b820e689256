"""Regions as they are (issue 12 part 4): a 直辖市's districts directly under the city, 省直辖县级行政区,
townships of a 不设区的地级市, and 开发区/新区/功能区 with a validated, unique local code."""

from __future__ import annotations

import pytest

from zhifa.core.errors import DomainError
from zhifa.organizations.models import Region
from zhifa.organizations.services import region_create

pytestmark = pytest.mark.django_db


def make(code, name, level, parent=None, **kw):
    return region_create(code=code, name=name, level=level, parent=parent, actor=None, **kw)


def test_municipality_districts_and_counties_sit_directly_under_the_city():
    """GB/T 2260: 上海市 310000 → 浦东新区 310115; 重庆市 500000 → 城口县 500229; no 地级 level between."""
    shanghai = make("310000", "上海市", "province")
    pudong = make("310115", "浦东新区", "county", shanghai)
    assert pudong.path == "/31/310115/" and shanghai.contains(pudong)
    town = make("310115005", "陆家嘴街道", "township", pudong)
    assert town.path == "/31/310115/310115005/"
    chongqing = make("500000", "重庆市", "province")
    assert make("500229", "城口县", "county", chongqing).parent == chongqing


def test_the_municipalities_placeholder_city_level_keeps_working():
    beijing = make("110000", "北京市", "province")
    placeholder = make("110100", "市辖区", "city", beijing)
    assert make("110105", "朝阳区", "county", placeholder).path == "/11/1101/110105/"


def test_a_county_level_city_directly_under_its_province_only_when_the_code_says_so():
    """省直辖县级行政区 (GB/T 2260 xx90xx: 湖北省 仙桃市 429004) may sit under the province; 常熟市 320581
    may not (it belongs to 苏州市)."""
    hubei = make("420000", "湖北省", "province")
    assert make("429004", "仙桃市", "county", hubei).parent == hubei
    jiangsu = make("320000", "江苏省", "province")
    with pytest.raises(DomainError, match="县级区划的上级应为市级区划"):
        make("320581", "常熟市", "county", jiangsu)


def test_a_township_of_a_city_without_districts():
    """东莞市 441900 has no counties: its towns (441900003 东城街道) sit under the city (GB/T 10114)."""
    guangdong = make("440000", "广东省", "province")
    dongguan = make("441900", "东莞市", "city", guangdong)
    assert make("441900003", "东城街道", "township", dongguan).parent == dongguan


def test_a_development_zone_has_a_local_code_validated_and_unique():
    jiangsu = make("320000", "江苏省", "province")
    suzhou = make("320500", "苏州市", "city", jiangsu)
    park = make("320571", "苏州工业园区", "county", suzhou, is_functional_area=True)
    assert park.is_functional_area and suzhou.contains(park)
    zone = make("3205GX", "苏州高新区（示例本地代码）", "county", suzhou, is_functional_area=True)
    assert zone.path == "/32/3205/3205GX/"
    with pytest.raises(DomainError, match="区划代码“320571”已存在"):
        make("320571", "重复的园区", "county", suzhou, is_functional_area=True)
    with pytest.raises(DomainError, match="应以上级区划代码前缀“3205”开头"):
        make("3206K1", "别处的园区", "county", suzhou, is_functional_area=True)
    with pytest.raises(DomainError, match="应以上级区划代码前缀“3205”开头"):
        make("3205k1", "小写代码", "county", suzhou, is_functional_area=True)
    with pytest.raises(DomainError, match="必须填写所属的上级区划"):
        make("32XA", "无上级的新区", "county", None, is_functional_area=True)
    with pytest.raises(DomainError, match="上级区划应高于县级"):
        make("320571K1", "园区中的园区", "county", park, is_functional_area=True)
    # its streets keep their own 9-digit codes (娄葑街道 320571050)
    street = make("320571050", "娄葑街道", "township", park)
    assert park.contains(street) and not Region.objects.get(code="3205GX").contains(street)
