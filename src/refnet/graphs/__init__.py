"""refnet.graphs."""
