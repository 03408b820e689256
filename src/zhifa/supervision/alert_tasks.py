"""The daily alert evaluation, run by `zhifa worker` (registered in SupervisionConfig.ready)."""

from django_tasks import task

from zhifa.supervision import alert_services


@task()
def evaluate_alerts() -> dict[str, int]:
    """Every alert rule: raise the new findings, resolve those whose cause is gone."""
    result = alert_services.evaluate()
    return {"raised": result.raised, "resolved": result.resolved}
