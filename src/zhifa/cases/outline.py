"""Procedure outlines: the 执法流程图 the portal publishes before enforcement (事前公开), generated from the
very procedure definitions the engine enforces, with each deadline as it applies to one agency (its
region's ProcedureSetting over the national default) and the article behind it.

国办发〔2018〕118号 二(四): agencies publish their enforcement flowcharts (执法流程图) and service guides. A
chart drawn by hand drifts from what the system does; this one cannot.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from zhifa.accounts.models import Role
from zhifa.cases import engine
from zhifa.cases.services import OPENING_CLOCKS
from zhifa.organizations.models import Agency


@dataclass(frozen=True)
class DeadlineLine:
    label: str
    length: int | None  # None: depends on the case (shown as 按规定期限)
    working_days: bool
    rule: str
    conditional: bool  # the clock starts only in some cases (e.g. payment when there is a fine)

    @property
    def text(self) -> str:
        if self.length is None:
            span = "按规定期限"
        else:
            span = f"{self.length} 个工作日内" if self.working_days else f"{self.length} 日内"
        return f"{self.label}：{span}" + ("（适用时）" if self.conditional else "")


@dataclass(frozen=True)
class StepLine:
    label: str
    target: str  # the state's label after the step; "" for a step inside the state
    who: str  # the roles that take the step, in Chinese (every step names them)
    starts: tuple[DeadlineLine, ...]
    ends: tuple[str, ...]  # labels of the deadlines this step meets


@dataclass(frozen=True)
class StateLine:
    code: str
    label: str
    steps: tuple[StepLine, ...]
    final: bool
    opens: tuple[DeadlineLine, ...] = ()  # deadlines that start when a case enters here first


@dataclass(frozen=True)
class Outline:
    kind: str
    label: str
    states: tuple[StateLine, ...] = field(default_factory=tuple)


class _Probe:
    """The little of a Context a clock's length reads: the agency (for its region's settings)."""

    def __init__(self, agency: Agency) -> None:
        self.case = type("CaseProbe", (), {"agency": agency, "agency_id": agency.pk})()
        self.cache: dict[str, Any] = {}


def _length(clock: engine.Clock, probe: _Probe) -> int | None:
    if isinstance(clock.length, int):
        return clock.length
    try:
        return int(clock.length(probe))  # type: ignore[arg-type]
    except (AttributeError, KeyError, TypeError, ValueError):
        return None  # the length depends on the case itself


def _who(roles: frozenset[str] | None) -> str:
    if not roles:
        return ""
    return "、".join(Role(r).label for r in sorted(roles) if r in Role.values)


def _ordered_states(proc: engine.Procedure) -> list[str]:
    """States in the order a case meets them: breadth first from the initial state, then any left."""
    seen = [proc.initial]
    queue = deque([proc.initial])
    while queue:
        state = queue.popleft()
        for t in proc.transitions.values():
            if state in t.sources and t.target and t.target not in seen:
                seen.append(t.target)
                queue.append(t.target)
    return seen + [s for s in proc.states if s not in seen]


def outline(kind: str, *, agency: Agency) -> Outline:
    proc = engine.PROCEDURES[kind]
    probe = _Probe(agency)
    opening = OPENING_CLOCKS.get(kind, ())
    clock_labels = {c.kind: c.label for t in proc.transitions.values() for c in t.starts}
    clock_labels.update({c.kind: c.label for c in opening})
    states: list[StateLine] = []
    for code in _ordered_states(proc):
        steps = tuple(
            StepLine(
                label=t.label,
                target=proc.state_label(t.target) if t.target else "",
                who=_who(t.roles),
                starts=tuple(
                    DeadlineLine(c.label, _length(c, probe), c.working_days, c.rule, c.when is not None)
                    for c in t.starts
                ),
                ends=tuple(clock_labels.get(k, k) for k in t.meets),
            )
            for t in proc.transitions.values()
            if code in t.sources
        )
        opens = tuple(
            DeadlineLine(c.label, _length(c, probe), c.working_days, c.rule, c.when is not None)
            for c in (opening if code == proc.initial else ())
        )
        states.append(StateLine(code, proc.state_label(code), steps, final=not steps, opens=opens))
    return Outline(kind=proc.kind, label=proc.label, states=tuple(states))


# The order a reader expects: the general procedure first, then the others.
_ORDER = ("general", "summary", "no_penalty", "compulsion")


def outlines(*, agency: Agency) -> list[Outline]:
    kinds = sorted(engine.PROCEDURES, key=lambda k: (_ORDER.index(k) if k in _ORDER else len(_ORDER), k))
    return [outline(kind, agency=agency) for kind in kinds]
