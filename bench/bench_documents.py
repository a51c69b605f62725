"""Time and peak memory of reading each plan document: the replica's plans and the hostile ones.

Each document is read by `documents.extract_text` in a fresh child process of its own, so the
figures are of that one read: wall time of the read, CPU seconds of the child, and its peak RSS
(VmHWM: the interpreter and its imports included, about 40 MB with pypdf and PDFium). The child runs under a CPU limit and an address-space limit
(`--cpu`, `--memory`) so that the readers this replaced cannot take the shared machine down with
them: a read that hits a limit is shown as such ("CPU limit", "MemoryError"), a lower bound on what it
would have cost.

    /work/main/.venv/bin/python bench/bench_documents.py                  # the readers of this checkout
    /work/main/.venv/bin/python bench/bench_documents.py --root DIR       # the readers of another checkout
    /work/main/.venv/bin/python bench/bench_documents.py --case odt-nested-spans

Compare readers with `git archive COMMIT monitor | tar -x -C DIR` and `--root DIR`. Nothing here
touches the network.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from benchkit import machine  # noqa: E402

from monitor.replica.content import plan_blocks  # noqa: E402
from monitor.replica.pdf import make_pdf  # noqa: E402
from monitor.replica.scenario import ReplicaForce  # noqa: E402
from tests.hostile_documents import HOSTILE_DOCUMENTS  # noqa: E402
from tests.test_documents import make_docx, make_odt  # noqa: E402

CHILD = r"""
import resource, sys, time
root, path, kind, cpu, memory = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
sys.path.insert(0, root)
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
from monitor.documents import DocumentError, extract_text
import monitor.documents
assert monitor.documents.__file__.startswith(root), monitor.documents.__file__
body = open(path, "rb").read()
try:
    import pypdfium2  # noqa: F401  (imported before the clock starts, as a worker does)
except ImportError:
    pass
import pypdf  # noqa: F401
start = time.perf_counter()
try:
    text = extract_text(body, kind)
    outcome = f"read, {len(text):,} chars"
except DocumentError as exc:
    outcome = f"refused: {exc}"
except MemoryError:
    outcome = "MemoryError"
except RecursionError:
    outcome = "RecursionError (uncaught)"
# VmHWM is this process's own peak since exec; ru_maxrss would include the parent's pages at fork.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"{time.perf_counter() - start:.2f}\t{peak / 1024:.0f}\t{outcome[:90]}")
"""

FORCE = ReplicaForce(id="dorset", name="Dorset Police", domain="dorset.police.uk")


def plans() -> dict[str, tuple[str, bytes]]:
    """The replica's plan as the replica serves it (PDF), and the same text as DOCX and ODT."""
    blocks = plan_blocks(FORCE)
    texts = [text for _, text in blocks]
    return {
        "plan-pdf (replica)": ("pdf", make_pdf(blocks, title="Dorset Police stalking super-complaint action plan")),
        "plan-docx": ("docx", make_docx(texts, table=[["Recommendation", "Owner", "Status"]] * 40)),
        "plan-odt": ("odt", make_odt(texts[0], texts[1:])),
    }


def run_one(root: Path, kind: str, body: bytes, cpu: int, memory: int) -> tuple[str, str, str, str]:
    with tempfile.NamedTemporaryFile(suffix="." + kind) as handle:
        handle.write(body)
        handle.flush()
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), handle.name, kind, str(cpu), str(memory)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        out = child.stdout.read().decode().strip()
        err = child.stderr.read().decode().strip().splitlines()
        child.stdout.close()
        child.stderr.close()
    cpu_s = usage.ru_utime + usage.ru_stime
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        outcome = "CPU limit (SIGXCPU)" if sig == 24 else f"killed by signal {sig}"
        read_s = f">{wall:.1f}"
    elif out:
        read_s, rss, outcome = out.split("\t", 2)
        return read_s, f"{cpu_s:.1f}", rss, outcome
    else:
        read_s, outcome = "-", (err[-1] if err else f"exit {os.WEXITSTATUS(status)}")[:90]
    # Killed: only the kernel's figure is left, which counts the parent's pages at fork too (an upper bound).
    return read_s, f"{cpu_s:.1f}", f"<={usage.ru_maxrss / 1024:.0f}", outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the checkout whose monitor/ reads (default: this one)")
    parser.add_argument("--case", action="append", help="one document by name (repeatable)")
    parser.add_argument("--cpu", type=int, default=30, help="CPU seconds a read may use (default 30)")
    parser.add_argument("--memory", type=int, default=1500, help="address space a read may use, MB (default 1500)")
    args = parser.parse_args()
    cases: dict[str, tuple[str, bytes]] = dict(plans())
    cases.update({name: (kind, make()) for name, (kind, make) in HOSTILE_DOCUMENTS.items()})
    if args.case:
        cases = {name: cases[name] for name in args.case}
    print(f"# readers of {args.root.resolve()}; limits {args.cpu} s CPU, {args.memory} MB address space")
    print(f"# {machine()}")
    print(f"| document | kind | bytes | read s | CPU s | peak RSS MB | outcome |")
    print("|---|---|---|---|---|---|---|")
    for name, (kind, body) in cases.items():
        read_s, cpu_s, rss, outcome = run_one(args.root.resolve(), kind, body, args.cpu, args.memory * 1024 * 1024)
        print(f"| {name} | {kind} | {len(body):,} | {read_s} | {cpu_s} | {rss} | {outcome.replace('|', '/')} |", flush=True)


if __name__ == "__main__":
    main()
