from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zugong.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from zugong.core import uploads  # noqa: F401  (registration: the keeping period of uploads)
