"""Turn whatever the caller holds (text, bytes, a path, a file object) into decoded text chunks.

Files are read in chunks so a 1 GB remittance never sits in memory whole. A UTF-8 byte-order
mark is dropped: several senders write one and it is not part of the ISA.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Union, cast

from rcm.edi.errors import X12SyntaxError

X12Source = Union[str, bytes, bytearray, "os.PathLike[str]", IO[str], IO[bytes]]

# 32 KiB: larger batches of live segment lists make the cyclic GC slower (measured: 1 MiB is ~40% slower).
CHUNK_SIZE = 1 << 15
BOM = "\ufeff"
_MAX_PATH_LENGTH = 4096


def iter_text_chunks(source: X12Source, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """Yield decoded text chunks of `source`; a `str` is X12 text unless it names an existing file."""
    if isinstance(source, str):
        if names_a_file(source):
            yield from _file_chunks(Path(source), chunk_size)
        else:
            yield source.removeprefix(BOM)
    elif isinstance(source, bytes | bytearray):
        yield from _decode_chunks(iter((bytes(source),)))
    elif isinstance(source, os.PathLike):
        yield from _file_chunks(Path(source), chunk_size)
    elif hasattr(source, "read"):
        yield from _stream_chunks(source, chunk_size)
    else:
        raise X12SyntaxError(f"cannot read X12 from a {type(source).__name__}")


def names_a_file(text: str) -> bool:
    head = text.lstrip(BOM + " \t\r\n")[:3]
    if head == "ISA" or len(text) > _MAX_PATH_LENGTH or "\n" in text:
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):
        return False


def _file_chunks(path: Path, chunk_size: int) -> Iterator[str]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise X12SyntaxError(f"cannot open X12 file {path}: {exc.strerror}", path=str(path)) from exc
    with handle:
        yield from _decode_chunks(iter(lambda: handle.read(chunk_size), b""))


def _stream_chunks(stream: IO[str] | IO[bytes], chunk_size: int) -> Iterator[str]:
    first = stream.read(chunk_size)
    if isinstance(first, bytes | bytearray):
        binary = cast(IO[bytes], stream)
        yield from _decode_chunks(_prepend(bytes(first), iter(lambda: binary.read(chunk_size), b"")))
        return
    text = cast(IO[str], stream)
    if first:
        yield first.removeprefix(BOM)
    yield from iter(lambda: text.read(chunk_size), "")


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _decode_chunks(chunks: Iterator[bytes]) -> Iterator[str]:
    # utf-8-sig drops a leading BOM; strict decoding so corrupt bytes are reported, not guessed.
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    try:
        for chunk in chunks:
            text = decoder.decode(chunk)
            offset += len(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise X12SyntaxError(
            f"not UTF-8 text near byte {offset + exc.start}", byte_offset=offset + exc.start
        ) from exc
    if tail:
        yield tail
