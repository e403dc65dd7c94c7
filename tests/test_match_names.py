"""Personal names: initials of first authors and when they can agree."""

from __future__ import annotations

import pytest

from refnet.match.names import initials, initials_compatible


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Myers, B.S.", "Myers, WO", False),
        ("Walt, S", "Walt, P", False),
        ("Cooley, B.J.W.", "Cooley, J.W.", True),
        ("Walt, Stephen M.", "Walt, S", True),
        ("Trenin, Dmitri", "Trenin", True),
        ("Ivanov, Юрий", "Ivanov, Yu.", True),
        ("Ivanov, Iurii", "Ivanov, Y", True),
        ("Ivanov, Yevgeny", "Ivanov, E.", True),
        ("Zhang, S.-C.", "Zhang, SC", True),
        ("Kazhegeldin, Akezhan", "Kazhegel’din, A.", True),
    ],
)
def test_initials_compatible(a, b, agree):
    assert initials_compatible(a, b) is agree
    assert initials_compatible(b, a) is agree


def test_initials_of_wos_and_written_names():
    assert initials("Myers, WO; Smith, J") == {"W", "O"}
    assert initials("Myers, William O.") == {"W", "O"}
    assert initials("Myers") == set()
