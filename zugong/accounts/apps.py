from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zugong.accounts"
    label = "accounts"
    verbose_name = "账户与权限"

    def ready(self) -> None:
        from zugong.accounts import lockout, policies  # noqa: F401  (policies: registers policy settings)
        from zugong.core.tasks import nightly

        nightly(lockout.forget_stale)
