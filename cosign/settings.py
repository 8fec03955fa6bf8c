"""Cosign's one settings module: every knob is an environment variable with a working default.

With nothing set, Cosign runs on SQLite, runs Celery tasks in-process and keeps outgoing mail in a
file outbox. Set DATABASE_URL and REDIS_URL and the same code runs on PostgreSQL with Redis as the
Celery broker, result store and cache; CELERY_BROKER_URL makes RabbitMQ the broker.
"""

import zoneinfo
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cosign import beat, logs, queues, rest, storage
from cosign.env import env_bool, env_int, env_list, env_rate, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-do-not-deploy"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Absolute links in emails are built from this, since Celery tasks have no request to ask.
SITE_URL = env_url(
    "SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}", schemes={"http", "https"}
).rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Cosign")

try:
    TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA time zone such as America/New_York, not {TIME_ZONE!r}"
    ) from None
USE_TZ = True
LANGUAGE_CODE = "en-us"
USE_I18N = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "cosign.outbox",
    "campaigns.congress",
    "campaigns.letters",
    "campaigns.signatures",
    "campaigns.documents",
    "campaigns.delivery",
    "campaigns.circulation",
    "campaigns.webhooks",
    "campaigns.api",
    "campaigns.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cosign.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it sees a view's database errors first.
    "cosign.errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cosign.urls"
WSGI_APPLICATION = "cosign.wsgi.application"
ASGI_APPLICATION = "cosign.asgi.application"

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
                "cosign.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "cosign.forms.FormRenderer"

# Databases ----------------------------------------------------------------------------------

DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    schemes={"sqlite", "postgres", "postgresql", "pgsql"},
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers wait for it
    # (up to the timeout) instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis and the broker: cache, counters, Celery's results; RabbitMQ or Redis for tasks -----

REDIS_URL = env_url("REDIS_URL", "", schemes={"redis", "rediss", "unix"})

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cosign.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cosign",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The Celery broker: RabbitMQ (amqp://) or Redis, REDIS_URL's unless set. Redis stays the
# cache, the counters, the streams' pub/sub and the result store (the PDF's chord reads it).
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", REDIS_URL, schemes={"amqp", "amqps", "redis", "rediss", "unix"}
)
if CELERY_BROKER_URL and not REDIS_URL:
    raise ImproperlyConfigured("CELERY_BROKER_URL needs REDIS_URL too: Redis keeps the results")
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker, tasks run in the process that queues them (still only after commit).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it has finished, and a worker that dies mid-task hands it
# back to the queue; tasks check their row's status first, so running one twice is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands a task no worker has acknowledged to another worker after visibility_timeout;
# RabbitMQ gives it back as soon as the worker's connection drops.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The server's consumer_timeout (RabbitMQ's default): see cosign/queues.py.
RABBITMQ_CONSUMER_TIMEOUT_SECONDS = env_int("RABBITMQ_CONSUMER_TIMEOUT_SECONDS", 1800, minimum=60)
# No task waits longer than this before it runs (a delivery's next attempt, a retry's pause):
# half the broker's limit on an unacknowledged task. cosign.celery.Task refuses a longer
# countdown or ETA.
TASK_PAUSE_MAX_SECONDS = queues.pause_max_seconds(
    CELERY_BROKER_URL,
    visibility_timeout=CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
    consumer_timeout=RABBITMQ_CONSUMER_TIMEOUT_SECONDS,
)
# A task that met a database outage runs again after pauses that grow up to this (the services
# suite's fault tests set 10: what a restart delayed goes out within seconds).
TASK_RETRY_BACKOFF_MAX_SECONDS = env_int("TASK_RETRY_BACKOFF_MAX_SECONDS", 60, minimum=1)
# Queues by kind of work (cosign/queues.py), named after this one; processes sharing one
# broker can keep their tasks apart with a name of their own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_TASK_QUEUES = queues.declared(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_ROUTES = (queues.route,)
# Beat remembers when each entry last ran here (and in its .db/.dat/.dir siblings), in var/.
CELERY_BEAT_SCHEDULER = "cosign.celery:PersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = beat.SCHEDULE

# The outbox (cosign/outbox): its sweep, leases and retries, as the README's Settings table says.
OUTBOX_SWEEP_AFTER_SECONDS = env_int("OUTBOX_SWEEP_AFTER_SECONDS", 60, minimum=0)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300, minimum=1)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 30, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10, minimum=1)
# No broker: `make run` sets this to send the outbox from a thread, not in the request.
OUTBOX_IN_BACKGROUND = env_bool("OUTBOX_IN_BACKGROUND", False)

# Delivery of letters: retries (at most TASK_PAUSE_MAX_SECONDS apart), giving up and the
# sweeper's leases, as the README's Settings table says.
DELIVERY_RETRY_SECONDS = env_int("DELIVERY_RETRY_SECONDS", 60, minimum=1)
DELIVERY_GIVE_UP_HOURS = env_int("DELIVERY_GIVE_UP_HOURS", 24, minimum=1)
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 600, minimum=1)
DELIVERY_SWEEP_AFTER_SECONDS = env_int("DELIVERY_SWEEP_AFTER_SECONDS", 120, minimum=1)

# Webhooks (campaigns/webhooks): retries, pausing, leases and the log's life are explained in
# the README's Settings table. Private addresses are never called; loopback only if allowed.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)
WEBHOOK_RETRY_SECONDS = env_int("WEBHOOK_RETRY_SECONDS", 30, minimum=1)
WEBHOOK_GIVE_UP_HOURS = env_int("WEBHOOK_GIVE_UP_HOURS", 24, minimum=1)
WEBHOOK_PAUSE_AFTER_FAILURES = env_int("WEBHOOK_PAUSE_AFTER_FAILURES", 10, minimum=1)
WEBHOOK_PAUSE_AFTER_SECONDS = env_int("WEBHOOK_PAUSE_AFTER_SECONDS", 3600, minimum=0)
WEBHOOK_LEASE_SECONDS = env_int("WEBHOOK_LEASE_SECONDS", 60, minimum=1)
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", False)
WEBHOOK_KEEP_DAYS = env_int("WEBHOOK_KEEP_DAYS", 30, minimum=1)

# A letter PDF whose rendering has not moved for DOCUMENT_LEASE_SECONDS lost its worker: the
# sweeper queues it again, and only its missing parts are rendered.
DOCUMENT_LEASE_SECONDS = env_int("DOCUMENT_LEASE_SECONDS", 300, minimum=1)

# Signers' contact details (email, phone, the staffer's name) are removed this many days after
# the letter is delivered, and so are the team's staff contacts once unused (circulation).
PURGE_PERSONAL_DATA_AFTER_DAYS = env_int("PURGE_PERSONAL_DATA_AFTER_DAYS", 90, minimum=0)

# A sign-on whose email link was not followed within this many hours lapses (its link too).
SIGNON_LAPSE_HOURS = env_int("SIGNON_LAPSE_HOURS", 48, minimum=1)
# Confirmation emails sent to one Member's office for one letter in a day: anyone may type an
# office's address. Past this a sign-on is kept without an email, for the organizers to confirm
# with the office by phone.
CONFIRMATIONS_PER_OFFICE_PER_DAY = env_int("CONFIRMATIONS_PER_OFFICE_PER_DAY", 5, minimum=1)

# Seconds between keep-alive comments on an idle live count stream.
STREAM_HEARTBEAT_SECONDS = env_int("STREAM_HEARTBEAT_SECONDS", 15, minimum=1)

# Email ---------------------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_OUTBOX_DIR = Path(env_str("EMAIL_OUTBOX_DIR", str(BASE_DIR / "var" / "outbox")))
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "cosign.mail.OutboxEmailBackend"

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cosign <cosign@localhost>")
if "@" not in parseaddr(DEFAULT_FROM_EMAIL)[1]:
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL must be an email address such as "
        f"'Cosign <letters@example.org>', not {DEFAULT_FROM_EMAIL!r}"
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts ------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "letters:dashboard"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# allauth's own limits, counted in the cache; the actions not named keep allauth's defaults.
# One address is held back after fewer failed logins than an account's ceiling (10 in 10
# minutes), so one address guessing a password cannot lock its owner out.
# templates/429.html promises another try within ten minutes: keep every window that short.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/10m/ip,10/10m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# The public directory of Congress (github.com/unitedstates/congress-legislators, CC0): the
# project keeps an unmodified copy of its files, which the demo seed and `manage.py
# import_legislators` read unless LEGISLATORS_DATA_DIR names another folder. `import_legislators
# --upstream` downloads the latest from LEGISLATORS_UPSTREAM_URL instead.
LEGISLATORS_DATA_DIR = Path(
    env_str(
        "LEGISLATORS_DATA_DIR",
        str(BASE_DIR / "campaigns" / "congress" / "data" / "congress-legislators"),
    )
)
LEGISLATORS_UPSTREAM_URL = env_url(
    "LEGISLATORS_UPSTREAM_URL",
    "https://unitedstates.github.io/congress-legislators/",
    schemes={"http", "https"},
)

# Abuse limits, per client IP and action: "count/seconds".
RATE_LIMITS = {
    "sign": env_rate("RATE_LIMIT_SIGN", "10/600"),
    "confirm": env_rate("RATE_LIMIT_CONFIRM", "30/600"),
    "resend": env_rate("RATE_LIMIT_RESEND", "5/600"),
}
# The API (campaigns/api): DRF's and drf-spectacular's settings are in cosign/rest.py.
REST_FRAMEWORK = rest.FRAMEWORK
SPECTACULAR_SETTINGS = rest.spectacular(SITE_NAME)
API_RATE_LIMITS = {"token": env_str("API_RATE_LIMIT_TOKEN", "600/min"),
                   "anonymous": env_str("API_RATE_LIMIT_ANONYMOUS", "120/min")}  # fmt: skip
# How many proxies in front of us append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
# allauth finds the client for its login limits the same way.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_HOPS

# Static and uploaded files -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# In development the ASGI server serves static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    # The local disk, or an S3-compatible store named by STORAGE_URL / AWS_* (cosign/storage.py).
    "default": storage.default_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security ------------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOGGING = logs.config(LOG_LEVEL)
