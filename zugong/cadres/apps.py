from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "zugong.cadres"
    label = "cadres"
    verbose_name = "干部"

    def ready(self) -> None:
        from zugong.cadres import demo, policies, reserve, supervision, training  # noqa: F401  (registration)
        from zugong.cadres.models import Cadre
        from zugong.organizations.services import follow_moves

        follow_moves(Cadre)
