"""zugong settings, driven by environment variables (see README)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from whitenoise.compress import Compressor

from config.env import env_bool, env_int, env_list, env_str, secret_key_file

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless asked for: the debug page shows settings and source to whoever causes an error.
DEBUG = env_bool("ZUGONG_DEBUG", False)
# Given, or made once into var/ and kept there (never a key written in the code, which anyone can read).
SECRET_KEY = env_str("ZUGONG_SECRET_KEY", "") or secret_key_file(
    Path(env_str("ZUGONG_SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key"))))
if SECRET_KEY == "zugong-development-only-secret-key-not-for-production-use-0123456789":
    raise ImproperlyConfigured("ZUGONG_SECRET_KEY 是曾公开的开发密钥，不能使用 (this key was published; set your own)")
ALLOWED_HOSTS = env_list("ZUGONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks_db",
    "zugong.core",
    "zugong.accounts",
    "zugong.organizations",
    "zugong.members",
    "zugong.dues",
    "zugong.development",
    "zugong.education",
    "zugong.statistics",
    "zugong.cadres",
    "zugong.surveys",
    "zugong.ballots",
    "zugong.appointments",
    "zugong.complaints",
    "zugong.branchlife",
    "zugong.assessments",
    "zugong.pairing",
    "zugong.campaigns",
    "zugong.performance",
    "zugong.talent",
    "zugong.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zugong.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zugong.accounts.middleware.PasswordChangeRequiredMiddleware",
    "zugong.core.middleware.ConflictMiddleware",
    "zugong.core.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "zugong.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'zugong.sqlite3'}"),
        conn_max_age=env_int("ZUGONG_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("ZUGONG_TEST_SQLITE", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name")}},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zugong.accounts.passwords.GuessablePasswordValidator"},
]
# Sign-in lockout counts per source address: REMOTE_ADDR, or behind a reverse proxy the last address of this
# header (e.g. X-Forwarded-For, X-Real-IP) — set it only when every request comes through that proxy.
ZUGONG_CLIENT_ADDRESS_HEADER = env_str("ZUGONG_CLIENT_ADDRESS_HEADER", "")
if ZUGONG_CLIENT_ADDRESS_HEADER and not ZUGONG_CLIENT_ADDRESS_HEADER.replace("-", "").isalnum():
    raise ImproperlyConfigured(f"ZUGONG_CLIENT_ADDRESS_HEADER={ZUGONG_CLIENT_ADDRESS_HEADER!r} 不是请求头名称 (e.g. X-Forwarded-For)")
# The address respondents type or scan (survey code slips' QR codes, links): e.g. https://dj.example.gov.cn —
# empty: the address the page was requested at (fine unless staff reach the server by another name).
ZUGONG_PUBLIC_BASE_URL = env_str("ZUGONG_PUBLIC_BASE_URL", "").rstrip("/")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("ZUGONG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic (run by `make run` / `make serve`) copies here; whitenoise serves from here in production.
STATIC_ROOT = Path(env_str("ZUGONG_STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
ZUGONG_NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "config.staticfiles.VendorFinder",  # the front-end files the templates use, under vendor/
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.staticfiles.ManifestStaticStorage"
    },
}
# Source maps are for a developer's browser tools only: not worth compressing (it was most of collectstatic's time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Pages link the hashed names only; the plain copies would double the work and the disk.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Uploaded files (workbooks waiting for an import, development-step attachments): in the backup with the database.
MEDIA_ROOT = Path(env_str("ZUGONG_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Where `manage.py backup` writes when given no file name.
ZUGONG_BACKUP_DIR = Path(env_str("ZUGONG_BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
# This installation's Ed25519 key for the statistics packages it reports upward (made once, like the secret key).
ZUGONG_REPORT_KEY_FILE = Path(env_str("ZUGONG_REPORT_KEY_FILE", str(BASE_DIR / "var" / "report_signing_key")))
# Member workbooks larger than this are checked and imported by the task worker, with a progress bar.
ZUGONG_IMPORT_INLINE_BYTES = env_int("ZUGONG_IMPORT_INLINE_BYTES", 100_000)
# Uploads (zugong/core/uploads.py, zugong/core/workbooks.py): the files of one request, a workbook unpacked, the
# data rows of one import; a background import unheard from this long is marked interrupted.
ZUGONG_UPLOAD_MAX_BYTES = env_int("ZUGONG_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
ZUGONG_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("ZUGONG_IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024)
ZUGONG_IMPORT_MAX_ROWS = env_int("ZUGONG_IMPORT_MAX_ROWS", 200_000)
ZUGONG_IMPORT_STALE_SECONDS = env_int("ZUGONG_IMPORT_STALE_SECONDS", 120)
FILE_UPLOAD_HANDLERS = [
    "zugong.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One cache for every process of the installation (the web server's workers, the task worker): files under var/,
# so that a page withdrawn from the public portal is gone in all workers at once (docs/decisions/0025-shared-page-cache.md).
# The tests keep theirs in memory, per process (conftest.py).
ZUGONG_CACHE_DIR = Path(env_str("ZUGONG_CACHE_DIR", str(BASE_DIR / "var" / "cache")))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(ZUGONG_CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": env_int("ZUGONG_CACHE_MAX_ENTRIES", 3000)},
    }
}

SESSION_COOKIE_AGE = env_int("ZUGONG_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("ZUGONG_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("ZUGONG_SSL_REDIRECT", False)
# Behind a reverse proxy that ends HTTPS: trust its X-Forwarded-Proto (only when every request comes through it).
if env_bool("ZUGONG_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("ZUGONG_CSRF_TRUSTED_ORIGINS", [])
SECURE_HSTS_SECONDS = env_int("ZUGONG_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZUGONG_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("ZUGONG_HSTS_PRELOAD", False)
# Offices run on closed networks: the browsers' public HSTS preload list does not apply.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (docs/decisions/0010-content-security-policy.md): scripts, styles, fonts
# and images only from this server (images also as data: — cadre photos, Bootstrap's form icons); no inline
# script, no inline style, no eval; never inside a frame. A page that must differ says so with csp_override.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZUGONG_LOG_LEVEL", "INFO")},
    # WeasyPrint (the printed cadre form) logs every layout step at INFO.
    "loggers": {"django.db.backends": {"level": "INFO"}, "weasyprint.progress": {"level": "WARNING"}},
}
