from django.apps import AppConfig


class BranchlifeConfig(AppConfig):
    name = "zugong.branchlife"
    label = "branchlife"
    verbose_name = "支部工作"

    def ready(self) -> None:
        from zugong.branchlife import checks, demo, measures, policies, services  # noqa: F401  (registration; constraint messages)
        from zugong.branchlife.models import Meeting, VillageDecision
        from zugong.organizations.services import follow_moves

        follow_moves(Meeting)
        follow_moves(VillageDecision)
