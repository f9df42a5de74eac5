"""gunicorn for production (`make serve-prod` runs it locally with production settings).

Workers and threads come from the environment: GUNICORN_WORKERS (default: 2 per CPU core + 1),
GUNICORN_THREADS (default 4: a worker serves several requests while others wait on PostgreSQL),
GUNICORN_BIND (default 127.0.0.1:8000; put a TLS-terminating proxy in front and set
TRUSTED_PROXY_COUNT). Static files stay on WhiteNoise inside the app.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request that takes longer than this is stuck, not busy: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Never log query strings: search terms are case data.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
wsgi_app = "relsafe.wsgi:application"
