#!/usr/bin/env python3
"""Fails on an import circle between the modules of a crate.

For each crate folder given (default: src, store/src, cli/src, ffi/src), every
`crate::NAME` a file mentions (in `use` lines, grouped or not, and in paths)
is an arrow from that file's module to NAME's module; a NAME that the crate
root re-exports (`pub use module::{NAME, ...}`) counts as that module, so a
circle hidden behind a re-export is seen. Submodules count as their
top-level module. Prints each circle and exits 1; prints the arrows and
exits 0 when there is none.

    python3 scripts/import-cycles.py [CRATE_SRC ...]
"""
import pathlib
import re
import sys


def modules(root: pathlib.Path) -> dict:
    """Top-level module name -> the files that make it."""
    found = {}
    for path in sorted(root.rglob("*.rs")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("lib.rs", "main.rs", "bin"):
            continue
        name = relative.parts[0].removesuffix(".rs")
        found.setdefault(name, []).append(path)
    return found


def strip_comments(text: str) -> str:
    """The code without comments and without its unit tests (a
    `#[cfg(test)] mod tests` at the end of a file): tests may reach across."""
    text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def reexports(root: pathlib.Path, names: set) -> dict:
    """NAME -> module, for what lib.rs (or main.rs) re-exports."""
    owner = {}
    for top in ("lib.rs", "main.rs"):
        path = root / top
        if not path.exists():
            continue
        text = strip_comments(path.read_text())
        for module, items in re.findall(r"pub use (\w+)::\{([^}]*)\}", text):
            for item in re.findall(r"\w+", items):
                owner.setdefault(item, module)
        for module, item in re.findall(r"pub use (\w+)::(\w+)\s*;", text):
            owner.setdefault(item, module)
    return {name: module for name, module in owner.items() if module in names}


def mentioned(text: str) -> set:
    """Every first segment after `crate::`, grouped uses expanded."""
    names = set()
    for group in re.findall(r"crate::\{([^}]*)\}", text):
        names.update(re.findall(r"(?:^|,)\s*(\w+)", group))
    names.update(re.findall(r"crate::(\w+)", text))
    return names


def arrows(root: pathlib.Path) -> dict:
    mods = modules(root)
    owner = reexports(root, set(mods))
    graph = {name: set() for name in mods}
    for name, paths in mods.items():
        for path in paths:
            for target in mentioned(strip_comments(path.read_text())):
                module = target if target in mods else owner.get(target)
                if module and module != name:
                    graph[name].add(module)
    return graph


def circles(graph: dict) -> list:
    found, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def main() -> int:
    roots = sys.argv[1:] or ["src", "store/src", "cli/src", "ffi/src"]
    failed = False
    for root in map(pathlib.Path, roots):
        graph = arrows(root)
        found = circles(graph)
        for circle in found:
            print(f"{root}: import circle: {' -> '.join(circle)}")
            failed = True
        if not found:
            edges = sum(len(targets) for targets in graph.values())
            print(f"{root}: {len(graph)} modules, {edges} arrows, no circle")
    return 1 if failed else 0


sys.exit(main())
