"""A small procedure engine: a procedure is states and transitions; a transition has guards (each
refuses with a Chinese reason and the article it enforces), effects, and deadline clocks it starts and
meets. `execute()` runs one transition: lock the case, check the state, the role and every guard, apply
the effects, write the state change and its journal entry in one transaction, and move the clocks.

Other apps add guards without being imported here: legal review registers its gate on the decision
step with `register_guard()` (DESIGN.md: the cases app imports neither review nor publicity).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.accounts.permissions import CASE_WORKERS
from zhifa.cases.models import Case, Deadline, DeadlineStatus
from zhifa.catalog import calendar
from zhifa.core.errors import DomainError
from zhifa.journal import events
from zhifa.journal.services import Attachment, record


@dataclass(frozen=True)
class Refusal:
    guard: str
    message: str
    article: str


T = TypeVar("T")


@dataclass
class Context:
    case: Case
    actor: Any
    data: Mapping[str, Any]
    on: date
    payload: dict[str, Any] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    # Reads shared by the guards of one run (the case's officers with their certificates, the procedure
    # settings …): loaded once by the first guard that asks. A run's guards see the state the step's
    # effects produced, and the effects run before the first guard, so nothing here goes stale.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, load: Callable[[], T]) -> T:
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]  # type: ignore[no-any-return]


GuardFn = Callable[[Context], Refusal | None]


@dataclass(frozen=True)
class Guard:
    code: str
    fn: GuardFn

    def __call__(self, ctx: Context) -> Refusal | None:
        return self.fn(ctx)


def guard(code: str) -> Callable[[GuardFn], Guard]:
    def wrap(fn: GuardFn) -> Guard:
        return Guard(code, fn)

    return wrap


@dataclass(frozen=True)
class Clock:
    """A deadline a transition starts: `length` working or calendar days after the transition's date
    (the start day not counted, 行政处罚法 Art.85), due on the next working day if it ends on a holiday."""

    kind: str
    label: str
    rule: str
    length: int | Callable[[Context], int]
    working_days: bool = True
    # Start the clock only when this holds (e.g. the payment clock only when there is a fine).
    when: Callable[[Context], bool] | None = None
    # The party's own window (陈述申辩期): when it ends it has elapsed, it is never the agency's miss.
    party_window: bool = False
    # A period in hours (行政强制法 Art.19: 二十四小时内) runs through rest days: its end is never moved to
    # the next working day, unlike a period in days (SAMR 程序规定 Art.80).
    moves_off_holidays: bool = True
    # The day the period counts from, when it is not the step's date: a document served by public notice
    # (公告送达) is served only when the notice period has run (SAMR 程序规定 Art.82(5)).
    anchor: Callable[[Context], date] | None = None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: stay in the current state (a step inside the state)
    guards: tuple[Guard, ...] = ()
    apply: Callable[[Context], None] | None = None
    # Effects that only make sense once the guards passed, such as issuing a numbered document.
    after: Callable[[Context], None] | None = None
    starts: tuple[Clock, ...] = ()
    meets: tuple[str, ...] = ()
    # Who may take the step (accounts.Role values): mandatory and never empty, so nothing is open to
    # "any staff" by default; register() refuses a step without roles at start-up.
    roles: frozenset[str] = frozenset()
    # The journal event type; defaults to case.<name>. Decisions are `decision.issued`, the event that
    # publicity (and anything else reacting to decisions) subscribes to.
    event: str | None = None


@dataclass(frozen=True)
class Procedure:
    kind: str
    label: str
    states: Mapping[str, str]
    initial: str
    transitions: Mapping[str, Transition]

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)


PROCEDURES: dict[str, Procedure] = {}
# Kinds of clock that are the party's window rather than the agency's obligation (filled by register()).
PARTY_WINDOWS: set[str] = set()
_extra_guards: dict[tuple[str, str], list[Guard]] = {}


# The roles that take case steps: officers (执法人员) and agency heads (负责人). Legal reviewers act through
# the review desk, publicity clerks through the publicity queue; supervisors only watch (DESIGN.md, who
# uses it); administrators keep registries. None of them takes a step of a case.
CASE_ROLES = CASE_WORKERS


def _check_roles(procedure: Procedure, t: Transition) -> None:
    where = f"{procedure.kind}.{t.name}"
    if not t.roles:
        raise ImproperlyConfigured(f"{where}: a step must name the roles that may take it (roles=...)")
    if not t.roles <= CASE_ROLES:
        others = ", ".join(sorted(str(r) for r in t.roles - CASE_ROLES))
        raise ImproperlyConfigured(f"{where}: roles {others} take no case step (only {sorted(CASE_ROLES)})")


def register(procedure: Procedure) -> Procedure:
    for t in procedure.transitions.values():
        _check_roles(procedure, t)
        # Every step's journal event is catalogued (journal/events.py): a typo fails at startup, not at
        # the first case that takes the step.
        events.require(event_of(t))
        PARTY_WINDOWS.update(c.kind for c in t.starts if c.party_window)
        for state in (*t.sources, *([t.target] if t.target else [])):
            if state not in procedure.states:
                raise ValueError(f"{procedure.kind}.{t.name}: unknown state {state}")
    PROCEDURES[procedure.kind] = procedure
    return procedure


def event_of(t: Transition) -> str:
    """The journal event type transition `t` records."""
    return t.event or f"case.{t.name}"


def register_guard(procedure: str, transition: str, extra: Guard) -> None:
    """Add a guard to a transition from another app (e.g. review's gate on `decide`). A procedure or
    step that does not exist is a start-up error, not a guard that silently never runs."""
    # The procedures register themselves on import (cases' AppConfig.ready imports them); import them
    # here too, so that an app whose ready() runs first still finds them.
    from zhifa.cases import procedures  # noqa: F401

    proc = PROCEDURES.get(procedure)
    if proc is None:
        raise ImproperlyConfigured(f"register_guard: unknown procedure {procedure!r} (guard {extra.code})")
    if transition not in proc.transitions:
        raise ImproperlyConfigured(
            f"register_guard: procedure {procedure!r} has no step {transition!r} (guard {extra.code})"
        )
    bucket = _extra_guards.setdefault((procedure, transition), [])
    if all(g.code != extra.code for g in bucket):
        bucket.append(extra)


def guards_of(procedure: str, t: Transition) -> tuple[Guard, ...]:
    return (*t.guards, *_extra_guards.get((procedure, t.name), ()))


class TransitionRefused(DomainError):
    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = refusals
        first = refusals[0]
        super().__init__("；".join(r.message for r in refusals), rule=first.article)


def procedure_of(case: Case) -> Procedure:
    return PROCEDURES[case.procedure]


def _check_state(ctx: Context, proc: Procedure, t: Transition) -> list[Refusal]:
    case = ctx.case
    if case.state not in t.sources:
        return [Refusal("state", f"案件处于“{proc.state_label(case.state)}”阶段，不能{t.label}", "")]
    # The role first: a step is refused to a role that may not take it whoever's case it is (a
    # supervisor, a clerk, a reviewer); then the agency. No actor is the platform itself (a daily job,
    # the demo loader), which takes the steps its code takes.
    role = getattr(ctx.actor, "role", None)
    if ctx.actor is not None and role not in t.roles:
        return [Refusal("role", f"{t.label}须由{'、'.join(_role_labels(t.roles))}办理", "")]
    if ctx.actor is not None and getattr(ctx.actor, "agency_id", None) != case.agency_id:
        # 行政处罚法 Art.17-18 and 42: a case is handled by the agency that holds it, by its own staff;
        # supervisors and other agencies' staff read it (scope) but take no step.
        return [
            Refusal(
                "agency",
                "只有承办该案的执法主体的工作人员可以办理此步骤",
                "《中华人民共和国行政处罚法》第十七条",
            )
        ]
    return []


def _run_guards(ctx: Context, proc: Procedure, t: Transition) -> list[Refusal]:
    refusals = []
    for g in guards_of(proc.kind, t):
        result = g(ctx)
        if result is not None:
            refusals.append(result)
    return refusals


def _check(ctx: Context, proc: Procedure, t: Transition) -> list[Refusal]:
    return _check_state(ctx, proc, t) or _run_guards(ctx, proc, t)


def _role_labels(roles: frozenset[str]) -> list[str]:
    return [Role(r).label for r in sorted(roles)]


def check(
    *, case: Case, transition: str, actor: Any, data: Mapping[str, Any] | None = None, on: date | None = None
) -> list[Refusal]:
    proc = procedure_of(case)
    t = proc.transitions.get(transition)
    if t is None:
        return [Refusal("unknown", f"未知的办案步骤“{transition}”", "")]
    return _check(Context(case, actor, data or {}, on or timezone.localdate()), proc, t)


def available(*, case: Case, actor: Any, on: date | None = None) -> list[tuple[Transition, list[Refusal]]]:
    """Every transition from the case's state, with the reasons it is blocked (empty when allowed).

    One Context for all of them: nothing runs a step's effects here, so every guard judges the same
    state and what one guard read (the officers and their certificates, the settings, the case's clocks)
    serves the others; one calendar for the whole call. The case page calls this on every view."""
    proc = procedure_of(case)
    ctx = Context(case, actor, {}, on or timezone.localdate())
    with calendar.pinned():
        return [(t, _check(ctx, proc, t)) for t in proc.transitions.values() if case.state in t.sources]


def due_date(
    anchor: date, length: int, *, working_days: bool, moves_off_holidays: bool = True
) -> tuple[date, bool]:
    """`length` working or calendar days after `anchor` (not counted), off a holiday onto the next
    working day (unless the period is in hours); and whether the calendar that said so is provisional."""
    if not moves_off_holidays and not working_days:
        return anchor + timedelta(days=length), False
    result = (
        calendar.add_working_days(anchor, length)
        if working_days
        else calendar.add_calendar_days(anchor, length)
    )
    return result.date, result.provisional


def start_clock(case: Case, clock: Clock, anchor: date, ctx: Context) -> Deadline:
    length = clock.length(ctx) if callable(clock.length) else clock.length
    due, provisional = due_date(
        anchor, length, working_days=clock.working_days, moves_off_holidays=clock.moves_off_holidays
    )
    return Deadline.objects.create(
        case=case,
        kind=clock.kind,
        label=clock.label,
        rule=clock.rule,
        anchor_on=anchor,
        due_on=due,
        provisional=provisional,
        length=length,
        working_days=clock.working_days,
    )


def meet_clocks(case: Case, kinds: tuple[str, ...], on: date) -> list[dict[str, Any]]:
    """Stop the case's running (or paused) clocks of `kinds`: met if on time (a party's window always),
    else missed. Returns each clock stopped, as the step's journal entry names it (kind, due date,
    status), in the order they were started. One UPDATE … RETURNING (PostgreSQL and SQLite ≥ 3.35, as
    in numbering): the rows are decided, locked and read in one statement."""
    if not kinds:
        return []
    conn = connections[router.db_for_write(Deadline)]
    q, adapt = conn.ops.quote_name, conn.ops.adapt_datefield_value
    windows = [k for k in kinds if k in PARTY_WINDOWS]

    def marks(n: int) -> str:
        return ", ".join(["%s"] * n)

    on_time = f"{q('due_on')} >= %s" + (f" OR {q('kind')} IN ({marks(len(windows))})" if windows else "")
    sql = (
        f"UPDATE {q(Deadline._meta.db_table)} SET {q('status')} = CASE WHEN {on_time} THEN %s ELSE %s END, "
        f"{q('closed_on')} = %s WHERE {q('case_id')} = %s AND {q('kind')} IN ({marks(len(kinds))}) "
        f"AND {q('status')} IN (%s, %s) RETURNING {q('id')}, {q('kind')}, {q('due_on')}, {q('status')}"
    )
    params = [
        adapt(on),
        *windows,
        DeadlineStatus.MET.value,
        DeadlineStatus.MISSED.value,
        adapt(on),
        case.pk,
        *kinds,
        DeadlineStatus.RUNNING.value,
        DeadlineStatus.PAUSED.value,
    ]
    with conn.cursor() as c:
        c.execute(sql, params)
        rows = sorted(c.fetchall())
    return [
        {
            "kind": kind,
            "due_on": due if isinstance(due, date) else date.fromisoformat(str(due)),
            "status": status,
        }
        for _, kind, due, status in rows
    ]


def _stopped_payload(stopped: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for c in stopped:
        key = "met" if c["status"] == DeadlineStatus.MET else "missed"
        out.setdefault(key, []).append({"kind": c["kind"], "due_on": c["due_on"]})
    return out


# The columns a step may change: the engine writes back those its effects changed (and updated_at),
# not the whole row.
_CASE_FIELDS = tuple(f.attname for f in Case._meta.concrete_fields if not f.primary_key)


def _snapshot(case: Case) -> dict[str, Any]:
    # Only containers (the JSON lists) can change in place; strings, numbers and dates are immutable and
    # kept as they are (a deepcopy of every column was 2-3 % of a step's CPU).
    return {
        name: copy.deepcopy(value) if isinstance(value, list | dict) else value
        for name in _CASE_FIELDS
        for value in (getattr(case, name),)
    }


def _changed(case: Case, before: Mapping[str, Any]) -> list[str]:
    return [name for name in _CASE_FIELDS if getattr(case, name) != before[name]]


def execute(
    *, case: Case, transition: str, actor: Any, data: Mapping[str, Any] | None = None, on: date | None = None
) -> Case:
    """Run one transition. Raises TransitionRefused (a DomainError) with every refusal, writing nothing."""
    # One calendar for the whole step (its clocks and guards, and the subscribers that run on commit):
    # the calendar's fingerprint is read once, not on every working-day lookup.
    with calendar.pinned():
        return _execute(case=case, transition=transition, actor=actor, data=data, on=on)


def _execute(
    *, case: Case, transition: str, actor: Any, data: Mapping[str, Any] | None, on: date | None
) -> Case:
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__region", "item", "party", "place")
            .get(pk=case.pk)
        )
        proc = procedure_of(locked)
        t = proc.transitions.get(transition)
        if t is None:
            raise TransitionRefused([Refusal("unknown", f"未知的办案步骤“{transition}”", "")])
        ctx = Context(locked, actor, data or {}, on or timezone.localdate())
        refusals = _check_state(ctx, proc, t)
        if refusals:
            raise TransitionRefused(refusals)
        before = locked.state
        columns = _snapshot(locked)
        # Effects first, then the guards judge the state the step would produce (the proposal it
        # submits, the waiver it records …). A refusal raises inside the transaction: nothing stays,
        # not even a document number taken by the effects.
        if t.apply is not None:
            t.apply(ctx)
        refusals = _run_guards(ctx, proc, t)
        if refusals:
            raise TransitionRefused(refusals)
        if t.after is not None:
            t.after(ctx)
        if t.target is not None:
            locked.state = t.target
        locked.save(update_fields=[*_changed(locked, columns), "updated_at"])
        stopped = meet_clocks(locked, t.meets, ctx.on)
        started = [
            start_clock(locked, clock, clock.anchor(ctx) if clock.anchor else ctx.on, ctx)
            for clock in t.starts
            if clock.when is None or clock.when(ctx)
        ]
        record(
            event_type=event_of(t),
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            # A step entered later than it happened (a back-dated 办理日期) records its legal date as the
            # time it occurred; recorded_at stays the server time.
            occurred_at=None
            if ctx.on == timezone.localdate()
            else timezone.make_aware(datetime.combine(ctx.on, time.min)),
            payload={
                "procedure": proc.kind,
                "step": t.name,
                "case_number": locked.case_number,
                "from": before,
                "to": locked.state,
                "on": ctx.on,
                **({"deadlines": [{"kind": d.kind, "due_on": d.due_on} for d in started]} if started else {}),
                # Every clock the step stopped is named in its entry, met or missed (a late step misses
                # the clock in the same transaction: the record says so, not only the Deadline row).
                **_stopped_payload(stopped),
                **ctx.payload,
            },
            attachments=ctx.attachments,
        )
    return locked
