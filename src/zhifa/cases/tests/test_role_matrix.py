"""Every case step names who may take it; nothing is allowed by default (issue 11, part 1).

The matrix is generated from the engine's own table: one test per step of every procedure in
`engine.PROCEDURES` (a new step is a new test, with no edit here), and in each every role × the two
doors that take a step (the workbench's step form and the REST API's transition endpoint). A role not in
the step's `roles` is refused for its role (403 with the reason on the workbench; 422 naming the `role`
refusal in the API, or 403), and nothing is written; a role in it is never refused for its role (other
guards may still refuse: the case is bare).

The world, one case per procedure, a user and an API token per role are built once for the class
(TestCase.setUpTestData, rolled back at the end); each probe puts the case in the step's first source
state through the ORM (the role check comes right after the state check, before any guard) inside a
savepoint it rolls back.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import Client, TestCase

from zhifa.accounts.models import Role, User
from zhifa.accounts.services import api_token_create
from zhifa.cases import engine, services
from zhifa.cases.models import Case, ProcedureKind
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_case_world, make_user

CHANNELS = ("workbench", "api")
# A step's date inside the calendar the tests load (2026), so that the clocks a step starts can be counted.
ON = "2026-03-04"
STEPS = [(kind, name) for kind, proc in sorted(engine.PROCEDURES.items()) for name in proc.transitions]


def _party(cw: Any) -> Any:
    return services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
    )


class RoleMatrix(TestCase):
    clients: dict[str, Client]
    cases: ClassVar[dict[str, Case]]
    users: ClassVar[dict[str, User]]
    tokens: ClassVar[dict[str, str]]

    @classmethod
    def setUpTestData(cls) -> None:
        cw = make_case_world()
        party = _party(cw)
        cls.cases = {
            kind: services.case_open(
                agency=cw.world.agency_a,
                procedure=kind,
                item=cw.world.item_a,
                party=party,
                title="销售不符合食品安全标准的食品",
                place=cw.world.township_a,
                discovered_on=date(2026, 3, 2),
                act_on=date(2026, 2, 20),
                officers=cw.officers[:2],
                lead_officer=cw.officers[0],
                actor=None,
            )
            for kind in engine.PROCEDURES
        }
        cls.users = {}
        for role in Role:
            scope: dict[str, Any] = (
                {"region": cw.world.city} if role == Role.SUPERVISOR else {"agency": cw.world.agency_a}
            )
            cls.users[role.value] = make_user(username=f"matrix_{role.value}", role=role.value, **scope)
        cls.tokens = {
            role: api_token_create(user=user, name="matrix", actor=None)[1]
            for role, user in cls.users.items()
        }

    def setUp(self) -> None:
        # One logged-in workbench client per role for the test (its session outlives the probes'
        # savepoints).
        self.clients = {}
        for role, user in self.users.items():
            self.clients[role] = Client()
            self.clients[role].force_login(user)

    def _probe(self, kind: str, t: engine.Transition, role: str, channel: str) -> tuple[int, str, bool]:
        """(status, body, refused for the role) of one attempt, and whether the case or the journal
        changed while it was refused."""
        case = self.cases[kind]
        sid = transaction.savepoint()
        try:
            Case.objects.filter(pk=case.pk).update(state=t.sources[0])
            entries = JournalEntry.objects.count()
            if channel == "workbench":
                resp = self.clients[role].post(f"/workbench/cases/{case.pk}/steps/{t.name}/", {"on": ON})
                body = resp.content.decode()
                by_role = resp.status_code == 403 and f"{t.label}须由" in body
            else:
                resp = Client().post(
                    f"/api/v1/cases/{case.pk}/transitions/{t.name}",
                    {"on": ON},
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {self.tokens[role]}"},
                )
                body = resp.content.decode()
                guards = [r.get("guard") for r in resp.json().get("refusals", [])] if resp.content else []
                by_role = resp.status_code == 403 or (resp.status_code == 422 and guards == ["role"])
            if by_role:
                # A refusal writes nothing.
                self.assertEqual(Case.objects.get(pk=case.pk).state, t.sources[0])
                self.assertEqual(JournalEntry.objects.count(), entries)
            return resp.status_code, body, by_role
        finally:
            transaction.savepoint_rollback(sid)

    def _check_step(self, kind: str, name: str) -> None:
        t = engine.PROCEDURES[kind].transitions[name]
        wrong = []
        for role in Role.values:
            for channel in CHANNELS:
                status, body, by_role = self._probe(kind, t, role, channel)
                allowed = role in t.roles
                if allowed and (by_role or status == 403):
                    wrong.append(f"{role} via {channel}: refused ({status}) but may take it")
                elif not allowed and not by_role:
                    wrong.append(f"{role} via {channel}: not refused for its role ({status} {body[:200]})")
        self.assertEqual(wrong, [], f"{kind}.{name} (roles {sorted(t.roles)})")


def _make_test(kind: str, name: str) -> Any:
    def test(self: RoleMatrix) -> None:
        self._check_step(kind, name)

    test.__doc__ = f"{kind}.{name}: only {sorted(engine.PROCEDURES[kind].transitions[name].roles)} take it."
    return test


for _kind, _name in STEPS:
    setattr(RoleMatrix, f"test_{_kind}__{_name}", _make_test(_kind, _name))


def test_the_matrix_covers_every_step_of_every_procedure() -> None:
    """The generated tests are the engine's table: one per step, nothing left out."""
    generated = {n for n in vars(RoleMatrix) if n.startswith("test_")}
    expected = {f"test_{k}__{n}" for k, p in engine.PROCEDURES.items() for n in p.transitions}
    assert generated == expected
    assert {ProcedureKind(k) for k in engine.PROCEDURES} == set(ProcedureKind)


def test_every_step_names_officers_or_heads_only() -> None:
    """No step is open to "any staff": each names its roles, drawn from officer and head."""
    for proc in engine.PROCEDURES.values():
        for t in proc.transitions.values():
            assert t.roles, f"{proc.kind}.{t.name}"
            assert t.roles <= {Role.OFFICER, Role.AGENCY_HEAD}, f"{proc.kind}.{t.name}"


def _proc(t: engine.Transition) -> engine.Procedure:
    return engine.Procedure(
        kind="probe", label="探针", states={"a": "甲", "b": "乙"}, initial="a", transitions={t.name: t}
    )


def test_a_step_without_roles_is_a_startup_error() -> None:
    """register() refuses a step that names no roles, or a role that takes no case step, naming it."""
    bare = engine.Transition("go", "前进", ("a",), "b")
    with pytest.raises(ImproperlyConfigured, match=re.escape("probe.go")):
        engine.register(_proc(bare))
    clerk = engine.Transition("go", "前进", ("a",), "b", roles=frozenset({Role.PUBLICITY_CLERK}))
    with pytest.raises(ImproperlyConfigured, match="publicity_clerk"):
        engine.register(_proc(clerk))
    assert "probe" not in engine.PROCEDURES


def test_register_guard_refuses_an_unknown_procedure_or_step() -> None:
    """A guard registered on a step that does not exist would never run: it is refused at start-up."""
    noop = engine.Guard("noop", lambda ctx: None)
    with pytest.raises(ImproperlyConfigured, match="decide_everything"):
        engine.register_guard("general", "decide_everything", noop)
    with pytest.raises(ImproperlyConfigured, match="nonexistent"):
        engine.register_guard("nonexistent", "decide", noop)
    # The apps' own guards, registered in their ready(), found their steps (review's gate on decide).
    for kind, step in (("general", "decide"), ("no_penalty", "decide_no_penalty")):
        t = engine.PROCEDURES[kind].transitions[step]
        assert "legal_review" in {g.code for g in engine.guards_of(kind, t)}
    assert all(
        g.code != "noop"
        for g in engine.guards_of("general", engine.PROCEDURES["general"].transitions["decide"])
    )
