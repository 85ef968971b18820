"""`make bench` / `python -m bench [NAME ...]`: every benchmark, or the named ones, in order.

Each prints its throughput and a ratio to a reference measured in the same run. They use
PostgreSQL at RCM_BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/rcm_bench).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = {
    "edi": ["bench_edi.py", "--quick"],
    "scrub": ["bench_scrub.py"],
    "posting": ["bench_posting.py"],
    "synth": ["bench_synth.py", "--claims", "1000000"],
    "kpis": ["bench_kpis.py"],
    "import": ["bench_import.py"],
}


def main(names: list[str]) -> int:
    failed = []
    for name in names or list(BENCHES):
        script, *args = BENCHES[name]
        if not (HERE / script).exists():
            print(f"== {name}: {script} not present, skipped")
            continue
        print(f"== {name}: {script} {' '.join(args)}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        print(f"== {name}: exit {done.returncode} after {time.perf_counter() - started:.0f}s", flush=True)
        if done.returncode:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
