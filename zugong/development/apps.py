from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "zugong.development"
    label = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        from zugong.development import checks, dashboard, demo, policies  # noqa: F401  (registration)
