"""An approved report is kept as approved (core.immutable): its snapshot, digest and approval cannot be
changed or deleted in the database. What may be filled in once: when it was published and the entry that
journaled it."""

from zhifa.core.immutable import Immutable

FROZEN_REPORTS = Immutable(
    "statistics_frozenreport",
    label="frozen statistics report",
    once=("published_on", "published_entry_id"),
)
