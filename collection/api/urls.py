from rest_framework.routers import SimpleRouter

from .views import ClueViewSet, MeasureViewSet, RiskReportViewSet, SupervisionActionViewSet

router = SimpleRouter()
router.register("clues", ClueViewSet, basename="clue")
router.register("measures", MeasureViewSet, basename="measure")
router.register("reports", RiskReportViewSet, basename="riskreport")
router.register("supervision", SupervisionActionViewSet, basename="supervisionaction")
urlpatterns = router.urls
