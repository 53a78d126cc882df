from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "zugong.development"
    label = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        from zugong.development import ballot_demo, checks, dashboard, demo, policies  # noqa: F401  (registration)
        from zugong.development.models import DevelopmentCase, EvaluationRound
        from zugong.organizations.services import follow_moves

        follow_moves(DevelopmentCase)
        follow_moves(EvaluationRound)
