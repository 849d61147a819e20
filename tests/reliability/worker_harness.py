"""A real Celery worker in a subprocess, on Redis and the test database, that can be SIGKILLed at any moment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """``celery worker -P solo`` consuming a queue of its own; ``kill()`` is a SIGKILL of its whole process
    group, as when the machine or the container dies. Unacknowledged messages (acks_late) come back after the
    broker's visibility timeout, set short here."""

    def __init__(self, log_dir: Path, *, visibility_timeout: int = 3) -> None:
        self.queue = f"faults-{uuid.uuid4().hex[:8]}"
        self.log_dir = log_dir
        self.visibility_timeout = visibility_timeout
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.kills = 0

    def _env(self) -> dict[str, str]:
        db = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_ENV="test", DJANGO_SETTINGS_MODULE="gazette.settings", REDIS_URL=settings.REDIS_URL,
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            CELERY_VISIBILITY_TIMEOUT=str(self.visibility_timeout), CELERY_UNACKED_RESTORE_INTERVAL="1",
            DB_CONN_MAX_AGE="0",
        )
        return env

    def start(self, timeout: float = 60) -> None:
        self.starts += 1
        log = self.log_dir / f"worker-{self.starts}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gazette", "worker", "-P", "solo", "-Q", self.queue,
             "-n", f"{self.queue}-{self.starts}@%h", "-l", "INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-I", "tests.reliability.fault_tasks", f"--logfile={log}"],
            cwd=ROOT, env=self._env(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited with {self.proc.returncode}; see {log}")
            if log.exists() and " ready." in log.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after {timeout}s; see {log}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
            self.kills += 1
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.proc = None

    def send_twice(self, task, *args, **kwargs) -> str:
        """Deliver the same task message (same id) twice, as a broker may after a network fault."""
        task_id = str(uuid.uuid4())
        for _ in range(2):
            task.apply_async(args=args, kwargs=kwargs, queue=self.queue, task_id=task_id)
        return task_id
