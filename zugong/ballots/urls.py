from zugong.ballots import entry_views, views

app_name = "ballots"
urlpatterns = views.urlpatterns + entry_views.urlpatterns
