"""The fund REST API: hospitals submit and follow their requests; clerks act through explicit endpoints."""

from __future__ import annotations

import json

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from gazette.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from gazette.permissions import user_can, visible
from gazette.workflow.api import WorkflowActionsMixin
from gazette.workflow.exceptions import TransitionNotAllowed

from ..checklist import missing_for_applications
from ..models import Application, FundObligation, FundReport, Recovery
from ..recovery.workflow import RECOVERY
from ..reports.workflow import OBLIGATION, REPORT
from ..selectors import application_list, recovery_list
from ..services import application_attachment_add, application_submit
from ..workflow import WORKFLOW
from .serializers import (
    ApplicationInSerializer,
    ApplicationListSerializer,
    ApplicationOutSerializer,
    DocumentInSerializer,
    DocumentOutSerializer,
    FundObligationOutSerializer,
    FundReportOutSerializer,
    RecoveryOutSerializer,
)


class ApplicationViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """救助基金申请. A hospital sees only its own requests; anything out of reach is a 404. Every declared action of
    the application workflow is an endpoint (``POST …/{id}/<action>/``, gazette.workflow.api)."""

    workflow = WORKFLOW
    action_response_serializer = ApplicationOutSerializer

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Application.objects.none()

    def get_queryset(self):
        qs = application_list(user=self.request.user, state=self.request.query_params.get("state", ""),
                              kind=self.request.query_params.get("kind", ""))
        return qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page if page is not None else self.get_queryset())
        context = {**self.get_serializer_context(), "missing": missing_for_applications(rows)}
        data = ApplicationListSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_serializer_class(self):
        return ApplicationListSerializer if self.action == "list" else ApplicationOutSerializer

    @extend_schema(request=ApplicationInSerializer, responses={201: ApplicationOutSerializer},
                   parameters=[IDEMPOTENCY_HEADER])
    def create(self, request, *args, **kwargs):
        payload = ApplicationInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)

        def submit() -> tuple[int, dict]:
            app = application_submit(actor=request.user, data=dict(payload.validated_data))
            return status.HTTP_201_CREATED, self._out(app, just_created=True)

        return idempotent(request, submit)

    def _out(self, app: Application, *, just_created: bool = False) -> dict:
        """The application as the caller may see it. A case created by this request is answered from the object
        the service returned (its region, hospital and approver are attached); otherwise it is read again through
        the caller's scope."""
        if not just_created and self.action != "list":
            app = self.get_queryset().get(pk=app.pk)
        context = {**self.get_serializer_context(), "just_created": just_created}
        data = ApplicationOutSerializer(app, context=context).data
        return json.loads(JSONRenderer().render(data))

    @extend_schema(request={"multipart/form-data": DocumentInSerializer}, responses={201: DocumentOutSerializer})
    @action(detail=True, methods=["post"], url_path="documents", parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        app = self.get_object()
        if not user_can(request.user, "upload", app):
            raise TransitionNotAllowed("您无权为该申请上传材料。")
        payload = DocumentInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        doc = application_attachment_add(application=app, actor=request.user, code=payload.validated_data["code"],
                                         upload=payload.validated_data["file"])
        return Response(DocumentOutSerializer(doc).data, status=status.HTTP_201_CREATED)

    def action_answer(self, obj: Application) -> dict:
        return self._out(obj)


class RecoveryViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """垫付款追偿 and 核销. Scoped like the pages (trustee: only what was handed to it); out of reach is a 404,
    an action the user may not take a 403, an action in the wrong state a 409. Every declared action of the recovery
    workflow is ``POST …/{id}/<action>/``."""

    serializer_class = RecoveryOutSerializer
    queryset = Recovery.objects.none()
    workflow = RECOVERY

    def get_queryset(self):
        return recovery_list(user=self.request.user, state=self.request.query_params.get("state", ""))


class FundReportViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """The fund's statutory reports (第四十二条, 第四十四条): who keeps the ledger sees them; ``submit`` reports one."""

    serializer_class = FundReportOutSerializer
    queryset = FundReport.objects.none()
    workflow = REPORT

    def get_queryset(self):
        return visible(self.request.user, FundReport).order_by("-period", "kind")


class FundObligationViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Duties owed to the fund (第十五条, 第十六条, 第四十五条): ``fulfil`` and ``remind``."""

    serializer_class = FundObligationOutSerializer
    queryset = FundObligation.objects.none()
    workflow = OBLIGATION

    def get_queryset(self):
        return visible(self.request.user, FundObligation).order_by("-period", "kind", "id")
