"""gunicorn settings (生产环境 Web 服务器) for `make run`, `make serve` and docs/deploy/zugong-web.service.

Why gunicorn and these numbers: docs/decisions/0013-production-server.md; measured in bench/README.md.
Environment: ZUGONG_WEB_WORKERS (processes), ZUGONG_WEB_TIMEOUT (seconds one request may take).
"""

import os

from config.env import env_int

# Pages spend most of their time in Python (templates, the ORM), which one process runs on one core at a time:
# one sync worker per core and one more to cover the moments a worker waits on the database or the network.
workers = env_int("ZUGONG_WEB_WORKERS", (os.cpu_count() or 1) + 1)
worker_class = "sync"
# A whole county's Excel export or a printed form can take tens of seconds; gunicorn's 30 s would kill it.
timeout = env_int("ZUGONG_WEB_TIMEOUT", 120)
graceful_timeout = 30
# The application is loaded once, before the workers are forked: a worker starts (and is replaced) in
# milliseconds instead of importing Django again, and the workers share the loaded code's memory. Nothing
# connects to the database while loading (Django connects on a request's first query), so no connection is
# shared between processes. Without this, every worker replaced below stopped serving for the seconds an import
# takes on a busy machine: the load bench saw a p95 of 12-16 s on the code entry page.
preload_app = True
# A worker that grew on a large export is replaced after a while (jitter: not all at the same moment).
max_requests = 5000
max_requests_jitter = 2500
# No access log: lines of /s/<code>/ with their times could put anonymous survey answers in order
# (docs/architecture.md, surveys). Errors go to standard error, which systemd's journal keeps.
accesslog = None
errorlog = "-"
# The reverse proxy's X-Forwarded-* headers are trusted from this machine only (gunicorn's default, stated).
forwarded_allow_ips = "127.0.0.1,::1"
# gunicorn's control socket (one path per user, ~/.gunicorn/gunicorn.ctl) is not used: systemd or make stop it.
control_socket_disable = True


def pre_fork(server, worker):
    """No worker inherits a database connection from the arbiter (one connection used by two processes corrupts
    both); loading opens none today, and this keeps it so."""
    from django.db import connections

    connections.close_all()
