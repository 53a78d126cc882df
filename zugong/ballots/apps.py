from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "zugong.ballots"
    label = "ballots"
    verbose_name = "票决"

    def ready(self) -> None:
        from zugong.ballots import demo, policies  # noqa: F401  (registration)
        from zugong.ballots.models import Ballot
        from zugong.organizations.services import follow_moves

        follow_moves(Ballot)
