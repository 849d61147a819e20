"""Run the MQTT bridge of tailings online monitoring: ``manage.py tailings_mqtt_bridge``."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from tailings.mqtt import Bridge


class Command(BaseCommand):
    help = "Subscribe to the monitoring MQTT broker and feed readings to the ingest service (第二十六条)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=settings.TAILINGS_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.TAILINGS_MQTT_PORT)
        parser.add_argument("--topic", default=settings.TAILINGS_MQTT_TOPIC)

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"tailings MQTT bridge: {options['host']}:{options['port']} {options['topic']}")
        Bridge(host=options["host"], port=options["port"], topic=options["topic"]).run_forever()
