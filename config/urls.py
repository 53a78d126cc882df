from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from zugong.appointments.api import router as appointments_router
from zugong.assessments.api import router as assessments_router
from zugong.branchlife.api import router as branchlife_router
from zugong.core.api import api
from zugong.development.api import router as development_router
from zugong.dues.api import router as dues_router
from zugong.members.api import router as members_router
from zugong.organizations.api import router as organizations_router
from zugong.statistics.api import router as statistics_router
from zugong.surveys.api import router as surveys_router
from zugong.talent.api import router as talent_router

api.add_router("/", organizations_router)
api.add_router("/", members_router)
api.add_router("/", dues_router)
api.add_router("/", development_router)
api.add_router("/", statistics_router)
api.add_router("/", surveys_router)
api.add_router("/", appointments_router)
api.add_router("/", assessments_router)
api.add_router("/", talent_router)
api.add_router("/", branchlife_router)

urlpatterns = [
    # The public portal first: its "" is the portal home for a visitor and core:dashboard for a signed-in user.
    path("", include("zugong.portal.public_urls")),
    path("", include("zugong.core.urls")),
    path("accounts/", include("zugong.accounts.urls")),
    path("organizations/", include("zugong.organizations.urls")),
    path("findings/", include("zugong.organizations.finding_views")),
    path("members/", include("zugong.members.urls")),
    path("dues/", include("zugong.dues.urls")),
    path("development/", include("zugong.development.urls")),
    path("education/", include("zugong.education.urls")),
    path("branch-work/", include("zugong.branchlife.urls")),
    path("statistics/", include("zugong.statistics.urls")),
    path("cadres/", include("zugong.cadres.urls")),
    path("appointments/", include("zugong.appointments.urls")),
    path("surveys/", include("zugong.surveys.urls")),
    path("s/", include("zugong.surveys.public_urls")),
    path("ballots/", include("zugong.ballots.urls")),
    path("v/", include("zugong.ballots.public_urls")),
    path("assessments/", include("zugong.assessments.urls")),
    path("performance/", include("zugong.performance.urls")),
    path("pairing/", include("zugong.pairing.urls")),
    path("campaigns/", include("zugong.campaigns.urls")),
    path("talent/", include("zugong.talent.urls")),
    path("complaints/", include("zugong.complaints.urls")),
    path("r/", include("zugong.complaints.public_urls")),
    path("portal/", include("zugong.portal.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", api.urls),
]
