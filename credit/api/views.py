"""Credit API: firms submit ratings and star applications; departments verify, score, review and publish through
the declared actions (``POST …/{id}/<action>/``: 409 wrong state, 422 failed rule with its article, 403 not
allowed, 404 out of reach); other departments read grades and their effects (第二十条); the public reads final
grades (no login)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from gazette.permissions import user_can, visible
from gazette.workflow.api import WorkflowActionsMixin

from ..models import Enterprise, Rating, StarApplication
from ..permissions import is_enterprise
from ..presenters import GRADE_TABLE
from ..selectors import final_grades
from ..services import RecordInput, StarInput, rating_start, record_add, scores_enter, star_apply
from ..star.workflow import STAR_WORKFLOW
from ..workflow import WORKFLOW
from .serializers import (
    EnterpriseOutSerializer,
    GradeOutSerializer,
    RatingInSerializer,
    RatingOutSerializer,
    RecordInSerializer,
    RecordOutSerializer,
    ScoresInSerializer,
    ScoresOutSerializer,
    StarInSerializer,
    StarOutSerializer,
)


def _own_enterprise(request) -> Enterprise:
    if not is_enterprise(request.user):
        raise PermissionDenied()
    enterprise = Enterprise.objects.filter(organisation=request.user.organisation).first()
    if enterprise is None:
        raise PermissionDenied()
    return enterprise


class RatingViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """信用评价: a firm opens its rating of a cycle (``POST``), then ``submit``; the county ``request-completion``
    (once) and ``verify``; the city enters ``scores`` and ``initial-rating``; the province ``review``,
    ``publish-notice``,
    ``finalise``; ``rerate`` after an upheld objection; ``dynamic-rerate`` between cycles."""

    serializer_class = RatingOutSerializer
    workflow = WORKFLOW
    queryset = Rating.objects.none()

    def get_queryset(self):
        return visible(self.request.user, Rating).select_related("enterprise__organisation", "cycle").order_by("-id")

    @extend_schema(request=RatingInSerializer, responses={201: RatingOutSerializer})
    def create(self, request, *args, **kwargs):
        enterprise = _own_enterprise(request)
        payload = RatingInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        rating = rating_start(enterprise=enterprise, cycle=data["cycle"], actor=request.user,
                              declaration=data.get("declaration", ""), pledge=data.get("pledge", False))
        return Response(RatingOutSerializer(rating, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ScoresInSerializer, responses={200: ScoresOutSerializer})
    @action(detail=True, methods=["post"], url_path="scores")
    def scores(self, request, pk=None):
        """各指标得分 (the city): each between 0 and the indicator's maximum on the sheet; all or nothing."""
        rating = self.get_object()
        if not user_can(request.user, "scores", rating):
            raise PermissionDenied()
        payload = ScoresInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = scores_enter(rating=rating, actor=request.user, points=payload.validated_data["points"])
        return Response({"saved": saved})


class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """房地产企业 with the standing grade and its effects (第十六条–第十九条, shared under 第二十条); departments
    enter records (``POST …/{id}/records/``; a bad record or veto item re-rates the firm, 第十四条)."""

    serializer_class = EnterpriseOutSerializer
    queryset = Enterprise.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return visible(self.request.user, Enterprise).select_related("organisation").order_by("id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        standing: dict[int, tuple] = {}
        for ent, grade, year, score in (Rating.objects.filter(state="final", enterprise__in=self.get_queryset())
                                        .order_by("cycle__year").values_list("enterprise_id", "grade", "cycle__year",
                                                                              "score")):
            standing[ent] = (grade, year, score)
        context["standing"] = standing
        return context

    @extend_schema(request=RecordInSerializer, responses={201: RecordOutSerializer})
    @action(detail=True, methods=["post"], url_path="records")
    def records(self, request, pk=None):
        enterprise = self.get_object()
        if not user_can(request.user, "add_record", enterprise):
            raise PermissionDenied()
        payload = RecordInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        d = payload.validated_data
        record = record_add(enterprise=enterprise, actor=request.user, data=RecordInput(
            category=d["category"], title=d["title"], occurred_on=d.get("occurred_on"), source=d.get("source", ""),
            evidence=d.get("evidence"), points=d.get("points")))
        return Response(RecordOutSerializer(record).data, status=status.HTTP_201_CREATED)


class GradeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """最终评定结果 (第九条第四项), public: ``?year=`` and ``?q=`` (name or credit code)."""

    serializer_class = GradeOutSerializer
    permission_classes = [AllowAny]
    authentication_classes: list = []
    queryset = Rating.objects.none()

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        qs = final_grades(year=int(year) if year.isdigit() else None)
        search = GRADE_TABLE.search_q(self.request.query_params.get("q", "").strip())
        if search is not None:
            qs = qs.filter(search)
        return qs.order_by("-cycle__year", "id").values("enterprise__organisation__name", "enterprise__credit_code",
                                                        "kind", "cycle__year", "grade")


class StarViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """星级评价 (159号, lapsed after 2024-09-17: traces say so): a property firm applies (``POST``, 422 citing
    第七条 when not eligible); counties, cities and the province score through the declared actions."""

    serializer_class = StarOutSerializer
    workflow = STAR_WORKFLOW
    queryset = StarApplication.objects.none()

    def get_queryset(self):
        return visible(self.request.user, StarApplication).order_by("-id")

    @extend_schema(request=StarInSerializer, responses={201: StarOutSerializer})
    def create(self, request, *args, **kwargs):
        enterprise = _own_enterprise(request)
        payload = StarInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        app = star_apply(enterprise=enterprise, actor=request.user, data=StarInput(**payload.validated_data))
        if app is None:
            raise NotFound()
        return Response(StarOutSerializer(app, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
