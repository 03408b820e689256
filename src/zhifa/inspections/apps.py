from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """双随机、一公开 and 涉企行政检查 (issue 13): the business directory, plans and tasks, the verifiable
    draw, inspections with their codes and results, and their publicity."""

    name = "zhifa.inspections"
    verbose_name = "双随机抽查与涉企行政检查"

    def ready(self) -> None:
        # Regional settings (caps, quiet period, credit-class multipliers, result deadline) join the one
        # table of regional settings on import (cases.rules).
        # `zhifa import targets FILE`: the directory's streaming import (the importer dispatches to it).
        from zhifa.importer import bulk
        from zhifa.inspections import (
            directory,
            rules,  # noqa: F401
        )

        bulk.register(
            bulk.BulkKind("targets", "检查对象名录库（流式导入，支持百万行）", directory.run_command)
        )
