from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AlarmViewSet, DangerViewSet, FacilityViewSet, PublicReportViewSet, ReadingsView

router = SimpleRouter()
router.register("facilities", FacilityViewSet, basename="facility")
router.register("alarms", AlarmViewSet, basename="alarm")
router.register("dangers", DangerViewSet, basename="hiddendanger")
router.register("reports", PublicReportViewSet, basename="publicreport")
urlpatterns = [path("readings/", ReadingsView.as_view(), name="readings"), *router.urls]
