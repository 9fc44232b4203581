"""Settings for schoolsite, read once from the environment (see .env.example)."""

import os
import tempfile
from datetime import timedelta
from email.headerregistry import Address
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Debug only: a fixed key keeps dev sessions across autoreloads; check --deploy flags it.
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXIES must be 0 or more.")

TEACHER_SIGNUP_REQUIRES_APPROVAL = env.bool("TEACHER_SIGNUP_REQUIRES_APPROVAL", default=True)
SCHOOL_NAME = env.str("SCHOOL_NAME", default="schoolsite")  # navbar, page titles, mails
# Who may register as a student: anyone (open), with a class join code (code), or nobody:
# the school makes the accounts (closed).
STUDENT_SIGNUP = env.str("STUDENT_SIGNUP", default="").strip().lower() or "open"
if STUDENT_SIGNUP not in ("open", "code", "closed"):
    raise ImproperlyConfigured(
        f"STUDENT_SIGNUP must be open, code or closed, not {STUDENT_SIGNUP!r}."
    )

INSTALLED_APPS = [
    "accounts.apps.SchoolAdminConfig",  # django.contrib.admin, lists named in plain words
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "accounts.apps.SignInLockoutsConfig",  # django-axes, titled "Sign-in lockouts"
    "accounts",
    "students",
    "teachers",
    "classes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "schoolsite.middleware.private_when_varying_on_cookie",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "schoolsite.urls"
WSGI_APPLICATION = "schoolsite.wsgi.application"

TEMPLATES = [
    {
        # The site's pages (templates/): Jinja2, see schoolsite/templating.py. The backend gives
        # every page `request`, `csrf_input` and `csrf_token`. Unlike Django's language, what
        # context processors give (user, perms, messages) overrides a view's own context:
        # views do not use those names.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "schoolsite.templating.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The admin and crispy-forms' field templates; templates/django/ overrides some of them.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url style through DATABASE_URL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock up front,
        # so concurrent writers queue on the busy timeout instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not memory, so concurrent tests meet SQLite's real locking.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"schoolsite-test-{os.getpid()}.sqlite3")
    }
else:
    # A persistent connection is checked (SELECT 1) before a request first uses it, so a
    # restarted database or a failover costs no failed request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background tasks (roster imports from the admin): queued in the database every app server
# shares, run by `manage.py db_worker` (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Accounts and sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",  # new hashes; upgrades the ones below
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "email", "first_name", "last_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Lockout (django-axes): an (account, client IP) pair is locked after repeated failures, and
# an account after many failures from all clients together (accounts.account_lock).
AXES_FAILURE_LIMIT = env.int("LOCKOUT_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOCKOUT_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.canonical_username"
AXES_CLIENT_IP_CALLABLE = "accounts.ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HANDLER = (
    "accounts.lockout.SharedCacheHandler" if REDIS_URL else "accounts.lockout.DatabaseHandler"
)
LOCKOUT_ACCOUNT_FAILURE_LIMIT = env.int("LOCKOUT_ACCOUNT_FAILURE_LIMIT", default=50)
LOCKOUT_ACCOUNT_WINDOW_MINUTES = env.int("LOCKOUT_ACCOUNT_WINDOW_MINUTES", default=60)
if LOCKOUT_ACCOUNT_FAILURE_LIMIT < 1 or LOCKOUT_ACCOUNT_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured(
        "LOCKOUT_ACCOUNT_FAILURE_LIMIT and LOCKOUT_ACCOUNT_WINDOW_MINUTES must be 1 or more."
    )
# Wrong class join codes one client may type before waiting (classes.throttle). The count
# lives in the cache: shared by every server with REDIS_URL, per process without it.
JOIN_CODE_FAILURE_LIMIT = 10
JOIN_CODE_FAILURE_WINDOW_MINUTES = 15
# Unknown or voided sign-in badges one client may open before waiting (accounts.badges).
BADGE_FAILURE_LIMIT = 10
BADGE_FAILURE_WINDOW_MINUTES = 15
BADGE_MAX_DAYS = 365  # a card of a class without terms stops after a year

# Sessions and cookies
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
if SESSION_COOKIE_AGE > 60 * 60 * 24 * 30:
    raise ImproperlyConfigured("DJANGO_SESSION_COOKIE_AGE may be at most 30 days (2592000).")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# HTTP security headers
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe app servers over plain HTTP
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Mail
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(EMAIL_URL))
if EMAIL_URL.startswith("filemail:"):
    EMAIL_FILE_PATH = urlsplit(EMAIL_URL).path  # django-environ drops the leading "/"
if EMAIL_URL.startswith("smtp:") and urlsplit(EMAIL_URL).port == 587:
    EMAIL_USE_TLS = True  # port 587 is submission with STARTTLS; django-environ leaves it off
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=str(Address(SCHOOL_NAME, addr_spec="noreply@localhost"))
)

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# Static files, served by whitenoise in production (after collectstatic).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DIRECTORY_PAGE_SIZE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"refusals_without_traceback": {"()": "schoolsite.log.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "schoolsite.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A 403 or 400 is an ordinary event: one line; a 5xx keeps its traceback.
        "django.request": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
            "filters": ["refusals_without_traceback"],
        },
    },
}
