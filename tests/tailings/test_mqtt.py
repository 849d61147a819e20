"""The MQTT channel against the real Mosquitto broker at 127.0.0.1:1883: a station's message reaches the same
ingest service, with the same validation, and the bridge answers with what it accepted and refused."""

from __future__ import annotations

import json
import threading
import time
import uuid

import pytest
from django.utils import timezone

from tailings.api.authentication import monitoring_system_create
from tailings.models import Alarm, AlarmLimit, Reading, Station
from tailings.mqtt import Bridge
from tests.tailings.factories import facility_make, tailings_orgs, to_operating


def _wait(condition, seconds=10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_mqtt_message_is_ingested_by_the_bridge_and_answered():
    import paho.mqtt.client as mqtt

    orgs = tailings_orgs(suffix="（MQTT）")
    facility = to_operating(facility_make(operator=orgs["operator"], supervisor=orgs["county"]))
    Station.objects.create(facility=facility, code="JR-01", quantity="phreatic_depth", unit="m")
    AlarmLimit.objects.create(facility=facility, quantity="phreatic_depth", level="red", direction="below",
                              threshold=4.0, clear_margin=0.3, effective_from=timezone.localdate())
    _system, token = monitoring_system_create(name="MQTT站", operator=orgs["operator"])
    topic = f"gazette-test/{uuid.uuid4().hex}/readings"
    bridge = Bridge(host="127.0.0.1", port=1883, topic=topic, client_id=f"bridge-{uuid.uuid4().hex[:8]}")
    answers: list[dict] = []
    got = threading.Event()
    listener = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"listen-{uuid.uuid4().hex[:8]}")
    listener.on_message = lambda c, u, m: (answers.append(json.loads(m.payload)), got.set())
    listener.connect("127.0.0.1", 1883)
    listener.subscribe(f"{topic}/results/#", qos=1)
    listener.loop_start()
    bridge.start()
    try:
        assert _wait(lambda: bridge.client.is_connected())
        time.sleep(0.3)  # the subscription is made in on_connect
        now = timezone.now().isoformat()
        payload = {"token": token, "readings": [
            {"facility": facility.reference, "station": "JR-01", "quantity": "phreatic_depth", "value": 3.6,
             "unit": "m", "measured_at": now},
            {"facility": facility.reference, "station": "JR-01", "quantity": "phreatic_depth", "value": 3.6,
             "unit": "mm", "measured_at": now},
        ]}
        publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{uuid.uuid4().hex[:8]}")
        publisher.connect("127.0.0.1", 1883)
        publisher.loop_start()
        publisher.publish(topic, json.dumps(payload), qos=1).wait_for_publish(5)
        publisher.publish(topic, json.dumps({"token": "wrong", "readings": []}), qos=1).wait_for_publish(5)
        assert _wait(lambda: bridge.handled >= 2)
        assert got.wait(5) and _wait(lambda: len(answers) >= 2)
        publisher.loop_stop()
    finally:
        bridge.stop()
        listener.loop_stop()
    assert Reading.objects.count() == 1
    assert Alarm.objects.get().level == "red"
    ingest = next(a for a in answers if "accepted" in a)
    assert ingest["accepted"] == 1 and ingest["refused"][0]["field"] == "unit"
    assert any(a.get("error") == "监测系统令牌无效或已停用。" for a in answers)
