"""How the report is opened headless in Debian's chromium (tests and the page benchmark).

The page needs nothing from the network, so everything that would reach out on its own
(component updates, sync, QUIC, background requests) is off; ``--no-sandbox`` lets it run
as root in containers and CI.
"""

from __future__ import annotations

from pathlib import Path

#: Debian's chromium (``apt-get install -y chromium``).
EXECUTABLE = Path("/usr/bin/chromium")

#: Flags for a quiet headless start.
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
