FROM python:3.11-slim
WORKDIR /app
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock README.md alembic.ini ./
COPY src ./src
COPY migrations ./migrations
RUN uv sync --frozen --no-dev
ENV PATH="/app/.venv/bin:$PATH" RCM_LOG_JSON=true
EXPOSE 8000
CMD ["uvicorn", "--factory", "rcm.app:create_app", "--host", "0.0.0.0", "--port", "8000"]
