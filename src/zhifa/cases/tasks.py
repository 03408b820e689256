"""Tasks of cases, run by `zhifa worker`: the daily job, and rendering issued documents."""

from django_tasks import task

from zhifa.cases import documents, services


@task()
def mark_missed_deadlines() -> int:
    return services.deadlines_mark_missed()


@task()
def render_documents(document_ids: list[int]) -> list[str]:
    """Render the PDFs of the documents one step issued (ZHIFA_DOCUMENT_RENDERING="worker")."""
    return [documents.render(document_id).sha256 for document_id in document_ids]


@task()
def render_pending_documents() -> int:
    """Daily: render every issued document still without its PDF (a crash between the step's commit and
    its rendering, a worker that was down)."""
    return documents.render_pending()
