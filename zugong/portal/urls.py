"""Staff pages of the portal (党务公开, /portal/): the list, drafting, a 公示's people, attachments, an article's
procedure and the development 公示. The public pages at ``/`` are ``public_urls.py``'s."""

from django.urls import path

from zugong.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/<str:kind>/", views.article_new, name="new"),
    path("development/", views.development, name="development"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/entries/", views.entries, name="entries"),
    path("<int:pk>/attachments/new/", views.attachment_new, name="attachment_new"),
    path("<int:pk>/step/<str:code>/", views.step, name="step"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
]
