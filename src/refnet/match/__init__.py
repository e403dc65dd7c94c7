"""refnet.match."""
