from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "zugong.complaints"
    label = "complaints"
    verbose_name = "12380举报受理"

    def ready(self) -> None:
        from zugong.complaints import checks, demo, holds, policies  # noqa: F401  (registration)
        from zugong.complaints.models import Report
        from zugong.organizations.services import follow_moves

        follow_moves(Report)
