"""Run one benchmark step in a fresh interpreter, so its peak RSS and timing are its own."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from typing import Any


def in_child(module: str, function: str, *args: str) -> dict[str, Any]:
    """`module.function(*args)` in a child process; its JSON result (the last line it prints)."""
    code = (
        f"import json,sys; sys.path[:0]=['.','bench']; import {module} as b; "
        f"print(json.dumps(b.{function}(*sys.argv[1:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )
    if done.returncode != 0:
        raise SystemExit(f"{function} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def peak_rss_mb() -> float:
    """This process's own peak RSS. Linux keeps ru_maxrss across exec, so in a child started by a
    big parent it reports the parent's size at fork; VmHWM is the peak of this process image only."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
