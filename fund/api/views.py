"""The fund REST API: hospitals submit and follow their requests; clerks act through explicit endpoints."""

from __future__ import annotations

import json

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from gazette.permissions import user_can
from gazette.workflow.api import ActionInputSerializer, perform_action
from gazette.workflow.exceptions import TransitionNotAllowed

from ..models import Application, IdempotentRequest
from ..selectors import application_list
from ..services import application_submit, document_add
from .serializers import (
    ApplicationInSerializer,
    ApplicationListSerializer,
    ApplicationOutSerializer,
    DocumentInSerializer,
    DocumentOutSerializer,
)

IDEMPOTENCY_HEADER = OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
                                      description="重试同一请求时携带相同的键，返回首次结果而不重复创建。")
_action = extend_schema(request=ActionInputSerializer, responses=ApplicationOutSerializer)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """救助基金申请. A hospital sees only its own requests; anything out of reach is a 404."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Application.objects.none()

    def get_queryset(self):
        qs = application_list(user=self.request.user, state=self.request.query_params.get("state", ""),
                              kind=self.request.query_params.get("kind", ""))
        if self.action != "list":
            qs = qs.prefetch_related("documents")
        return qs

    def get_serializer_class(self):
        return ApplicationListSerializer if self.action == "list" else ApplicationOutSerializer

    @extend_schema(request=ApplicationInSerializer, responses={201: ApplicationOutSerializer},
                   parameters=[IDEMPOTENCY_HEADER])
    def create(self, request, *args, **kwargs):
        payload = ApplicationInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        key = (request.headers.get("Idempotency-Key") or "").strip()[:128]
        if not key:
            app = application_submit(actor=request.user, data=dict(payload.validated_data))
            return Response(self._out(app), status=status.HTTP_201_CREATED)
        with transaction.atomic():
            # A concurrent retry with the same key waits on the unique index until this one commits.
            record, created = IdempotentRequest.objects.get_or_create(user=request.user, key=key,
                                                                      defaults={"path": request.path})
            if not created:
                return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})
            app = application_submit(actor=request.user, data=dict(payload.validated_data))
            body = self._out(app)
            record.status_code, record.body = status.HTTP_201_CREATED, body
            record.save(update_fields=["status_code", "body"])
        return Response(body, status=status.HTTP_201_CREATED)

    def _out(self, app: Application) -> dict:
        app = self.get_queryset().get(pk=app.pk) if self.action != "list" else app
        data = ApplicationOutSerializer(app, context=self.get_serializer_context()).data
        return json.loads(JSONRenderer().render(data))

    @extend_schema(request={"multipart/form-data": DocumentInSerializer}, responses={201: DocumentOutSerializer})
    @action(detail=True, methods=["post"], url_path="documents", parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        app = self.get_object()
        if not user_can(request.user, "upload", app):
            raise TransitionNotAllowed("您无权为该申请上传材料。")
        payload = DocumentInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        doc = document_add(application=app, actor=request.user, code=payload.validated_data["code"],
                           upload=payload.validated_data["file"])
        return Response(DocumentOutSerializer(doc).data, status=status.HTTP_201_CREATED)

    def _act(self, request, name: str, *, data=None):
        return perform_action(self, request, self.get_object(), name, data=data)

    @_action
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        return self._act(request, "start_review")

    @_action
    @action(detail=True, methods=["post"], url_path="request-documents")
    def request_documents(self, request, pk=None):
        return self._act(request, "request_documents")

    @_action
    @action(detail=True, methods=["post"], url_path="documents-complete")
    def documents_complete(self, request, pk=None):
        return self._act(request, "documents_complete")

    @_action
    @action(detail=True, methods=["post"], url_path="submit-for-approval")
    def submit_for_approval(self, request, pk=None):
        return self._act(request, "submit_for_approval")

    @_action
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, "approve")

    @_action
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        # The reason is the validated comment: request.data may be any JSON value (a list, a string, null).
        payload = ActionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._act(request, "refuse", data={"reason": payload.validated_data.get("comment", "")})

    @_action
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        return self._act(request, "pay")

    @_action
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        return self._act(request, "dispute")

    @_action
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._act(request, "escalate")

    @_action
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._act(request, "resolve")

    @_action
    @action(detail=True, methods=["post"])
    def guarantee(self, request, pk=None):
        return self._act(request, "guarantee")

    @_action
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._act(request, "transfer")
