"""refnet.sources."""
