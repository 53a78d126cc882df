from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "zugong.statistics"
    label = "statistics"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from zugong.statistics import checks, dashboard, demo, policies  # noqa: F401  (registration)
