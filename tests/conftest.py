"""Shared fixtures: one user per role plus an outsider, a real Celery worker on Redis, real Chromium."""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings

from tests.factories import OrganisationFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test body are still
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-9"

pytest_plugins = ["tests.engine_fixtures"]


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _reference_regions(request):
    """Regions are migration data; a transactional test's flush removes them, so put them back for each test
    that uses the database."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    elif request.node.get_closest_marker("django_db") is None:
        return
    from gazette.orgs.models import Region
    from gazette.orgs.services import regions_load

    if not Region.objects.filter(code="140000").exists():
        regions_load()
    from gazette.rules.models import Regulation
    from gazette.rules.services import regulations_load

    if not Regulation.objects.exists():
        regulations_load()
    from gazette import refdata

    refdata.reset_all()  # rows cached by an earlier test were rolled back or flushed


@pytest.fixture(autouse=True)
def _default_language():
    """A request with ``Accept-Language: en`` leaves English active in the thread (LocaleMiddleware does not
    reset it); later tests would then see English messages. Every test starts in the default language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def make_user(db):
    def _make(role: str | None = None, *, organisation=None, **kwargs):
        user = UserFactory(organisation=organisation or OrganisationFactory(), **kwargs)
        user.set_password(PASSWORD)
        user.save()
        if role:
            from django.contrib.auth.models import Group

            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return _make


@pytest.fixture
def clerk(make_user):
    return make_user("clerk")


@pytest.fixture
def outsider(make_user):
    return make_user(None)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# --- Celery ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def celery_worker_app():
    if not settings.REDIS_URL:
        pytest.skip("Redis is not reachable: the real-worker tests need it (set REDIS_URL).")
    from gazette.celery import app

    app.conf.broker_url = settings.REDIS_URL
    return app


@pytest.fixture
def celery_worker(celery_worker_app, transactional_db):
    """A real Celery worker thread consuming from Redis, against the test database."""
    from celery.contrib.testing.worker import start_worker

    celery_worker_app.control.purge()
    with start_worker(celery_worker_app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker


# --- Browser --------------------------------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def browser_login(page, live_server):
    def _login(user, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login
