"""Union-find over references with cannot-link tags (two DOIs, two review papers, overrides)."""

from __future__ import annotations


class Clusters:
    """Disjoint sets of ``n`` items; a union is refused when both sides carry one tag group
    with different labels (e.g. ``doi`` → two different DOIs)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.tags: dict[int, dict[str, str]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def tag(self, x: int, group: str, label: str) -> None:
        self.tags.setdefault(self.find(x), {})[group] = label

    def conflict(self, a: int, b: int) -> str:
        """Why ``a`` and ``b`` may not be merged ("" when they may)."""
        ta = self.tags.get(self.find(a), {})
        tb = self.tags.get(self.find(b), {})
        for group, label in ta.items():
            other = tb.get(group)
            if other is not None and other != label:
                return f"different {group}: {label} / {other}"
        return ""

    def union(self, a: int, b: int) -> bool:
        """Merge the sets of ``a`` and ``b`` unless tags conflict; True when merged."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.conflict(ra, rb):
            return False
        self.link(ra, rb)
        return True

    def link(self, ra: int, rb: int) -> None:
        """Join two different roots whose tags do not conflict (the smaller one stays root)."""
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        tb = self.tags.pop(rb, None)
        if tb:
            self.tags.setdefault(ra, {}).update(tb)
