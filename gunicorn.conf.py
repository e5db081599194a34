"""Gunicorn settings for Colloquy (`gunicorn -c gunicorn.conf.py`); the environment overrides."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# Behind a reverse proxy on the same machine; set GUNICORN_BIND=unix:/run/colloquy/gunicorn.sock
# to use a socket instead.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Each sync worker handles one request at a time; 2 * cores + 1 keeps the cores busy while
# some workers wait on the database. GUNICORN_THREADS > 1 switches to threaded workers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# The heartbeat file lives in memory, so a slow or full disk never makes workers look dead.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# A request that takes longer than this is stuck: the worker is replaced. On restart or HUP,
# workers get this long to finish what they are doing.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Access and error logs on stdout/stderr, where systemd's journal picks them up;
# GUNICORN_ACCESS_LOG= (empty) turns the access log off, e.g. for load tests.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
proc_name = "colloquy"

# gunicornc's control socket defaults to one path per user, which several servers on one
# machine (tests, load tests) would fight over: only where GUNICORN_CONTROL_SOCKET says.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
