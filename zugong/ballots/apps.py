from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "zugong.ballots"
    label = "ballots"
    verbose_name = "票决"
