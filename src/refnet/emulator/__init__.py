"""A loopback emulator of the scholarly APIs, for tests, benchmarks and offline trials."""

from refnet.emulator.server import Emulator, Fault
from refnet.emulator.store import Store, load_store

__all__ = ["Emulator", "Fault", "Store", "load_store"]
