"""Colloquy settings, read from the environment; development defaults apply only with DEBUG on."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.mail_url import mailer_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Production refuses a missing or guessable key (the limits of Django's own deploy check).
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value, at least 50 characters (for example from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or DEBUG=1 for "
        "development."
    )
if not SECRET_KEY:
    SECRET_KEY = "development-only-secret-key-never-used-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "classroom",
    "articles",
    "discussions",
    # Background tasks (the daily e-mail digest) kept in the database; `manage.py db_worker`.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Vary, Cache-Control for signed-in people, Permissions-Policy and CORP (config/headers.py).
    "config.headers.ResponseHeadersMiddleware",
    # Static files straight from the app server, before sessions or auth touch the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside an LMS frame: partitioned cookies, and frame-ancestors naming the platform.
    "classroom.lti.frames.LmsFrameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A live-update poll that finds nothing new is answered here, from the session and the cache.
    "discussions.reading.live_views.QuietPollMiddleware",
    # The browser's Accept-Language picks the language (English when it names none we have)...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ...unless the signed-in person chose one in their account settings.
    "classroom.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "classroom.middleware.ValidationErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear "try later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "config.templates.Templates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "discussions.notifications.context_processors.notices",
            ],
        },
    },
]

# SQLite by default, tuned for concurrent classroom writes; PostgreSQL when DATABASE_URL is set.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "config.sqlite",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            # Tests in memory, as for Django's own SQLite engine (which test tools recognise by
            # its name only).
            "TEST": {"NAME": ":memory:"},
            # A connection per request would start each page with SQLite's page cache empty
            # and read its index pages again; kept, like PostgreSQL's, it keeps them.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# Where `manage.py backup` writes when given no path (git-ignored in a checkout).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "classroom.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Always listed, so people who signed in with their school stay signed in if it is turned
    # off; it answers only a school sign-in coming back (classroom/sso).
    "classroom.sso.backend.SchoolSignInBackend",
]

# Repeated wrong passwords for one account from one address lock that pair out for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Login lock-outs are counted in database rows, raised under a row lock, so every server sees
# the same count (django-axes' own default, named here because it matters).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign in with a school account (OpenID Connect, docs/sso.md): on when SSO_ISSUER, SSO_CLIENT_ID and
# SSO_CLIENT_SECRET are all set. The issuer's endpoints and keys are read from its discovery
# document when someone first signs in this way, never here. SSO_NAME names it on the button
# ("Sign in with <name>"); SSO_ALLOWED_DOMAIN admits only verified addresses of that domain.
SSO_ISSUER = os.environ.get("SSO_ISSUER", "").strip().rstrip("/")
SSO_CLIENT_ID = os.environ.get("SSO_CLIENT_ID", "").strip()
SSO_CLIENT_SECRET = os.environ.get("SSO_CLIENT_SECRET", "").strip()
SSO_NAME = os.environ.get("SSO_NAME", "").strip()
SSO_ALLOWED_DOMAIN = os.environ.get("SSO_ALLOWED_DOMAIN", "").strip().lstrip("@").lower()
_sso_required = {
    "SSO_ISSUER": SSO_ISSUER,
    "SSO_CLIENT_ID": SSO_CLIENT_ID,
    "SSO_CLIENT_SECRET": SSO_CLIENT_SECRET,
}
if any(_sso_required.values()) and not all(_sso_required.values()):
    missing = ", ".join(name for name, value in _sso_required.items() if not value)
    raise ImproperlyConfigured(
        f"School sign-in needs SSO_ISSUER, SSO_CLIENT_ID and SSO_CLIENT_SECRET together; "
        f"set {missing} too, or none of them to leave it off."
    )
# mozilla-django-oidc, which runs the sign-in: the id_token is signed with the issuer's RSA keys
# (its JWKS), and PKCE binds the code to this browser on top of `state` and `nonce`.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "classroom:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves compressed files under content-hashed names (cached for a year) after
# `collectstatic`; development keeps plain names so no collect step is needed.
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
# Development (and the test suite, which turns settings.DEBUG off) finds static files in the
# apps as they change, with no collect step and no warning about a missing STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Outgoing mail: EMAIL_URL (see config/mail_url.py) or the EMAIL_HOST settings in production,
# the console in development unless either is set.
if os.environ.get("EMAIL_URL"):
    MAILERS = {"default": mailer_from_url(os.environ["EMAIL_URL"])}
elif os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "colloquy@localhost")
# Links in e-mails are absolute: the address people open Colloquy at, without a trailing slash.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Caches: each server process's own memory by default; with REDIS_URL (redis://host:6379/0) one
# Redis that every app server shares, so LMS service tokens are fetched once for all of them and
# a restarted or added server reuses the comments the others rendered (docs/deployment.md,
# "Several app servers"). Redis is only ever a shortcut: when it fails, pages are served without
# it (config/caches.py). CACHE_KEY_PREFIX keeps two sites on one Redis database apart.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "colloquy").strip()
# How many rendered comments and forms a server process keeps for reuse (about 2 KB each), the
# ones it used last; with REDIS_URL they also stay in Redis for FRAGMENT_CACHE_SECONDS, where
# every server finds them (config/caches.LocalFirstCache).
FRAGMENT_CACHE_ENTRIES = int(os.environ.get("FRAGMENT_CACHE_ENTRIES", "20000"))
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(60 * 60 * 24 * 7)))
if REDIS_URL:
    _redis = {
        "BACKEND": "config.caches.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        # Short waits: a page is better served slower without the cache than not at all.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": _redis | {"KEY_PREFIX": CACHE_KEY_PREFIX},
        "fragments": {
            "BACKEND": "config.caches.LocalFirstCache",
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-fragments",
            "OPTIONS": {"MAX_ENTRIES": FRAGMENT_CACHE_ENTRIES, "SHARED": "shared-fragments"},
        },
        "shared-fragments": _redis
        | {"KEY_PREFIX": f"{CACHE_KEY_PREFIX}-fragments", "TIMEOUT": FRAGMENT_CACHE_SECONDS},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {
            "BACKEND": "config.caches.LocalFirstCache",
            "OPTIONS": {"MAX_ENTRIES": FRAGMENT_CACHE_ENTRIES},
        },
    }
# Sessions stay in the database, which every server shares, with or without Redis: a session is
# one primary-key read a request, and with cache_db a sign-out while Redis was unreachable could
# leave the signed-out session in Redis to come back when it does. Django's own database
# sessions, whose read can bring along what a quiet live-update poll checks (config/sessions.py).
SESSION_ENGINE = "config.sessions"

# Background tasks wait in the database until `manage.py db_worker` (`make worker`) runs them;
# on PostgreSQL workers on several machines each claim a different task (SKIP LOCKED row locks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Security headers. No inline script or style anywhere: htmx loads from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Colloquy runs inside LMS iframes (LTI), where the LMS is the top-level site: only
# SameSite=None cookies reach it there, browsers take those only when Secure, and Chromium
# keeps them in a third-party frame when Partitioned (LmsFrameMiddleware adds that). Over plain
# HTTP in development some browsers (Safari; any browser at a LAN address) drop Secure cookies,
# so development keeps ordinary Lax cookies unless LMS_FRAME_COOKIES=1 (the tests turn it on).
LMS_FRAME_COOKIES = env_bool("LMS_FRAME_COOKIES", not DEBUG)
SESSION_COOKIE_SAMESITE = "None" if LMS_FRAME_COOKIES else "Lax"
CSRF_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SECURE = LMS_FRAME_COOKIES or not DEBUG
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Importing a reading from a URL never reaches loopback, private, link-local or reserved
# addresses; development may allow them to import from a server on this machine.
READING_FETCH_ALLOW_PRIVATE = env_bool("READING_FETCH_ALLOW_PRIVATE", False)

# LTI Dynamic Registration reads an LMS's configuration from the address the LMS gives; it never
# reaches loopback or private addresses in production. Development and tests run their LMS on
# this machine.
LTI_ALLOW_PRIVATE_PLATFORMS = env_bool("LTI_ALLOW_PRIVATE_PLATFORMS", DEBUG)

# Who may create courses and import readings: "open" lets anyone signed in; "approved" only
# accounts a site admin approved as teachers (admin, or `manage.py grant_teacher`), people
# already instructing a course, and site admins. Production defaults to "approved".
TEACHING_SIGNUP = os.environ.get("TEACHING_SIGNUP", "open" if DEBUG else "approved").strip()
if TEACHING_SIGNUP not in {"open", "approved"}:
    raise ImproperlyConfigured(
        f"TEACHING_SIGNUP must be 'open' or 'approved', not {TEACHING_SIGNUP!r}."
    )
# Imports from a file or web address one account may start in any hour (each fetch costs).
READING_IMPORT_LIMIT_PER_HOUR = int(os.environ.get("READING_IMPORT_LIMIT_PER_HOUR", "20"))

# Invitations to a course one teacher may e-mail in any hour (each goes to a stranger's inbox).
INVITATIONS_PER_HOUR = int(os.environ.get("INVITATIONS_PER_HOUR", "200"))

# People one class-list CSV may bring into a course; a file may be 1 KB a row at most.
ROSTER_IMPORT_MAX_ROWS = int(os.environ.get("ROSTER_IMPORT_MAX_ROWS", "1000"))

# Comment length is capped so any comment renders quickly and predictably.
COMMENT_MAX_LENGTH = 10_000
# Posts one person may make in any minute, across the site (a friendly wait message beyond).
COMMENT_RATE_LIMIT_PER_MINUTE = int(os.environ.get("COMMENT_RATE_LIMIT_PER_MINUTE", "8"))
# An open discussion asks the server for new comments this often (only while its tab is visible).
LIVE_UPDATES_SECONDS = int(os.environ.get("LIVE_UPDATES_SECONDS", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
