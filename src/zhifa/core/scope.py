"""What a caller may see.

A `Scope` is computed once per request from the user (accounts.selectors.scope_for) and passed to every
selector. It is deliberately a plain value with no model import, so that every app, including the ones
below accounts, can filter by it. Agencies are the unit of visibility: a user of an agency sees that
agency; a supervisor sees every agency whose region lies in their region's subtree; a platform
administrator sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    agency_id: int | None = None
    # Materialized path of the supervisor's region ("/99/9901/"); every region below starts with it.
    region_path: str | None = None
    user_id: int | None = None

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    @classmethod
    def all(cls, *, user_id: int | None = None) -> Scope:
        return cls(everything=True, user_id=user_id)

    @property
    def is_empty(self) -> bool:
        return not self.everything and self.agency_id is None and self.region_path is None

    def agency_q(self, field: str = "agency") -> Q:
        """A filter on a relation to Agency named `field` ("" when filtering Agency itself)."""
        prefix = f"{field}__" if field else ""
        if self.everything:
            return Q()
        if self.agency_id is not None:
            return Q(pk=self.agency_id) if not field else Q(**{f"{field}_id": self.agency_id})
        if self.region_path is not None:
            return Q(**{f"{prefix}region__path__startswith": self.region_path})
        return Q(pk__in=[])

    def region_q(self, field: str = "") -> Q:
        """A filter on Region (or a relation to it named `field`)."""
        prefix = f"{field}__" if field else ""
        if self.everything:
            return Q()
        if self.region_path is not None:
            return Q(**{f"{prefix}path__startswith": self.region_path})
        if self.agency_id is not None:
            # An agency user sees the regions of the agencies it may see: its own region and those above.
            return Q(**{f"{prefix}agencies__pk": self.agency_id})
        return Q(pk__in=[])

    def allows_agency(self, agency_id: int, agency_region_path: str) -> bool:
        if self.everything:
            return True
        if self.agency_id is not None:
            return self.agency_id == agency_id
        if self.region_path is not None:
            return agency_region_path.startswith(self.region_path)
        return False
