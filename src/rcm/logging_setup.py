"""Structured JSON logs (one object per line) for the API, workers and CLI."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from rcm.config import get_settings

_configured = False


def configure_logging() -> None:
    global _configured
    if _configured:
        return
    settings = get_settings()
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "ts", "levelname": "level", "name": "logger"},
            )
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in ("uvicorn.access", "pyx12"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _configured = True
