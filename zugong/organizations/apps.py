from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zugong.organizations"
    label = "organizations"
    verbose_name = "组织体系"

    def ready(self) -> None:
        from zugong.core.models import Finding
        from zugong.organizations import checks, dashboard, policies  # noqa: F401  (registration)
        from zugong.organizations.services import follow_moves

        # A finding keeps its identity and history when its organization moves.
        follow_moves(Finding, "scope_path")
