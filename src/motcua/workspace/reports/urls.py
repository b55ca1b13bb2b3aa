"""Report pages, mounted in the workspace at /can-bo/bao-cao/ (namespace workspace:reports)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("theo/<str:dimension>/", views.breakdown, name="breakdown"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("qua-han/", views.overdue, name="overdue"),
    path("dich-vu-so/", views.digital, name="digital"),
    path("chi-so-766/", views.index, name="index766"),
    path("bieu/<str:form>/", views.statutory_report, name="statutory"),
    path("so-lieu-cai-cach/", views.reform, name="reform"),
]
