from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "zugong.members"
    label = "members"
    verbose_name = "党员"

    def ready(self) -> None:
        from zugong.members import checks, dashboard, demo, policies, services  # noqa: F401  (registration)
