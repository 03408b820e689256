from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "zhifa.personnel"
    verbose_name = "执法人员"

    def ready(self) -> None:
        from zhifa.core.jobs import register_daily
        from zhifa.personnel.tasks import expire_certificates

        register_daily(expire_certificates, "执法证到期处理")
