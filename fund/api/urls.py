from rest_framework.routers import SimpleRouter

from .views import ApplicationViewSet, FundObligationViewSet, FundReportViewSet, RecoveryViewSet

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="application")
router.register("recoveries", RecoveryViewSet, basename="recovery")
router.register("reports", FundReportViewSet, basename="report")
router.register("obligations", FundObligationViewSet, basename="obligation")

urlpatterns = router.urls
