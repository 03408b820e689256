from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhifa.core"
    verbose_name = "公共"

    def ready(self) -> None:
        # Daily: every journal reaction still owed (failed, or never dispatched) is run again
        # (journal.services). Registered here because the journal imports no other app, core included.
        from zhifa.core.jobs import register_daily
        from zhifa.journal.tasks import catch_up_reactions

        register_daily(catch_up_reactions, "重试未完成的订阅反应")

        from django.urls import register_converter

        from zhifa.core.params import IdConverter

        # `<id:…>` in every URLconf: ids range-checked in one place (core/params.py).
        register_converter(IdConverter, "id")
