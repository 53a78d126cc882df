from django.urls import path

from zugong.organizations import election_views, excel_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("export.xlsx", excel_views.export_organizations, name="export"),
    path("import/", excel_views.import_organizations, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:parent_pk>/new/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/elections/new/", views.election_new, name="election_new"),
    path("<int:pk>/elections/from-ballot/", election_views.election_from_ballot, name="election_from_ballot"),
    path("<int:pk>/elections/<int:election_pk>/", election_views.election_detail, name="election_detail"),
    path("<int:pk>/rectifications/new/", views.rectification_new, name="rectification_new"),
    path("<int:pk>/rectifications/<int:item_pk>/close/", views.rectification_close, name="rectification_close"),
    path("<int:pk>/sites/new/", views.site_new, name="site_new"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/export.xlsx", excel_views.export_units, name="unit_export"),
    path("units/import/", excel_views.import_units, name="unit_import"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/close/", views.unit_close, name="unit_close"),
]
