from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zugong.organizations"
    label = "organizations"
    verbose_name = "组织体系"

    def ready(self) -> None:
        from zugong.organizations import checks, dashboard, policies  # noqa: F401  (registration)
