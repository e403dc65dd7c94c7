"""refnet.export."""
