# Production image: gunicorn serves the web app, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DJANGO_ENV=production
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY gazette/__init__.py gazette/__init__.py
RUN pip install --upgrade pip && pip install .
COPY . .
RUN pip install --no-deps -e . \
 && SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789abcdef ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput -v0 \
 && SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789abcdef ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 python manage.py compilemessages -v0 \
 && useradd --system --uid 1000 gazette && mkdir -p /app/var/media && chown -R gazette /app/var
USER gazette

EXPOSE 8000
CMD ["gunicorn", "gazette.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
