from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "zugong.surveys"
    label = "surveys"
    verbose_name = "民意调查"

    def ready(self) -> None:
        from zugong.core.tasks import nightly, on_worker_start
        from zugong.organizations.services import follow_moves
        from zugong.surveys import checks, demo, import_tasks, policies  # noqa: F401  (registration)
        from zugong.surveys.models import RespondentGroup, Survey

        on_worker_start(import_tasks.recover_interrupted)  # a killed worker's imports: interrupted, to confirm again
        nightly(import_tasks.recover_interrupted)
        follow_moves(Survey)
        follow_moves(RespondentGroup)
