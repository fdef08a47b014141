"""The house has tiers that only import downward (docs/ARCHITECTURE.md draws them).

Every package under `lindung/` sits in one tier of `TIERS`; it may import packages of lower tiers, and
inside an ordered tier the packages listed before it. An import that points up or sideways fails here,
naming the file and the line: a capability that needs something from above reaches it through a registry
(`lindung.platform.dashboard`, `lindung.jobs.registry`, `lindung.platform.commandline.CommandGroup`).
Imports are read from the source, including those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import lindung

ROOT = Path(lindung.__file__).parent

TIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("domain", ("domain",)),  # pure Python, no Django (tests/domain/test_domain_is_pure.py)
    ("tools", ("synth", "platform")),  # the generator (pure) and the shared plumbing; peers
    ("reference", ("regions", "tenants", "accounts", "audit", "jobs", "notifications", "people", "rules", "registers")),
    ("programmes", ("programs",)),
    ("membership", ("membership",)),
    ("applications", ("applications",)),
    ("money", ("billing",)),
    ("after enrolment", ("grievance", "claims")),
    ("monitoring", ("monitoring",)),
    ("interfaces", ("api", "web", "demo")),
)
# Inside these tiers a package may import the ones listed before it.
ORDERED = {"reference"}
# Project wiring, not a capability: may import anything.
WIRING = {"__init__", "cli", "settings", "urls", "wsgi"}

POSITION = {name: (t, i) for t, (_, names) in enumerate(TIERS) for i, name in enumerate(names)}


def allowed(source: str, target: str) -> bool:
    (source_tier, source_index), (target_tier, target_index) = POSITION[source], POSITION[target]
    if target_tier != source_tier:
        return target_tier < source_tier
    return TIERS[source_tier][0] in ORDERED and target_index < source_index


def package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, lindung package) for every absolute import of Lindung in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [(node.module, [alias.name for alias in node.names])]
        else:
            continue
        for module, names in modules:
            parts = module.split(".")
            if parts[0] != "lindung":
                continue
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:  # from lindung import synth
                found.extend((node.lineno, name) for name in names or ())
    return found


def violations(files: list[Path]) -> list[str]:
    out = []
    for path in files:
        source = package_of(path)
        if source in WIRING:
            continue
        for line, target in imports(path):
            if target == source or target in WIRING:
                continue
            if target not in POSITION or not allowed(source, target):
                out.append(f"{path.relative_to(ROOT.parent)}:{line}: {source} imports {target}")
    return out


def source_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]


def test_every_package_has_a_tier():
    packages = {package_of(p) for p in source_files()} - WIRING
    assert sorted(packages - POSITION.keys()) == [], "place the new package in TIERS"


def test_imports_only_point_down():
    assert violations(source_files()) == []


def test_an_upward_import_is_caught(tmp_path, monkeypatch):
    """The check itself can fail: a people module importing billing (a tier above) is reported, and so is
    a peer import between two capabilities of one unordered tier."""
    fake = tmp_path / "lindung"
    (fake / "people").mkdir(parents=True)
    (fake / "platform").mkdir()
    upward = fake / "people" / "selectors.py"
    upward.write_text("from lindung.domain import nik\n\ndef f():\n    from lindung.billing import selectors\n")
    sideways = fake / "platform" / "files.py"
    sideways.write_text("from lindung import synth\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake)
    assert violations([upward, sideways]) == [
        "lindung/people/selectors.py:4: people imports billing",
        "lindung/platform/files.py:1: platform imports synth",
    ]


def test_the_picture_in_the_docs_is_drawn_from_this_table():
    """docs/tiers.svg is what `python docs/draw_tiers.py` draws from TIERS: redraw it after changing TIERS."""
    import runpy

    drawer = runpy.run_path(str(ROOT.parent / "docs" / "draw_tiers.py"))
    assert (ROOT.parent / "docs" / "tiers.svg").read_text() == drawer["draw"]()
