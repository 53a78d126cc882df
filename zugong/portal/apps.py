from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PortalConfig(AppConfig):
    name = "zugong.portal"
    verbose_name = "党务公开"

    def ready(self) -> None:
        from zugong.appointments.models import Competition, Notice
        from zugong.organizations.services import follow_moves
        from zugong.portal import demo, policies, services  # noqa: F401  (the demo step, the settings and the nightly withdrawal register)
        from zugong.portal.models import Article, Attachment, PublicityEntry
        from zugong.portal.public_cache import pages_changed

        follow_moves(Article)
        # Whatever a public page shows changed: its cached copies are out of date at once (public_cache.py). Changes
        # made by a conditional UPDATE (the nightly withdrawal) call pages_changed themselves.
        for model in (Article, PublicityEntry, Attachment, Notice, Competition):
            post_save.connect(pages_changed, sender=model, dispatch_uid=f"portal-pages-{model._meta.label}")
            post_delete.connect(pages_changed, sender=model, dispatch_uid=f"portal-pages-del-{model._meta.label}")
