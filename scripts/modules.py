#!/usr/bin/env python3
"""The module graph of every crate, from the code: `use crate::…` and
`use super::…` paths (comments and #[cfg(test)] modules left out), and each
module's first line of `//!` docs.

  python3 scripts/modules.py cycles        import cycles in any crate, at the top level
                                           and one level down (exit 1 if any)
  python3 scripts/modules.py layers        an import against the widget's layers (exit 1 if any)
  python3 scripts/modules.py map           the module map docs/development.md holds
  python3 scripts/modules.py map --write   writes it there, between its markers
  python3 scripts/modules.py map --check   exit 1 if docs/development.md's is stale

`cargo modules` shows the same graph; this needs nothing installed."""
import glob
import os
import re
import sys

# (the crate, its source folder), bottom-up.
CRATES = [
    ("article-embed-core", "crates/core/src"),
    ("article-embed-server", "crates/server/src"),
    ("article-embed (the widget)", "src"),
]
# The widget's layers, bottom-up (src/lib.rs says what each is): a module
# imports only modules of layers below its own, or of its own layer where
# the layer allows it ("within"); loading and render sit side by side, and
# neither imports the other.
WIDGET_LAYERS = [
    ("ground", {"browser", "timer", "i18n", "intl", "ui", "attributes", "config"}, True),
    ("loading", {"loading"}, False),
    ("render", {"render"}, False),
    ("components", {"components"}, False),
    ("element", {"element"}, False),
]
SIDE_BY_SIDE = {("loading", "render"), ("render", "loading")}
DOCS = "docs/development.md"
START = "<!-- module map: written by scripts/modules.py map --write -->"
END = "<!-- end of module map -->"


def first_sentence(text):
    """The first sentence of a file's `//!` docs."""
    lines = []
    for line in text.split("\n"):
        if not line.startswith("//!"):
            break
        line = line[3:].strip()
        if not line:
            break
        lines.append(line)
    paragraph = " ".join(lines)
    end = re.search(r"\.(\s|$)", paragraph)
    return paragraph[: end.start() + 1] if end else paragraph


def modules(root):
    """{module path: (first doc line, set of imported module paths)}."""
    found = {}
    for path in sorted(glob.glob(f"{root}/**/*.rs", recursive=True)):
        parts = os.path.relpath(path, root)[:-3].split("/")
        if parts[-1] == "mod":
            parts = parts[:-1]
        module = "::".join(parts)
        if module in ("main", "lib"):
            continue
        text = open(path, encoding="utf-8").read()
        doc = first_sentence(text)
        code = text.split("#[cfg(test)]")[0]
        code = "\n".join(l for l in code.split("\n") if not l.lstrip().startswith("//"))
        targets = set(re.findall(r"crate::([a-z_]+(?:::[a-z_]+)?)", code))
        parent = "::".join(parts[:-1])
        targets |= {(parent + "::" if parent else "") + t for t in re.findall(r"super::([a-z_]+)", code)}
        found[module] = (doc, targets)
    return found


def graph(found, depth):
    edges = {}
    for a, (_, targets) in found.items():
        for b in targets:
            ka, kb = "::".join(a.split("::")[:depth]), "::".join(b.split("::")[:depth])
            if ka != kb:
                edges.setdefault(ka, set()).add(kb)
    return edges


def cycles(found, depth):
    edges = graph(found, depth)

    def reaches(a, b, seen):
        for n in edges.get(a, ()):
            if n == b or (n not in seen and not seen.add(n) and reaches(n, b, seen)):
                return True
        return False

    return sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if reaches(b, a, set())})


def module_map():
    out = [START, ""]
    for crate, root in CRATES:
        found = modules(root)
        edges = graph(found, 1)
        tops = sorted({m.split("::")[0] for m in found})
        known = set(tops)
        out += [f"**{crate}** (`{root}/`)", "", "| module | what it is | imports |", "|---|---|---|"]
        for top in tops:
            doc = found.get(top, ("", set()))[0]
            if not doc:
                # A folder's mod.rs without docs: its first file's.
                doc = next((d for m, (d, _) in sorted(found.items()) if m.startswith(top + "::") and d), "")
            uses = ", ".join(f"`{t}`" for t in sorted(edges.get(top, ())) if t in known) or "—"
            subs = sorted(m.split("::")[1] for m in found if m.startswith(top + "::") and m.count("::") == 1)
            name = f"`{top}/` ({', '.join(subs)})" if subs else f"`{top}`"
            out.append(f"| {name} | {doc.replace('|', '/')} | {uses} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def layer_breaches():
    level = {}
    for index, (name, members, _) in enumerate(WIDGET_LAYERS):
        for member in members:
            level[member] = (index, name)
    found = modules("src")
    breaches = []
    for a, targets in sorted(graph(found, 1).items()):
        if a not in level:
            breaches.append(f"{a}: in no layer (scripts/modules.py WIDGET_LAYERS)")
            continue
        for b in sorted(targets):
            if b not in level:
                continue
            (la, na), (lb, nb) = level[a], level[b]
            same_allowed = la == lb and WIDGET_LAYERS[la][2]
            # Loading sits beside render, one rank lower in the list only
            # for its order: neither may import the other.
            if (na, nb) in SIDE_BY_SIDE or (lb > la) or (la == lb and not same_allowed and a != b):
                breaches.append(f"{a} ({na}) imports {b} ({nb})")
    return breaches


def main(args):
    if args[:1] == ["cycles"]:
        found = [(crate, a, b) for crate, root in CRATES for found in [modules(root)]
                 for depth in (1, 2) for a, b in cycles(found, depth)]
        for crate, a, b in found:
            print(f"import cycle in {crate}: {a} <-> {b}")
        return 1 if found else 0
    if args[:1] == ["layers"]:
        breaches = layer_breaches()
        for breach in breaches:
            print(f"layer breach: {breach}")
        return 1 if breaches else 0
    if args[:1] == ["map"]:
        text = module_map()
        docs = open(DOCS, encoding="utf-8").read()
        if START not in docs or END not in docs:
            print(f"{DOCS} has no module map markers", file=sys.stderr)
            return 1
        written = docs[: docs.index(START)] + text + docs[docs.index(END) + len(END):]
        if "--write" in args:
            open(DOCS, "w", encoding="utf-8").write(written)
        elif "--check" in args:
            if written != docs:
                print(f"{DOCS}'s module map is stale: run python3 scripts/modules.py map --write", file=sys.stderr)
                return 1
        else:
            print(text)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


sys.exit(main(sys.argv[1:]))
