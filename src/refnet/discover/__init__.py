"""Discover: the papers the review is missing (forward and backward citation searching)."""
