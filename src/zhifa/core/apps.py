from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhifa.core"
    verbose_name = "公共"

    def ready(self) -> None:
        from django.urls import register_converter

        from zhifa.core.params import IdConverter

        # `<id:…>` in every URLconf: ids range-checked in one place (core/params.py).
        register_converter(IdConverter, "id")
