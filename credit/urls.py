from django.urls import path

from gazette.workflow.views import action_urls

from . import views

app_name = "credit"

urlpatterns = [
    path("grades/", views.grades, name="grades"),
    path("grades.pdf", views.list_pdf, {"which": "final"}, name="grades_pdf"),
    path("notices/", views.notices, name="notices"),
    path("notices.pdf", views.list_pdf, {"which": "notice"}, name="notices_pdf"),
    path("notices/objection/", views.objection_new, name="objection_new"),
    path("portal/", views.portal, name="portal"),
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/scores/", views.rating_scores, name="rating_scores"),
    path("ratings/<int:pk>/objections/<int:objection_pk>/", views.objection_decide, name="objection_decide"),
    *action_urls("ratings", "credit.rating", name="rating_action"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("records/<int:pk>/repair/", views.record_repair, name="record_repair"),
    path("records/<int:pk>/evidence/", views.record_evidence, name="record_evidence"),
    path("stars/", views.star_list, name="star_list"),
    path("stars/apply/", views.star_apply, name="star_apply"),
    path("stars/<int:pk>/", views.star_detail, name="star_detail"),
    *action_urls("stars", "credit.starapplication", name="star_action"),
]
