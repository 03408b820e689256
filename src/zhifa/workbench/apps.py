from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "zhifa.workbench"
    verbose_name = "工作台"
