from django.apps import AppConfig


class PairingConfig(AppConfig):
    name = "zugong.pairing"
    label = "pairing"
    verbose_name = "结对帮扶"

    def ready(self) -> None:
        from zugong.organizations.services import follow_moves
        from zugong.pairing import demo, figures, policies  # noqa: F401  (registration)
        from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit

        for model in (Pairing, Project, Venue, Visit, MicroLoan):
            follow_moves(model)
