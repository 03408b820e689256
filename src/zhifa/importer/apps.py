from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "zhifa.importer"
    verbose_name = "登记簿导入"
