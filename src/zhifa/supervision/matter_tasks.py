"""The supervision matters' daily job, run by `zhifa worker` (registered in SupervisionConfig.ready)."""

from django_tasks import task

from zhifa.supervision import matter_documents, matters


@task()
def matters_daily() -> dict[str, int]:
    """Escalate matters past their rectification deadline (raising `matter_overdue`); render documents
    whose PDF was not rendered after their issue."""
    return {"escalated": matters.escalate_overdue(), "rendered": matter_documents.render_pending()}
