"""Gazette settings.

Every value comes from the environment (see README "Configuration"); production differs from the local run only
by environment values. ``DJANGO_ENV=production`` turns on the secure defaults and refuses to start without the
secrets it needs.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be one of development, test, production (got {DJANGO_ENV!r})."
    )
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (DJANGO_ENV=production) Gazette refuses to start without a "
            "secret key: set SECRET_KEY to a random string of at least 50 characters."
        ) from exc
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="dev-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz-gazette"
    )
    DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Engine parts, each a small app.
    "gazette.accounts",
    "gazette.orgs",
    "gazette.audit",
    "gazette.api",
    "gazette.ui",
    "gazette.rules",
    "gazette.workcalendar",
    "gazette.workflow",
    "gazette.deadlines",
    "gazette.notifications",
    "gazette.notices",
    "gazette.documents",
    "gazette.incidents",
    # Regulation apps, one per regulation.
    "fund",
    "collection",
    "credit",
    "tailings",
    "property",
]
# Test-only app with a small case workflow that exercises every engine path.
if DJANGO_ENV == "test":
    INSTALLED_APPS.append("tests.workflow_app")
# How often a process checks that its copies of the reference tables are current (gazette/refdata.py): a change
# reaches every process within this many seconds; tests check on every read.
REFDATA_CHECK_SECONDS = env.float("REFDATA_CHECK_SECONDS", default=0.0 if DJANGO_ENV == "test" else 2.0)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gazette.accounts.twofactor.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gazette.accounts.middleware.AbsoluteSessionLimitMiddleware",
    "gazette.accounts.middleware.NoStoreForAuthenticatedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Must be last: turns failed logins into lockouts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gazette.urls"
WSGI_APPLICATION = "gazette.wsgi.application"
ASGI_APPLICATION = "gazette.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gazette.ui.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
# DATABASE_URL wins; without it the local run uses an embedded SQLite file under var/.
VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gazette.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Broker and cache ----------------------------------------------------------------------------------------
# REDIS_URL selects Redis for Celery and the cache. Without it the local run uses kombu's filesystem transport
# under var/broker, so `make run` needs nothing but this checkout.
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # An unacknowledged message (its worker died) is delivered again once it is this many seconds old; workers
    # look for such messages every CELERY_UNACKED_RESTORE_INTERVAL seconds (kombu's default is ~100 s).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": 1,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="gazette"),
        }
    }
else:
    if PRODUCTION:
        raise ImproperlyConfigured("REDIS_URL is not set. Production needs Redis for Celery and the cache.")
    for sub in ("in", "out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # The exchange-to-queue tables; kombu's default is ./control, relative to wherever the process started.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A message started this many times without finishing (it kills its worker) becomes an incident (issue 7).
GAZETTE_TASK_MAX_DELIVERIES = env.int("GAZETTE_TASK_MAX_DELIVERIES", default=5)
# The MQTT broker the tailings monitoring bridge subscribes to (manage.py tailings_mqtt_bridge).
TAILINGS_MQTT_HOST = env.str("TAILINGS_MQTT_HOST", default="127.0.0.1")
TAILINGS_MQTT_PORT = env.int("TAILINGS_MQTT_PORT", default=1883)
TAILINGS_MQTT_TOPIC = env.str("TAILINGS_MQTT_TOPIC", default="gazette/tailings/readings")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one place that defines the periodic schedule; engine parts add their entries in gazette/celery.py.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Auth and sessions ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend + the user's organisation joined. It replaced the plain ModelBackend before any deployment: a
    # session signed in through that one (development only) simply has to sign in again.
    "gazette.accounts.backends.UserWithOrganisationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every other environment keeps Django's default (PBKDF2, a million rounds: about half a second a password on these
# machines). Tests create thousands of accounts and never test the hash, so they use a fast one.
if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "ui:inbox"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session cookie lives 30 minutes and every request renews it.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute limit: whatever the activity, a session ends 12 hours after sign-in.
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Staff two-factor sign-in (TOTP), on in production (gazette/accounts/twofactor.py).
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Gazette")

# django-axes: set explicitly rather than relying on library defaults.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
# Lock the account after 5 failures, and also a single address spraying passwords across accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # no anonymous user row: anonymous visitors hold no object permissions

# --- Security ------------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Internationalisation ------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gazette@localhost")

# --- API -----------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gazette.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "gazette.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "gazette.api.schema.GazetteAutoSchema",
    "EXCEPTION_HANDLER": "gazette.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gazette API",
    "DESCRIPTION": "山西省政府公报规章事项办理平台 API (Gazette case-management portal).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets are served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every case model has a field called "state"; give each app's state enum its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "FundApplicationStateEnum": "fund.choices.ApplicationState",
        "FundRecoveryStateEnum": "fund.choices.RecoveryState",
        "FundDocumentCodeEnum": "fund.choices.DocumentCode",
        "FundApplicationKindEnum": "fund.choices.ApplicationKind",
        "FundReportKindEnum": "fund.choices.ReportKind",
        "FundObligationKindEnum": "fund.choices.ObligationKind",
        "FundReportStateEnum": "fund.choices.ReportState",
        "FundObligationStateEnum": "fund.choices.ObligationState",
        "ClueStateEnum": "collection.choices.ClueState",
        "TailingsClosureTriggerEnum": "tailings.choices.ClosureTrigger",
        "TailingsAlarmLevelEnum": "tailings.choices.AlarmLevel",
        "TailingsAlarmKindEnum": "tailings.choices.AlarmKind",
        "TailingsProjectKindEnum": "tailings.choices.ProjectKind",
        "CreditGradeEnum": "credit.choices.Grade",
        "CreditEnterpriseKindEnum": "credit.choices.EnterpriseKind",
        "StarRevocationGroundEnum": "credit.choices.RevocationGround",
        "PropertyTriggerEnum": "property.choices.Trigger",
        "PropertyEndGroundEnum": "property.choices.EndGround",
        "PropertyDissolutionGroundEnum": "property.choices.DissolutionGround",
        "PropertyMemberKindEnum": "property.choices.MemberKind",
        "PropertyMeetingKindEnum": "property.choices.MeetingKind",
        "PropertyNoticeKindEnum": "property.choices.NoticeKind",
    },
    # The schema and its browser are for signed-in users and API clients only (authorisation matrix, issue 7).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# --- Logging -------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "gazette.audit.masking.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
