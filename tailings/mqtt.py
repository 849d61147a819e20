"""The MQTT channel of online monitoring (第二十六条): stations that push over MQTT publish to the broker; this
bridge, subscribed to it, hands each message to the same ingest service as the HTTP API, with the same
validation. A message is ``{"token": "<the monitoring system's token>", "readings": [...]}`` (the API's batch);
the answer (accepted / refused with reasons) is published to ``<topic>/results/<system id>``."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import close_old_connections

from .api.authentication import token_hash
from .models import MonitoringSystem
from .monitoring import BatchError, readings_ingest

log = logging.getLogger(__name__)


def message_handle(payload: bytes) -> tuple[int | None, dict[str, Any]]:
    """Authenticate and ingest one MQTT message; returns (system id or None, the answer)."""
    try:
        body = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, {"error": "消息应为UTF-8编码的JSON。"}
    if not isinstance(body, dict) or not isinstance(body.get("token"), str):
        return None, {"error": "消息应包含监测系统令牌 token。"}
    system = MonitoringSystem.objects.select_related("operator").filter(
        token_hash=token_hash(body["token"]), active=True).first()
    if system is None:
        return None, {"error": "监测系统令牌无效或已停用。"}
    try:
        result = readings_ingest(system=system, readings=body.get("readings"))
    except BatchError as exc:
        return system.pk, {"error": str(exc)}
    return system.pk, result.as_dict()


class Bridge:
    """A paho client subscribed to ``topic``; each message is handled in the client's network thread."""

    def __init__(self, *, host: str, port: int, topic: str, client_id: str = "gazette-tailings-bridge") -> None:
        import paho.mqtt.client as mqtt

        self.topic = topic
        self.handled = 0
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.host, self.port = host, port

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        client.subscribe(self.topic, qos=1)
        log.info("tailings MQTT bridge subscribed to %s", self.topic)

    def _on_message(self, client, userdata, message) -> None:
        close_old_connections()
        try:
            system_id, answer = message_handle(message.payload)
        except Exception:  # a failing message must not stop the bridge; it is logged with its traceback
            log.exception("tailings MQTT message failed")
            return
        finally:
            self.handled += 1
        client.publish(f"{self.topic}/results/{system_id or 'unknown'}", json.dumps(answer, ensure_ascii=False),
                       qos=1)

    def start(self) -> None:
        self.client.connect(self.host, self.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()

    def run_forever(self) -> None:
        self.client.connect(self.host, self.port, keepalive=30)
        self.client.loop_forever()
