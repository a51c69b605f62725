"""Run the replica in the foreground for manual poking: python -m monitor.replica [--forces PATH] [--npcc-layout L]."""

from __future__ import annotations

import argparse
import threading

from . import Replica, default_scenario, load_forces
from .govuk import CONTENT_API_URL, LINK_LAYOUTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.replica", description=__doc__)
    parser.add_argument("--forces", help="forces register (default: config/forces.toml)")
    parser.add_argument("--npcc-layout", choices=LINK_LAYOUTS, default="table",
                        help="how the NPCC letter lays out its force links (default: table)")
    args = parser.parse_args(argv)
    scenario = default_scenario(load_forces(args.forces), npcc_layout=args.npcc_layout)
    with Replica(scenario) as replica:
        print(f"replica serving {len(scenario.hosts())} hosts on 127.0.0.1")
        print(f"  http  port {replica.http_port}")
        print(f"  https port {replica.https_port}")
        print(f"  CA certificate: {replica.ca_path}")
        print(f"  connect-to: {replica.connect_to}")
        print("try:")
        print(
            f"  curl --cacert {replica.ca_path} --connect-to ::127.0.0.1:{replica.https_port} '{CONTENT_API_URL}'"
        )
        print("Ctrl-C stops it.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nstopping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
