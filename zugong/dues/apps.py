from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "zugong.dues"
    label = "dues"
    verbose_name = "党费"

    def ready(self) -> None:
        from zugong.dues import checks, dashboard, demo, policies  # noqa: F401  (registration)
