from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "zugong.performance"
    label = "performance"
    verbose_name = "机关绩效"

    def ready(self) -> None:
        from zugong.organizations.services import follow_moves
        from zugong.performance import demo, policies  # noqa: F401  (registration)
        from zugong.performance.models import PeriodScore, Scorecard, Template

        follow_moves(Template)
        follow_moves(Scorecard)
        follow_moves(PeriodScore)
