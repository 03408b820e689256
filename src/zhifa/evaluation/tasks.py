"""Daily job of the evaluation app, run by `zhifa worker`."""

from django_tasks import task

from zhifa.evaluation import results


@task()
def evaluation_housekeeping() -> dict[str, int]:
    """Results whose objection period ran out without an objection become final (and failed files go to
    the rectification ledger)."""
    return {"finalized": results.finalize_expired()}
