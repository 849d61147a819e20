from rest_framework.routers import SimpleRouter

from .views import ApplicationViewSet, FundReportViewSet, RecoveryViewSet

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="application")
router.register("recoveries", RecoveryViewSet, basename="recovery")
router.register("reports", FundReportViewSet, basename="report")

urlpatterns = router.urls
