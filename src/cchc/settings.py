"""Settings, read from environment variables with safe development defaults.

`DATABASE_URL` selects the database (the embedded SQLite file under `var/` by default).
Production: set `CCHC_DEBUG=0`, `CCHC_SECRET_KEY`, `CCHC_ALLOWED_HOSTS`; see docs/deploy.md.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("CCHC_PROJECT_DIR", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("CCHC_DEBUG", True)
SECRET_KEY = os.environ.get("CCHC_SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("CCHC_SECRET_KEY must be set when CCHC_DEBUG=0")
ALLOWED_HOSTS = os.environ.get("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CCHC_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "cchc.core",
    "cchc.units",
    "cchc.workcal",
    "cchc.catalog",
    "cchc.dossiers",
    "cchc.reporting",
    "cchc.plans",
    "cchc.scoring",
    "cchc.feedback",
    "cchc.portal",
    "cchc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.units.context_processors.navigation_menu",
                "cchc.core.context_processors.portal",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}"),
        conn_max_age=int(os.environ.get("CCHC_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server and background commands use the file at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CCHC_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("CCHC_MEDIA_ROOT", VAR_DIR / "files"))  # never served directly

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = os.environ.get(
    "CCHC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cchc API",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cchc.core.openapi.drop_backend_integer_limits",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "cchc.dossiers.models.Status",
        "StepResultEnum": "cchc.dossiers.models.StepResult",
    },
}

# Background work: the Django tasks API with the database backend (`cchc db_worker` runs it;
# `cchc scheduler` enqueues the periodic jobs apps register in cchc.core.schedule).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CCHC_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_FROM_EMAIL", "cchc@localhost")

# Day-granularity classification (early/on time/late) is the default the forms use; see
# domain calendar.md §4.
CCHC_STRICT_TIMING = env_bool("CCHC_STRICT_TIMING", False)

# Short messages to citizens: a class with send(channel, to, text); the default only logs.
CCHC_MESSAGE_BACKEND = os.environ.get("CCHC_MESSAGE_BACKEND", "cchc.core.messaging.LoggingBackend")
# The address citizens reach the public portal at (links and QR codes in printed receipts).
CCHC_PUBLIC_URL = os.environ.get("CCHC_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
CCHC_PORTAL_NAME = os.environ.get("CCHC_PORTAL_NAME", "Cổng dịch vụ công")
# Rate limits of the portal's lookup and online submission per client address, as
# "requests/seconds" ("0": no limit); see cchc.portal.throttling.
CCHC_LOOKUP_RATE = os.environ.get("CCHC_LOOKUP_RATE", "20/600")
CCHC_SUBMIT_RATE = os.environ.get("CCHC_SUBMIT_RATE", "10/3600")
# Behind a reverse proxy that sets X-Forwarded-For, throttle by that address.
CCHC_TRUST_X_FORWARDED_FOR = env_bool("CCHC_TRUST_X_FORWARDED_FOR", False)

# The cache (rate limits of the public endpoints): local memory by default, counted per server
# process; CCHC_CACHE_URL=db://cchc_cache shares it between processes through the database
# (create the table once with `cchc createcachetable`).
_cache_url = os.environ.get("CCHC_CACHE_URL", "")
if _cache_url.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": _cache_url.removeprefix("db://") or "cchc_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The largest evidence file of the reform index (types are checked like dossier attachments).
CCHC_EVIDENCE_MAX_BYTES = int(os.environ.get("CCHC_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))

CSRF_FAILURE_VIEW = "cchc.core.views.csrf_failure"

if not DEBUG:
    SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]  # the load balancer's plain-HTTP health check
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CCHC_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("CCHC_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "cchc": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "INFO")}
    },
}
AUTH_USER_MODEL = "units.User"
