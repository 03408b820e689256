"""The regional settings of the annual statistics report, with their national defaults and sources. Read
with `zhifa.cases.rules.value(key, agency)`."""

from __future__ import annotations

from datetime import date

from zhifa.cases.rules import register, value
from zhifa.core.errors import DomainError
from zhifa.organizations.models import Agency

# 国办发〔2018〕118号 二(六): 行政执法机关要在每年1月31日前公开本机关上年度行政执法总体情况有关数据 (also
# 内蒙古自治区政府令第244号 Art.14: 统计年报 to 司法行政 by 31 January). A month and day of the following
# year written MMDD as a number (131 = 1 月 31 日), since regional settings are numbers; a province that
# sets another day (or an earlier one for reporting to the 司法行政 department) enters its own.
PUBLISH_BY = "statistics_publish_by"
register(PUBLISH_BY, 131, "国办发〔2018〕118号 二（六）：每年1月31日前公开上年度行政执法统计年报")


def publish_by(agency: Agency, year: int) -> date:
    """The day by which the report of `year` is to be on the portal: the regional month-day of year+1."""
    raw = int(value(PUBLISH_BY, agency))
    month, day = divmod(raw, 100)
    try:
        return date(year + 1, month, day)
    except ValueError:
        raise DomainError(
            f"办案参数 {PUBLISH_BY} 的取值 {raw} 不是有效的月日（应写作月日四位数，如 131 表示 1 月 31 日），"
            "请系统管理员更正",
            rule="国办发〔2018〕118号 二（六）",
        ) from None
