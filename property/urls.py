from django.urls import path

from gazette.workflow.views import action_urls

from . import views

app_name = "property"

urlpatterns = [
    path("notices/", views.board, name="board"),
    # Public pages take their number as text (a mistyped address is a 404, not a routing error).
    path("notices/area/<str:number>/", views.area_board, name="area_board"),
    path("notices/<str:number>/", views.notice_detail, name="notice_detail"),
    path("notices/<str:number>/print.pdf", views.notice_print, name="notice_print"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("areas/<int:pk>/import/", views.area_import, name="area_import"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/nominations/", views.nomination_add, name="nomination_add"),
    path("committees/<int:pk>/members/", views.member_add, name="member_add"),
    path("committees/<int:pk>/members/withdraw/", views.member_withdraw, name="member_withdraw"),
    path("committees/<int:pk>/objections/", views.objection_answer, name="objection_answer"),
    path("committees/<int:pk>/objections/new/", views.objection_add, name="objection_add"),
    path("committees/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("committees/<int:pk>/export/<str:what>.xlsx", views.committee_export, name="committee_export"),
    *action_urls("committees", "property.committee", name="committee_action"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    *action_urls("meetings", "property.meeting", name="meeting_action"),
]
