"""The bundle's entry point: the same `siteledger` command the wheel installs."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
