"""Data types of :mod:`zhifa.lib.redact`: parties, spans, results and the redaction policy."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, Literal

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
    "role_code",
]

#: Everything the package can find. ``Span.category`` is always one of these.
CATEGORIES: Final = (
    "person_name",
    "id_number",
    "phone",
    "bank_account",
    "vehicle_plate",
    "email",
    "address",
    "property_certificate",
    "passport",
    "credit_code",
)

#: ``delete``: the whole item is removed and :attr:`Policy.deletion_mark` shows where it was;
#: ``replace``: a category-specific substitute that keeps the non-identifying part (surname + 某,
#: the county-level part of an address, the province and issuing-authority letter of a plate …);
#: ``keep``: left as it is (no span is reported).
ACTIONS: Final = ("delete", "replace", "keep")

PARTY_KINDS: Final = ("natural_person", "individual_business", "legal_person", "other_organization")
PARTY_ROLES: Final = ("party", "legal_representative", "agent", "witness", "employee", "other")
#: Chinese labels (and a few English synonyms) accepted for a role, e.g. in ``zhifa redact --parties``.
ROLE_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "当事人": "party",
        "被处罚人": "party",
        "违法行为人": "party",
        "申请人": "party",
        "法定代表人": "legal_representative",
        "负责人": "legal_representative",
        "主要负责人": "legal_representative",
        "经营者": "legal_representative",
        "投资人": "legal_representative",
        "operator": "legal_representative",
        "representative": "legal_representative",
        "委托代理人": "agent",
        "代理人": "agent",
        "法定代理人": "agent",
        "监护人": "agent",
        "证人": "witness",
        "见证人": "witness",
        "工作人员": "employee",
        "员工": "employee",
        "从业人员": "employee",
        "店员": "employee",
        "雇员": "employee",
        "staff": "employee",
        "其他": "other",
        "其他人员": "other",
        "被侵害人": "other",
        "受害人": "other",
        "第三人": "other",
        "驾驶员": "other",
        "驾驶人": "other",
        "消费者": "other",
        "投诉人": "other",
        "举报人": "other",
        "亲属": "other",
    }
)
#: Roles of people whose names stay (the case's officers): ``zhifa redact`` keeps them.
OFFICER_ROLES: Final = frozenset({"officer", "执法人员", "办案人员", "承办人", "执法检查人员", "办案民警"})


def role_code(role: str) -> str:
    """A role as one of :data:`PARTY_ROLES` (a code, or a label of :data:`ROLE_ALIASES`); "" when unknown."""
    role = role.strip()
    return role if role in PARTY_ROLES else ROLE_ALIASES.get(role, "")


#: Qualifiers that may follow a category in a policy key (``"person_name.legal_representative"``).
#: The most specific key wins: ``person_name.agent`` over ``person_name``.
QUALIFIERS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "person_name": PARTY_ROLES,
        "address": ("natural_person", "organization"),
    }
)

Action = Literal["delete", "replace", "keep"]


@dataclass(frozen=True)
class Party:
    """A party named in the document (当事人 and the people attached to it).

    ``kind`` is one of :data:`PARTY_KINDS`; ``role`` one of :data:`PARTY_ROLES`. The operator
    (经营者) of a 个体工商户 is given as its own ``natural_person`` party (usually with role
    ``legal_representative``); an ``individual_business`` whose ``name`` is itself a person's
    name (a 个体工商户 without a 字号) is treated as that person.
    """

    name: str
    kind: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    role: str = "party"

    def __post_init__(self) -> None:
        if self.kind not in PARTY_KINDS:
            raise ValueError(f"unknown party kind {self.kind!r}; expected one of {PARTY_KINDS}")
        if self.role not in PARTY_ROLES:
            raise ValueError(f"unknown party role {self.role!r}; expected one of {PARTY_ROLES}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Party:
        """Build a party from a JSON object (keys name, kind, id_number, address, phone, role).

        ``role`` may be a code of :data:`PARTY_ROLES` or a label of :data:`ROLE_ALIASES` (证人,
        工作人员 …); ``kind`` defaults to ``natural_person`` for anyone but the party itself."""
        unknown = set(data) - {"name", "kind", "id_number", "address", "phone", "role"}
        if unknown:
            raise ValueError(f"unknown party keys: {sorted(unknown)}")
        raw_role = str(data.get("role", "party"))
        role = role_code(raw_role)
        if not role:
            raise ValueError(
                f"unknown party role {raw_role!r}; expected one of {PARTY_ROLES} or {sorted(ROLE_ALIASES)}"
            )
        if "kind" not in data and role == "party":
            raise ValueError("the party itself needs a kind (natural_person, legal_person …)")
        return cls(
            name=str(data["name"]),
            kind=str(data.get("kind", "natural_person")),
            id_number=str(data.get("id_number", "")),
            address=str(data.get("address", "")),
            phone=str(data.get("phone", "")),
            role=role,
        )


@dataclass(frozen=True)
class Span:
    """One redacted item: ``text[start:end] == original`` in the *input*; code-point offsets."""

    start: int
    end: int
    category: str
    original: str
    replacement: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "category": self.category,
            "original": self.original,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class Result:
    """The redacted text and the spans (sorted, non-overlapping) that produced it."""

    text: str
    spans: tuple[Span, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [s.as_dict() for s in self.spans]}


_NATIONAL_DEFAULT: Final[Mapping[str, Action]] = MappingProxyType(
    {
        # 法释〔2016〕19号 Art.9: surname kept, given name -> 某 (numbered on collision).
        "person_name": "replace",
        # legal-rules §6.3 / Art.10: 身份证号、通讯方式、银行账号、权属证书编号 are hidden (隐去).
        "id_number": "delete",
        "phone": "delete",
        "bank_account": "delete",
        "email": "delete",
        "passport": "delete",
        "property_certificate": "delete",
        # Plates: province + issuing-authority letter kept, the serial masked (浙A·*****).
        "vehicle_plate": "replace",
        # Natural persons' addresses cut after the county-level component (江北市临江县××);
        # organizations' addresses (住所 of a company, 经营场所) are public.
        "address": "replace",
        "address.organization": "keep",
        # Legal persons' identity is public in penalty information.
        "credit_code": "keep",
    }
)


def _check_actions(actions: Mapping[str, str]) -> None:
    for key, action in actions.items():
        category, _, qualifier = key.partition(".")
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r} in policy key {key!r}")
        if qualifier and qualifier not in QUALIFIERS.get(category, ()):
            raise ValueError(f"unknown qualifier {qualifier!r} in policy key {key!r}")
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r} for {key!r}; expected one of {ACTIONS}")


@dataclass(frozen=True)
class Policy:
    """What to do with each category, plus the replacement formats.

    ``actions`` maps a category (or ``category.qualifier``, see :data:`QUALIFIERS`) to
    ``"delete"``, ``"replace"`` or ``"keep"``; a category missing from it is deleted.
    """

    actions: Mapping[str, str]
    #: What a deleted item becomes. ``""`` removes it without trace.
    deletion_mark: str = "[已隐去]"
    #: Masking character for partial replacements (plates, replaced identifiers).
    mask_char: str = "*"
    #: What replaces the part of an address below county level.
    address_mark: str = "××"
    #: Names of officers written right after 执法人员/办案人员 stay (legal-rules §6.3, Art.8(3)).
    keep_officer_names: bool = True

    def __post_init__(self) -> None:
        _check_actions(self.actions)
        if any(c.isdigit() for c in self.deletion_mark + self.mask_char + self.address_mark):
            raise ValueError("replacement marks must not contain digits")
        if len(self.mask_char) != 1:
            raise ValueError("mask_char must be one character")
        object.__setattr__(self, "actions", MappingProxyType(dict(self.actions)))

    def __hash__(self) -> int:
        return hash(
            (
                tuple(sorted(self.actions.items())),
                self.deletion_mark,
                self.mask_char,
                self.address_mark,
                self.keep_officer_names,
            )
        )

    @classmethod
    def national_default(cls) -> Policy:
        """The platform default, after legal-rules §6.3 and the court rule of §7 (see package docs)."""
        return cls(actions=_NATIONAL_DEFAULT)

    def with_overrides(self, overrides: Mapping[str, str]) -> Policy:
        """A copy with some actions changed (an agency's or a province's own rules)."""
        merged = dict(self.actions)
        merged.update(overrides)
        return Policy(
            actions=merged,
            deletion_mark=self.deletion_mark,
            mask_char=self.mask_char,
            address_mark=self.address_mark,
            keep_officer_names=self.keep_officer_names,
        )

    def action(self, category: str, qualifier: str = "") -> Action:
        """The action for ``category`` (most specific key first); unknown -> ``"delete"``."""
        found = None
        if qualifier:
            found = self.actions.get(f"{category}.{qualifier}")
        if found is None:
            found = self.actions.get(category, "delete")
        assert found in ACTIONS
        return found  # type: ignore[return-value]

    @classmethod
    def from_json(cls, raw: str | bytes) -> Policy:
        """Parse a policy file: national default plus overrides.

        Either a flat object ``{"phone": "keep", ...}`` (overrides), or
        ``{"actions": {...}, "deletion_mark": ..., "mask_char": ..., "address_mark": ...,
        "keep_officer_names": ...}`` where ``actions`` are again overrides of the national default.
        """
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("a policy file must hold a JSON object")
        options = {"deletion_mark", "mask_char", "address_mark", "keep_officer_names"}
        if "actions" in data:
            unknown = set(data) - options - {"actions"}
            if unknown:
                raise ValueError(f"unknown policy keys: {sorted(unknown)}")
            base = cls.national_default().with_overrides(data["actions"])
            return cls(
                actions=base.actions,
                deletion_mark=str(data.get("deletion_mark", base.deletion_mark)),
                mask_char=str(data.get("mask_char", base.mask_char)),
                address_mark=str(data.get("address_mark", base.address_mark)),
                keep_officer_names=bool(data.get("keep_officer_names", base.keep_officer_names)),
            )
        return cls.national_default().with_overrides({str(k): str(v) for k, v in data.items()})


def people_from_json(data: Any) -> tuple[list[Party], list[str]]:
    """A ``--parties`` JSON list -> (parties, names to keep). Anyone with an officer's role
    (:data:`OFFICER_ROLES`) is a name to keep; everyone else a :class:`Party` (every person role)."""
    if not isinstance(data, list):
        raise ValueError("the parties file must hold a JSON list")
    parties: list[Party] = []
    keep: list[str] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            raise ValueError(f"item {i} of the parties file is not a JSON object")
        if str(item.get("role", "")).strip() in OFFICER_ROLES:
            keep.append(str(item["name"]))
        else:
            try:
                parties.append(Party.from_mapping(item))
            except (KeyError, ValueError) as exc:
                raise ValueError(f"item {i} of the parties file: {exc}") from exc
    return parties, keep
