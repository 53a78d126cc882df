from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "zugong.appointments"
    label = "appointments"
    verbose_name = "选拔任用"

    def ready(self) -> None:
        from zugong.appointments import checks, demo, holds, policies  # noqa: F401  (registration)
        from zugong.appointments.models import SelectionCase
        from zugong.organizations.services import follow_moves

        follow_moves(SelectionCase)
