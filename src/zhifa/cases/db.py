"""Issued documents are kept as issued (core.immutable): the content a step vouched for, its number and
its digests cannot be changed or deleted in the database. What may be filled in once, after the step
commits: the PDF's digest, when it was rendered and the entry that journaled the rendering."""

from zhifa.core.immutable import Immutable

ISSUED_DOCUMENTS = Immutable(
    "cases_document",
    label="issued document",
    once=("sha256", "rendered_at", "render_entry_id", "journal_entry_id"),
)
