"""Production configuration is refused when incomplete and passes `check --deploy` when complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "DJANGO_ENV", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    result = _manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="gazette.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_check_deploy_is_clean():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="p" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="gazette.example.cn",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_time_and_language_settings():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)


def test_the_filesystem_broker_keeps_its_exchange_tables_under_var(tmp_path):
    """Without Redis the local run uses kombu's filesystem transport; binding a queue writes the exchange table.
    It goes to var/broker/control, not to a ./control folder in whatever directory the process started from."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from gazette.celery import app\n"
        "with app.connection_for_write() as conn:\n"
        "    app.amqp.queues['celery'].bind(conn.default_channel).declare()\n"
        "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS['control_folder'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="gazette.settings", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    control = Path(result.stdout.strip().splitlines()[-1])
    assert control == ROOT / "var" / "broker" / "control"
    assert (control / "celery.exchange").exists()
    assert not (tmp_path / "control").exists()
