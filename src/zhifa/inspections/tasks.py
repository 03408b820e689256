"""Tasks of inspections run by `zhifa worker`: rendering site inspection records, and the daily job."""

from django_tasks import task

from zhifa.inspections import site_record, visits


@task()
def render_site_record(record_id: int) -> str:
    """Render one 现场检查笔录 (ZHIFA_DOCUMENT_RENDERING="worker")."""
    return site_record.render(record_id).sha256


@task()
def inspections_daily() -> dict[str, int]:
    """Daily: render the site inspection records still without their PDF, and copy the case numbers of
    leads opened from inspections once they are filed (visits.fill_case_numbers says why not at once)."""
    return {
        "rendered": site_record.render_pending(),
        "case_numbers": visits.fill_case_numbers(),
    }
