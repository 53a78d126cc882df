from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zugong.portal"
    verbose_name = "党务公开"

    def ready(self) -> None:
        from zugong.organizations.services import follow_moves
        from zugong.portal import demo, policies, services  # noqa: F401  (the demo step, the settings and the nightly withdrawal register)
        from zugong.portal.models import Article

        follow_moves(Article)
