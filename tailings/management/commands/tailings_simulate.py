"""Push simulated monitoring readings: ``manage.py tailings_simulate --facility TAIL-2026-000001 [--cross]
[--url http://127.0.0.1:8000 --token …] [--loop]``. Without ``--url`` the readings go straight to the ingest
service (as the monitoring system of the token); with it, through the HTTP API like a real system."""

from __future__ import annotations

import json
import time
import urllib.request

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tailings.api.authentication import token_hash
from tailings.demo import DEMO_TOKEN
from tailings.models import Facility, MonitoringSystem
from tailings.monitoring import readings_ingest
from tailings.simulator import series


class Command(BaseCommand):
    help = "Push simulated readings of a facility's stations (some crossing the limits with --cross)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--facility", help="facility reference (default: the first operating one)")
        parser.add_argument("--token", default=DEMO_TOKEN)
        parser.add_argument("--url", default="", help="push through the API of this server")
        parser.add_argument("--hours", type=float, default=1.0)
        parser.add_argument("--cross", action="store_true", help="the phreatic line rises above its limit")
        parser.add_argument("--loop", action="store_true", help="then one reading per station every minute")

    def handle(self, *args, **o) -> None:
        qs = Facility.objects.filter(reference=o["facility"]) if o["facility"] else Facility.objects.filter(
            state="operating", stations__isnull=False).distinct().order_by("pk")
        facility = qs.first()
        if facility is None:
            raise CommandError("没有可推送数据的尾矿库（需有监测点）。")
        stations = list(facility.stations.filter(active=True))
        readings = list(series(facility=facility, stations=stations, hours=o["hours"], step_minutes=1,
                               cross_at_end=o["cross"], seed=int(time.time())))
        self._push(readings, o)
        while o["loop"]:
            time.sleep(60)
            self._push(list(series(facility=facility, stations=stations, hours=0, end=timezone.now(),
                                   cross_at_end=o["cross"], seed=int(time.time()))), o)

    def _push(self, readings, o) -> None:
        for i in range(0, len(readings), 500):
            batch = readings[i:i + 500]
            if o["url"]:
                if not o["url"].startswith(("http://", "https://")):
                    raise CommandError("--url 应为 http(s) 地址。")
                request = urllib.request.Request(  # noqa: S310  (checked above: http or https only)
                    o["url"].rstrip("/") + "/api/v1/tailings/readings/", data=json.dumps({"readings": batch}).encode(),
                    headers={"Content-Type": "application/json", "Authorization": f"Monitor {o['token']}"})
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    answer = json.loads(response.read())
            else:
                system = MonitoringSystem.objects.filter(token_hash=token_hash(o["token"]), active=True).first()
                if system is None:
                    raise CommandError("监测系统令牌无效。")
                answer = readings_ingest(system=system, readings=batch).as_dict()
            self.stdout.write(f"accepted {answer['accepted']}, refused {len(answer['refused'])}, "
                              f"alarms +{answer['alarms_opened']} ~{answer['alarms_updated']} "
                              f"-{answer['alarms_cleared']}")
