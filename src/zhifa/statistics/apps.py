from typing import Any

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """行政执法统计年报 (issue 15 part 2): figures computed from the record, templates as data, the
    agency → supervisor approval, the frozen published report and the staff dashboards."""

    name = "zhifa.statistics"
    label = "statistics"
    verbose_name = "行政执法统计年报"

    def ready(self) -> None:
        # The publication deadline joins the one table of regional settings (cases.rules).
        from zhifa.statistics import rules  # noqa: F401

        # The sources of the figures: the apps every platform has, inspections when installed.
        from zhifa.statistics.sources import register_defaults

        register_defaults()
        # Approved reports are immutable in the database; the triggers are re-created after every
        # migrate (core.immutable says why).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_reinstall_triggers, sender=self)


def _reinstall_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from zhifa.statistics.db import FROZEN_REPORTS

    FROZEN_REPORTS.reinstall(connections[using])
