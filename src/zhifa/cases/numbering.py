"""Document numbers (文号): 机关代字 + 〔year〕 + serial + 号 (GB/T 9704-2012 §7.2.5: the year in full
inside 六角括号, no 第, no zero padding). One sequence per agency, document kind and year, taken under a
row lock so that concurrent issuers get consecutive numbers with no gap and no duplicate."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from zhifa.cases.models import DocumentSequence
from zhifa.organizations.models import Agency

# 机关代字 suffix per document kind (立案, 处罚决定, 告知, 不予处罚, 查封扣押, 当场处罚 …).
KIND_CODES = {
    "filing": "立",
    "penalty_decision": "罚",
    "notice_of_intent": "告",
    "no_penalty_decision": "不罚",
    "compulsion_decision": "强",
    "summary_decision": "简",
    "review_opinion": "审",
    "hearing_notice": "听",
    "proof_of_service": "送",
    "performance_demand": "催",
    "compulsion_extension": "强延",
    "compulsion_release": "强解",
    "closing": "结",
    "criminal_referral": "移",
}


def format_number(agency: Agency, kind: str, year: int, serial: int) -> str:
    code = agency.short_code or agency.name[:4]
    return f"{code}{KIND_CODES.get(kind, '')}〔{year}〕{serial}号"


def next_number(*, agency: Agency, kind: str, year: int) -> tuple[int, str]:
    """Take the next serial. Must run inside the transaction that issues the document, so a rollback
    returns the number (no gap)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the issuing transaction")
    conn = transaction.get_connection()
    q = conn.ops.quote_name
    # One statement increments and reads the serial under the row lock the UPDATE takes (PostgreSQL and
    # SQLite ≥ 3.35 both have RETURNING); the lock is held until the issuing transaction ends.
    sql = (
        f"UPDATE {q(DocumentSequence._meta.db_table)} SET {q('last')} = {q('last')} + 1 "
        f"WHERE {q('agency_id')} = %s AND {q('kind')} = %s AND {q('year')} = %s RETURNING {q('last')}"
    )
    for _ in range(3):
        with conn.cursor() as c:
            c.execute(sql, [agency.pk, kind, year])
            row = c.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    DocumentSequence.objects.create(agency=agency, kind=kind, year=year, last=0)
            except IntegrityError:
                pass  # created concurrently: take it on the next round
            continue
        serial = int(row[0])
        return serial, format_number(agency, kind, year, serial)
    raise RuntimeError("could not allocate a document number")
