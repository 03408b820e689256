from typing import Any

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        # Its sections of the staff to-do list (core.todo): the workbench home shows them.
        from zhifa.cases import todo

        todo.register()
        # Declaring the procedures registers them with the engine.
        from zhifa.cases import procedures  # noqa: F401

        # Daily: clocks past their due date are marked missed; documents whose PDF was not rendered
        # after their step (a crash, a worker down) are rendered (core.jobs).
        from zhifa.cases.tasks import mark_missed_deadlines, render_pending_documents
        from zhifa.core.jobs import register_daily

        register_daily(mark_missed_deadlines, "标记超期的办案期限")
        register_daily(render_pending_documents, "生成尚未生成的执法文书 PDF")

        # Issued documents are immutable in the database; the triggers are re-created after every
        # migrate (core.immutable says why).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_reinstall_triggers, sender=self)

        # A violation found by an inspection opens a lead (cases.reactions_inspections); the cases app
        # reads the inspections' journal entries and never imports that app.
        from zhifa.cases.reactions_inspections import EVENT, SUBSCRIBER, on_violation_found
        from zhifa.journal.services import subscribe

        subscribe(SUBSCRIBER, EVENT, on_violation_found)


def _reinstall_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from zhifa.cases.db import ISSUED_DOCUMENTS

    ISSUED_DOCUMENTS.reinstall(connections[using])
