"""Redaction (脱敏 / 隐去) of personal information in enforcement documents before publication.

Pure Python, standard library only (no Django); the surname list and the common-word list used by
the name detector ship inside the package, so nothing is downloaded.

    >>> from zhifa.lib.redact import Party, redact
    >>> r = redact("当事人：张三，住址：江北市临江县城关镇幸福路12号，电话13912345678。",
    ...            parties=[Party("张三", "natural_person")])
    >>> r.text
    '当事人：张某，住址：江北市临江县××，电话[已隐去]。'

What is found
-------------
* Structured identifiers, each checked with :mod:`zhifa.lib.identifiers`: resident IDs (18
  characters with check character, ``X``/``x`` included, and 15 digits), mobiles (``+86``/``86``
  prefixes, spaces, hyphens), landlines with area code (``0571-88886666``, ``(010)88886666``,
  ``0571 8888 6666``), Luhn-valid bank cards of 12-19 digits (grouped or not), vehicle plates
  (7-character and 8-character new-energy, with or without ``·``/space), e-mail, passports and
  港澳台 permits (``E``/``G`` + 8 digits, ``EA`` + 7, ``C``/``H``/``M`` + 8 …), property
  certificates (``X京房权证朝字第123456号``, ``浙(2021)杭州市不动产权第0123456号``, 国用 …) and
  unified social credit codes (both check characters). A token right after its own label
  (``身份证号码：``, ``银行账号：``, ``车牌号：`` …) is taken even when its check fails.
  Hong Kong and Macao numbers written with their code (``+852 9123 4567``, ``(853) 6612 3456``)
  and older property certificates (``呼房权证字第01234567号``, ``乌房权证义字(2008)第12345号``).
* Person names: known parties, names after context words, a surname detector, minority and foreign
  names (``阿依古丽·买买提`` and its short form, ``达瓦次仁`` after a role noun, a Latin form in
  brackets), see ``_names``; and, when installed, the named-entity model (``ner``: Baidu LAC on
  onnxruntime), whose proposals the rules accept or refuse (``_ner_names``).
* Addresses of natural persons, cut below county level, and every further occurrence of the same
  home (see ``_addresses``).
* Never a name: document numbers, titles in 《》, licence numbers, organizations' names (given or
  written: ``广德市王建华副食品店``), organizations' addresses, brands (``_protect``); officers and
  officials named with their office are kept.

The model is optional (``pip install zhifa[ner]``); ``redact(..., model=False)`` or
``ZHIFA_REDACT_MODEL=off`` uses the rules alone. ``redact_together`` redacts the texts of one
publication (summary, title, decision) with one pseudonym per person across them.

Policy (``Policy.national_default()``; legal-rules §6.3 and the court rule of §7)
-------------------------------------------------------------------------------
=====================  =========  ===============================================================
category               action     result
=====================  =========  ===============================================================
person_name            replace    张三 -> 张某, 欧阳修 -> 欧阳某, 阿依古丽·买买提 -> 阿某; two different
                                  people on the same form -> 张某1, 张某2 (order of first appearance)
id_number, phone,      delete     ``[已隐去]`` (``Policy.deletion_mark``; never contains a digit)
bank_account, email,
passport,
property_certificate
vehicle_plate          replace    浙A·12345 -> 浙A·*****, 浙AD12345 -> 浙A******
address (natural       replace    江北市临江县城关镇幸福路12号3栋 -> 江北市临江县××
person)
address.organization   keep       a company's 住所, any 经营场所
credit_code            keep       legal persons' identity is public in penalty information
=====================  =========  ===============================================================

Officers' names written right after 执法人员/办案人员 stay (``Policy.keep_officer_names``), and
so do the names passed in ``keep_names``. Policy keys may be qualified: ``person_name.<role>``
(party, legal_representative, agent, witness, other) and ``address.<owner>`` (natural_person,
organization). ``replace`` on the other categories masks partially: IDs keep the first 6 and last
4 characters, mobiles 3 + 4 digits, landlines their area code, bank accounts the last 4 digits,
credit codes their first 12 characters (913101173245******), property certificates all but the
serial number; ``delete`` on an address removes the whole address.

Overlaps
--------
Spans are sorted and never overlap. Priorities: validated identifiers > labelled-but-unvalidated
identifiers > known party names > context names > addresses > surname-detector names and repeats
of detected names. A name inside an address span is dropped (the address mark hides it); an
address overlapped by something stronger keeps its uncovered pieces rather than being dropped.
Addresses rank above the surname detector (not below, as a plain "names before addresses" rule
would have it) because a label-anchored address is the surer of the two and place names such as
``张家湾村`` look like names.
"""

from __future__ import annotations

from zhifa.lib.redact._engine import pseudonym_base, redact, redact_together
from zhifa.lib.redact._model import (
    ACTIONS,
    CATEGORIES,
    OFFICER_ROLES,
    PARTY_KINDS,
    PARTY_ROLES,
    ROLE_ALIASES,
    Party,
    Policy,
    Result,
    Span,
    people_from_json,
    role_code,
)

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "OFFICER_ROLES",
    "PARTY_KINDS",
    "PARTY_ROLES",
    "ROLE_ALIASES",
    "Party",
    "Policy",
    "Result",
    "Span",
    "people_from_json",
    "pseudonym_base",
    "redact",
    "redact_together",
    "role_code",
]
