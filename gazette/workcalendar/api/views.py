"""Calendar API: the deadline calculator as an endpoint."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..choices import Unit
from ..periods import CalendarError, period_end
from .serializers import PeriodEndQuerySerializer, PeriodEndResultSerializer


class PeriodEndView(APIView):
    """期限计算：the end of a statutory period counted on the working-day calendar."""

    @extend_schema(
        operation_id="calendar_period_end",
        summary="期限计算",
        description=(
            "按中国法定期间计算规则（起算日不计入；按日、月计算的最后一日为休息日的顺延至其后第一个工作日；"
            "工作日只计工作日；小时自起算时刻精确计算）计算届满时刻，并逐日说明。"
            "所涉年度官方节假日安排尚未录入的，provisional 为 true。参数错误返回 400，fields 指明参数。"
        ),
        parameters=[
            OpenApiParameter("start", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                             description="起算日期 YYYY-MM-DD，或 ISO 8601 日期时间（按小时计算时），2004–2099 年。"),
            OpenApiParameter("amount", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
                             description="期间数额，正整数。"),
            OpenApiParameter("unit", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                             enum=Unit.values, description="期间单位。"),
        ],
        responses={
            200: PeriodEndResultSerializer,
            400: OpenApiResponse(
                description='参数错误：{"error": {"code": "invalid", "message", "fields": {参数: [说明]}}}'
            ),
            401: OpenApiResponse(description="未登录或令牌无效。"),
        },
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = PeriodEndQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            result = period_end(data["start"], data["amount"], data["unit"])
        except CalendarError as exc:
            raise serializers.ValidationError({exc.field: [exc.message]}) from exc
        body = result.as_dict()
        body["summary"] = result.summary()
        return Response(body)
