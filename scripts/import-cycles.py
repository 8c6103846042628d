#!/usr/bin/env python3
"""Prints import cycles between the widget's modules (src/), at the top level
and one level down, from `use crate::…` / `use super::…` paths in code
(comments and #[cfg(test)] modules left out). Exit status 1 if any.
`cargo modules` shows the same graph; this needs nothing installed."""
import glob
import os
import re
import sys

edges = {}
for path in glob.glob("src/**/*.rs", recursive=True):
    parts = os.path.relpath(path, "src")[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    module = "::".join(parts)
    if module in ("main", "lib"):
        continue
    code = open(path, encoding="utf-8").read().split("#[cfg(test)]")[0]
    code = "\n".join(l for l in code.split("\n") if not l.lstrip().startswith("//"))
    for target in re.findall(r"crate::([a-z_]+(?:::[a-z_]+)?)", code):
        edges.setdefault(module, set()).add(target)
    parent = "::".join(parts[:-1])
    for target in re.findall(r"super::([a-z_]+)", code):
        edges.setdefault(module, set()).add((parent + "::" if parent else "") + target)


def cycles(depth):
    graph = {}
    for a, targets in edges.items():
        for b in targets:
            ka, kb = "::".join(a.split("::")[:depth]), "::".join(b.split("::")[:depth])
            if ka != kb:
                graph.setdefault(ka, set()).add(kb)

    def reaches(a, b, seen):
        for n in graph.get(a, ()):
            if n == b or (n not in seen and not seen.add(n) and reaches(n, b, seen)):
                return True
        return False

    return sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if reaches(b, a, set())})


found = cycles(1) + cycles(2)
for a, b in found:
    print(f"import cycle: {a} <-> {b}")
sys.exit(1 if found else 0)
