from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zugong.accounts"
    label = "accounts"
    verbose_name = "账户与权限"

    def ready(self) -> None:
        from zugong.accounts import policies  # noqa: F401  (registers policy settings)
