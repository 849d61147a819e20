"""Bench-only settings: the project's settings plus the bench urlconf (a bare view and a minimal DRF endpoint, the
baselines of bench_fund). Used only by ``make bench`` (``DJANGO_SETTINGS_MODULE=bench.settings``), never deployed."""

from gazette.settings import *  # noqa: F403 - the bench runs the real settings, only the urlconf differs

ROOT_URLCONF = "bench.urls"
