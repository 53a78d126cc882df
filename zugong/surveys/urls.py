from zugong.surveys import design_views, entry_views, import_views, report_views

app_name = "surveys"
urlpatterns = design_views.urlpatterns + entry_views.urlpatterns + import_views.urlpatterns + report_views.urlpatterns
