# casetrail worker and API image: Python, the CJK fonts and HarfBuzz subsetting the documents need.
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
USER casetrail
ENV CASETRAIL_HOME=/var/lib/casetrail CASETRAIL_API_HOST=0.0.0.0
EXPOSE 8000
CMD ["casetrail", "api"]
