"""Paths to the shared X12 samples and golden files."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = DATA / "x12_samples"
GOLDEN = DATA / "x12_golden"


def sample(relative: str) -> Path:
    return SAMPLES / relative


def all_sample_files() -> list[str]:
    return sorted(
        str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file() and p.name != "SOURCES.md"
    )
