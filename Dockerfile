# modstream worker image: `docker build -t modstream .` then `docker run modstream` (or docker-compose.yml).
# python:3.11-slim, the package installed with pip (no build tools needed: every dependency ships
# manylinux wheels), the model and config copied in, running as an unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 modstream \
    && useradd --system --uid 10001 --gid modstream --home-dir /app --shell /usr/sbin/nologin modstream

WORKDIR /app

# Dependencies and the package; only what `pip install .` needs, so config/model edits keep this layer.
COPY pyproject.toml README.md ./
COPY streams ./streams
RUN pip install --no-cache-dir . && rm -rf /app/streams /app/build /app/*.egg-info

COPY models ./models
COPY config ./config
RUN mkdir -p /app/var/worker && chown -R modstream:modstream /app/var

# The installed package cannot find the repo's models/ and config/ by itself: point at the copies.
ENV MODSTREAM_MODEL_PATH=/app/models/modstream.onnx \
    MODSTREAM_POLICY_PATH=/app/config/policy.json \
    MODSTREAM_DATA_DIR=/app/var/worker \
    MODSTREAM_KAFKA_BOOTSTRAP=kafka:9092 \
    MODSTREAM_METRICS_PORT=9108 \
    MODSTREAM_WEB_PORT=6066

USER modstream
EXPOSE 9108 6066 8080
VOLUME ["/app/var"]

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:6066/healthz', timeout=4)"]

CMD ["modstream", "worker"]
