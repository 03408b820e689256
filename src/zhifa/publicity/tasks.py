"""Daily job of publicity, run by `zhifa worker`: items past their display period leave the portal."""

from django_tasks import task

from zhifa.publicity import services


@task()
def expire_publications() -> int:
    return services.expire_due()
