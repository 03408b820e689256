from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zhifa.organizations"
    verbose_name = "区划与执法主体"
