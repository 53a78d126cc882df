from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zugong.campaigns"
    label = "campaigns"
    verbose_name = "主题实践活动"

    def ready(self) -> None:
        from zugong.campaigns import checks, dashboard, demo, policies  # noqa: F401  (registration)
        from zugong.campaigns.models import (
            Campaign,
            ContactPoint,
            InspectionFinding,
            Task,
            Visit,
            WorkGroup,
        )
        from zugong.organizations.services import follow_moves

        for model in (Campaign, WorkGroup, ContactPoint, Visit, Task, InspectionFinding):
            follow_moves(model)
