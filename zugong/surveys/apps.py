from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "zugong.surveys"
    label = "surveys"
    verbose_name = "民意调查"

    def ready(self) -> None:
        from zugong.organizations.services import follow_moves
        from zugong.surveys import checks, demo, policies  # noqa: F401  (registration)
        from zugong.surveys.models import RespondentGroup, Survey

        follow_moves(Survey)
        follow_moves(RespondentGroup)
