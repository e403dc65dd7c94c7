"""refnet: reproducible literature reviews and bibliometric graphs."""

__version__ = "0.1.0"
