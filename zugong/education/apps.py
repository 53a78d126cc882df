from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "zugong.education"
    label = "education"
    verbose_name = "党员教育管理"

    def ready(self) -> None:
        from zugong.branchlife import study_days  # noqa: F401  (a study day is a branch meeting)
        from zugong.education import checks, demo, figures, policies, visits  # noqa: F401  (registration)
