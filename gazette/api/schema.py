"""The OpenAPI schema as clients (and the fuzzer, tests/api/test_fuzz.py) rely on it.

drf-spectacular documents only the success response; every Gazette endpoint also answers with the shared error
shape (``gazette.api.errors``) for the statuses below, and input serializers that reject unknown fields say so
with ``additionalProperties: false``.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from .serializers import ErrorSerializer, RejectUnknownFieldsMixin

ALWAYS = {"400": "请求参数有误", "401": "未登录或令牌无效", "403": "无权执行该操作",
          "404": "对象不存在或不在您的权限范围内"}
WRITES = {"409": "与事项当前状态冲突", "415": "不支持的内容类型", "422": "不符合规则（附规则校验过程）"}


class GazetteAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        cls = serializer if isinstance(serializer, type) else type(serializer)
        if direction == "request" and issubclass(cls, RejectUnknownFieldsMixin):
            schema["additionalProperties"] = False
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {**ALWAYS, **(WRITES if self.method in ("POST", "PUT", "PATCH", "DELETE") else {})}
        for code, description in errors.items():
            if code not in responses:
                responses[code] = {**self._get_response_for_code(ErrorSerializer, code, direction=direction),
                                   "description": description}
        return responses
