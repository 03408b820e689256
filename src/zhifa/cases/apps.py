from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        # Declaring the procedures registers them with the engine.
        from zhifa.cases import procedures  # noqa: F401
