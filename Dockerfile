# rolegraph service image: `rolegraph serve` (the /sparql endpoint and the portal API).
#
#   docker build -t rolegraph .
#   docker run -p 8000:8000 rolegraph                       # embedded store, in memory
#   docker run -p 8000:8000 -e ROLEGRAPH_STORE=http://oxigraph:7878 rolegraph
#
# See docker-compose.yml for the API in front of an Oxigraph server, and docs/store.md.

FROM python:3.11-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir build==1.2.2
COPY pyproject.toml README.md ./
COPY src ./src
COPY ontology ./ontology
COPY shapes ./shapes
COPY queries ./queries
RUN python -m build --wheel --outdir /wheels

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ROLEGRAPH_STORE=memory
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 rolegraph
USER rolegraph
WORKDIR /home/rolegraph
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
ENTRYPOINT ["rolegraph"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
