from rest_framework.routers import SimpleRouter

from .views import CommitteeViewSet, MeetingViewSet

router = SimpleRouter()
router.register("committees", CommitteeViewSet, basename="committee")
router.register("meetings", MeetingViewSet, basename="meeting")
urlpatterns = router.urls
