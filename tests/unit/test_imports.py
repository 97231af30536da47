"""The modules of mixdecide import each other in one direction only: no cycles.

A cycle points at code in the wrong place (see STYLE.md, "Cycles point at misplaced code"):
move the shared piece down into a module both can use. Imports inside functions and under
``if TYPE_CHECKING:`` count; hiding an import there does not remove the dependency.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.imports import cycle_path, cycles, import_graph

ROOT = Path(__file__).resolve().parents[2]


def test_no_import_cycles_in_mixdecide():
    graph = import_graph(ROOT, "mixdecide")
    found = [" -> ".join(cycle_path(graph, c)) for c in cycles(graph)]
    assert found == [], "import cycles:\n" + "\n".join(found)


def test_the_checker_sees_every_kind_of_import(tmp_path):
    pkg = tmp_path / "p"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from p import a\n")
    (pkg / "a.py").write_text("def f():\n    from p.b import x\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import y\n")
    (pkg / "c.py").write_text("import p.a\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "d.py").write_text("from .. import c\nfrom . import e\n")
    (pkg / "sub" / "e.py").write_text("")
    graph = import_graph(tmp_path, "p")
    assert graph["p"] == {"p.a"}
    assert graph["p.a"] == {"p.b"}  # inside a function
    assert graph["p.b"] == {"p.c"}  # type-only, relative
    assert graph["p.sub.d"] == {"p", "p.c", "p.sub", "p.sub.e"}  # "from pkg import mod" reads pkg too
    assert cycles(graph) == [["p.a", "p.b", "p.c"]]
    assert cycle_path(graph, ["p.a", "p.b", "p.c"]) == ["p.a", "p.b", "p.c", "p.a"]
