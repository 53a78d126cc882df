from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "zugong.education"
    label = "education"
    verbose_name = "党员教育管理"

    def ready(self) -> None:
        from zugong.education import checks, demo, figures, policies, visits  # noqa: F401  (registration)
        from zugong.education.models import StudySession
        from zugong.organizations.services import follow_moves

        follow_moves(StudySession)
