from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "zugong.talent"
    label = "talent"
    verbose_name = "人才"

    def ready(self) -> None:
        from zugong.organizations.services import follow_moves
        from zugong.talent import demo, policies  # noqa: F401  (registration)
        from zugong.talent.models import (
            Application,
            ProgramRound,
            RecognitionList,
            Talent,
            TalentFund,
        )

        for model in (Talent, ProgramRound, Application, TalentFund, RecognitionList):
            follow_moves(model)
