from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """双随机、一公开 and 涉企行政检查 (issue 13): the business directory, plans and tasks, the verifiable
    draw, inspections with their codes and results, and their publicity."""

    name = "zhifa.inspections"
    verbose_name = "双随机抽查与涉企行政检查"

    def ready(self) -> None:
        # Its sections of the staff to-do list (core.todo): the workbench home shows them.
        from zhifa.inspections import todo

        todo.register()
        # Regional settings (caps, quiet period, credit-class multipliers, result deadline) join the one
        # table of regional settings on import (cases.rules).
        # The lead the cases app opens for a violation found (cases.reactions_inspections) is linked to the
        # result; the daily job renders pending 现场检查笔录 and copies the leads' numbers once filed.
        # `zhifa import targets FILE`: the directory's streaming import (the importer dispatches to it).
        from zhifa.core.jobs import register_daily
        from zhifa.importer import bulk
        from zhifa.inspections import (
            directory,
            joint,
            rules,  # noqa: F401
            visits,
        )
        from zhifa.inspections.tasks import inspections_daily
        from zhifa.journal.services import subscribe

        subscribe("inspections.case_link", "case.lead_from_inspection", visits.on_case_lead)
        subscribe("inspections.case_link_joint", "case.lead_from_inspection", joint.on_case_lead_part)
        register_daily(inspections_daily, "检查：生成现场检查笔录、回填立案案号")
        bulk.register(
            bulk.BulkKind("targets", "检查对象名录库（流式导入，支持百万行）", directory.run_command)
        )
