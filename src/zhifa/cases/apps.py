from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        # Declaring the procedures registers them with the engine.
        from zhifa.cases import procedures  # noqa: F401

        # Daily: clocks past their due date are marked missed (core.jobs).
        from zhifa.cases.tasks import mark_missed_deadlines
        from zhifa.core.jobs import register_daily

        register_daily(mark_missed_deadlines, "标记超期的办案期限")
