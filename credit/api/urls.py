from rest_framework.routers import SimpleRouter

from .views import EnterpriseViewSet, GradeViewSet, RatingViewSet, StarViewSet

router = SimpleRouter()
router.register("ratings", RatingViewSet, basename="rating")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("grades", GradeViewSet, basename="grade")
router.register("stars", StarViewSet, basename="star")
urlpatterns = router.urls
