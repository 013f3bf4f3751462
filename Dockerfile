# casetrail worker and API image: Python, the CJK fonts and HarfBuzz subsetting the documents need,
# and the workbench's front-end packages (htmx, Alpine.js, tus, Swagger UI …) served from /ui/vendor.

# The front-end packages, exactly as package-lock.json pins them (what `make node` installs).
FROM node:20-bookworm-slim AS vendor
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libharfbuzz-subset0 fontconfig \
      libpango-1.0-0 libpangoft2-1.0-0 poppler-utils \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 casetrail
WORKDIR /app
COPY pyproject.toml README.md ./
COPY casetrail ./casetrail
RUN pip install --no-cache-dir .
COPY --from=vendor /app/node_modules ./node_modules
USER casetrail
# Installed (not editable), the package no longer sits next to node_modules: CASETRAIL_NODE_MODULES
# says where the front-end packages are.
ENV CASETRAIL_HOME=/var/lib/casetrail CASETRAIL_API_HOST=0.0.0.0 CASETRAIL_NODE_MODULES=/app/node_modules
EXPOSE 8000
CMD ["casetrail", "api"]
