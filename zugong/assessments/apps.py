from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "zugong.assessments"
    label = "assessments"
    verbose_name = "考核评价"

    def ready(self) -> None:
        from zugong.assessments import checks, demo, followup_demo, measures, survey_measure  # noqa: F401  (registration)
        from zugong.assessments.models import FollowUp, Result, Round
        from zugong.organizations.services import follow_moves

        follow_moves(Round)
        follow_moves(Result)
        follow_moves(FollowUp)
