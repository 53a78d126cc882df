"""The only ballot pages reachable without signing in: enter a code, vote, done. They show nothing else."""

from zugong.ballots import public_views

app_name = "ballot_public"
urlpatterns = public_views.urlpatterns
