"""Access to the packaged reference tables in `data/`."""

from __future__ import annotations

from importlib import resources


def read_data_bytes(name: str) -> bytes:
    return resources.files("rcm.codesets").joinpath("data").joinpath(name).read_bytes()


def read_data_text(name: str) -> str:
    return read_data_bytes(name).decode("utf-8")
