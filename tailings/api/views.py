"""Tailings API: facilities (scoped list/detail, registration by an operator, every declared action), alarms,
hidden dangers, and the monitoring systems' readings ingest."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gazette.permissions import visible
from gazette.workflow.api import WorkflowActionsMixin

from ..models import Alarm, Facility, HiddenDanger, PublicReport
from ..monitoring import BatchError, readings_ingest
from ..permissions import is_operator
from ..services import FIELD_NAMES, FacilityInput, facility_register
from ..workflow import ALARM_WORKFLOW, DANGER_WORKFLOW, FACILITY_WORKFLOW, REPORT_WORKFLOW
from .authentication import IsMonitoringSystem, MonitoringSystemAuthentication
from .serializers import (
    AlarmOutSerializer,
    DangerOutSerializer,
    FacilityInSerializer,
    FacilityOutSerializer,
    IngestResultSerializer,
    PublicReportOutSerializer,
    ReadingsBatchSerializer,
)


class _ReadViewSet(WorkflowActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


def _drf(exc: ValidationError) -> DRFValidationError:
    return DRFValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class FacilityViewSet(mixins.CreateModelMixin, _ReadViewSet):
    """尾矿库 (一库一策): scoped list and detail; an operator registers a project (``POST``: 400 naming the field and
    article for bad input, nothing stored); every declared action is ``POST …/{id}/<action>/`` (422 with the rule
    and its article when a rule fails, e.g. TAIL-A9 第九条 on ``approve-design``)."""

    serializer_class = FacilityOutSerializer
    workflow = FACILITY_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Facility).order_by("-created_at")

    @extend_schema(request=FacilityInSerializer, responses={201: FacilityOutSerializer})
    def create(self, request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied("只有生产经营单位可以登记尾矿库项目。")
        data = FacilityInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cd = dict(data.validated_data)
        county, supervisor = cd.pop("county"), cd.pop("supervisor")
        try:
            facility = facility_register(actor=request.user, operator=request.user.organisation,
                                         supervisor=supervisor, region=county,
                                         data=FacilityInput(**{k: v for k, v in cd.items() if k in FIELD_NAMES}))
        except ValidationError as exc:
            raise _drf(exc) from None
        return Response(FacilityOutSerializer(facility, context={"request": request, "just_created": True}).data,
                        status=status.HTTP_201_CREATED)


class AlarmViewSet(_ReadViewSet):
    """监测报警 of the facilities the caller sees: ``acknowledge`` by the supervising department."""

    serializer_class = AlarmOutSerializer
    workflow = ALARM_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, Alarm).select_related("station").order_by("-opened_at")


class DangerViewSet(_ReadViewSet):
    """隐患: ``order`` (department, with a deadline), ``rectify`` (operator), ``verify`` / ``reject`` (department)."""

    serializer_class = DangerOutSerializer
    workflow = DANGER_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, HiddenDanger).order_by("-found_on", "-id")


class PublicReportViewSet(_ReadViewSet):
    """举报 (第六条) received by the caller's department or departments below it: ``handle`` / ``refer``."""

    serializer_class = PublicReportOutSerializer
    workflow = REPORT_WORKFLOW

    def get_queryset(self):
        return visible(self.request.user, PublicReport).order_by("-received_at")


class ReadingsView(APIView):
    """在线监测数据 (第二十六条): a batch of at most 1,000 readings from a monitoring system
    (``Authorization: Monitor <token>``). Each reading is stored or refused on its own, with the reason; alarms
    are evaluated on the stored ones. 400 when the batch itself is unreadable (nothing stored)."""

    authentication_classes = [MonitoringSystemAuthentication]
    permission_classes = [IsMonitoringSystem]

    @extend_schema(request=ReadingsBatchSerializer, responses={200: IngestResultSerializer},
                   operation_id="tailings_readings_create")
    def post(self, request, *args, **kwargs):
        body = request.data
        if not isinstance(body, dict) or set(body) - {"readings"} or "readings" not in body:
            raise DRFValidationError({"readings": ["请求体应为 {\"readings\": [...]}。"]})
        try:
            result = readings_ingest(system=request.auth, readings=body["readings"])
        except BatchError as exc:
            raise DRFValidationError({"readings": [str(exc)]}) from None
        return Response(result.as_dict(), status=status.HTTP_200_OK)
