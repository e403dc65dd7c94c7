"""The cyclic collector is paused inside bulk steps and restored after, even on errors."""

from __future__ import annotations

import gc

import pytest

from refnet.collector import collector_paused


@collector_paused()
def _inside() -> bool:
    return gc.isenabled()


@collector_paused()
def _failing() -> None:
    raise ValueError("bad input")


def test_collector_paused_and_restored():
    assert gc.isenabled()
    assert _inside() is False
    assert gc.isenabled()
    with pytest.raises(ValueError):
        _failing()
    assert gc.isenabled()
    gc.disable()
    try:
        assert _inside() is False
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
