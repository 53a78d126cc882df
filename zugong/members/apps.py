from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "zugong.members"
    label = "members"
    verbose_name = "党员"

    def ready(self) -> None:
        from zugong.core.tasks import nightly, on_worker_start
        from zugong.members import checks, dashboard, demo, policies, services, tasks  # noqa: F401  (registration)

        on_worker_start(tasks.recover_interrupted)  # a killed worker's imports: interrupted, to confirm again
        nightly(tasks.recover_interrupted)
