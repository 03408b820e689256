"""The daily jobs: each app registers its own in AppConfig.ready(), `zhifa manage daily_jobs` queues them
all (run it once a day from cron or a systemd timer; `zhifa worker` executes them).

A registry rather than a list in one app: apps do not import each other (DESIGN.md), and the command
that used to live in personnel named the other apps' tasks by dotted path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DailyJob:
    label: str  # Chinese, shown when queued
    task: Any  # a django-tasks Task


_jobs: dict[str, DailyJob] = {}


def register_daily(task: Any, label: str) -> None:
    """Idempotent by the task's module path (ready() may run more than once in tests)."""
    _jobs[f"{task.module_path}"] = DailyJob(label=label, task=task)


def daily_jobs() -> list[DailyJob]:
    return sorted(_jobs.values(), key=lambda j: j.label)


def enqueue_daily() -> list[tuple[DailyJob, str]]:
    """Queue every registered job; returns each with its task result id."""
    return [(job, str(job.task.enqueue().id)) for job in daily_jobs()]
