"""Start the web server, a Celery worker and Celery beat together for the local run; Ctrl-C stops all three."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run web + Celery worker + Celery beat in the foreground (the `make run` stack)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, **options) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        celery = [python, "-m", "celery", "-A", "gazette"]
        commands = {
            "web": [python, manage, "runserver", options["addr"], "--noreload"],
            "worker": [*celery, "worker", "-l", "info", "--concurrency", "1", "-n", "gazette-local@%h"],
            "beat": [*celery, "beat", "-l", "info", "--scheduler",
                     "django_celery_beat.schedulers:DatabaseScheduler",
                     "--pidfile", str(settings.VAR_DIR / "celerybeat.pid")],
        }
        broker = "Redis" if settings.REDIS_URL else "kombu filesystem transport under var/broker"
        self.stdout.write(f"Broker: {broker}; database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        pidfile = settings.VAR_DIR / "celerybeat.pid"
        if pidfile.exists():
            pidfile.unlink()
        procs: dict[str, subprocess.Popen] = {}
        for name, cmd in commands.items():
            procs[name] = subprocess.Popen(cmd, env=os.environ.copy())  # noqa: S603 - our own commands
        self.stdout.write(self.style.SUCCESS(f"Gazette is up at http://{options['addr']}/  (Ctrl-C stops everything)"))

        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, proc in procs.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with {proc.returncode}; stopping the others.")
                        stopping = True
                time.sleep(0.5)
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.time() + 10
            for proc in procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.time()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.stdout.write("Stopped.")
