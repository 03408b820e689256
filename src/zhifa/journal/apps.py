from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "zhifa.journal"
    verbose_name = "执法全过程记录"
