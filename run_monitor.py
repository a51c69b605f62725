#!/usr/bin/env python3
"""Entry point: `python run_monitor.py COMMAND` (see `python run_monitor.py --help`)."""

import sys

if __name__ == "__main__":
    try:
        from monitor.cli import main
    except KeyboardInterrupt:
        # Ctrl-C while Python was still loading the monitor: nothing had started.
        print("interrupted before anything started; nothing was recorded", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
