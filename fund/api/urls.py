from rest_framework.routers import SimpleRouter

from .views import ApplicationViewSet, RecoveryViewSet

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="application")
router.register("recoveries", RecoveryViewSet, basename="recovery")

urlpatterns = router.urls
