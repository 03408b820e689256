"""Daily job of cases, run by `zhifa worker`."""

from django_tasks import task

from zhifa.cases import services


@task()
def mark_missed_deadlines() -> int:
    return services.deadlines_mark_missed()
