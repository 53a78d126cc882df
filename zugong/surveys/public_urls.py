"""The only pages reachable without signing in: enter a code, answer, thanks. They show nothing else."""

from zugong.surveys import public_views

app_name = "survey_public"
urlpatterns = public_views.urlpatterns
