"""The package's layers import only downwards: data <- inputs <- findings <- run <- cli; render reads no data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mmdp.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "lib" / "mmdp"
LAYERS = {"errors": 0, "paths": 0, "constants": 0, "i18n": 0, "data": 1, "render": 1, "inputs": 2, "findings": 3, "run": 4, "cli": 5}
FORBIDDEN = {"render": {"data", "inputs", "findings", "run", "cli"}, "data": {"render", "inputs", "findings", "run", "cli"}}


def imported_layers(path: Path) -> set[str]:
    """Top-level subpackages of mmdp that a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = path.relative_to(PACKAGE).with_suffix("").parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(module[: len(module) - node.level])
                target = base + (node.module.split(".") if node.module else [a.name for a in node.names][:1])
                if target:
                    found.add(target[0])
            elif node.module and node.module.startswith("mmdp."):
                found.add(node.module.split(".")[1])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_downwards(path):
    layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    for target in imported_layers(path) - {layer}:
        assert target in LAYERS, f"{path.name} imports unknown mmdp.{target}"
        assert target not in FORBIDDEN.get(layer, set()), f"{layer} must not import {target}"
        assert LAYERS[target] <= LAYERS[layer], f"{path.name} ({layer}) imports {target}, a layer above"


def test_loaders_do_not_import_the_builder():
    tree = ast.parse((PACKAGE / "data" / "loaders.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.endswith("build") for m in modules), modules


def test_paths_come_from_the_paths_module():
    offenders = [p.name for p in MODULES if "REPO_ROOT" in p.read_text() and p.name != "paths.py"]
    assert not offenders, offenders


def test_women_and_men_colours_are_only_used_for_women_and_men():
    """WOMEN (vermillion) and MEN (blue) mean women and men in every chart: a line that uses either colour
    must be about sex (name women, men, female, male or sex), so no other bar borrows them."""
    about_sex = re.compile(r"women|men\b|female|male|sex", re.IGNORECASE)
    misuses = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"style\.(WOMEN|MEN)\b", line) and not about_sex.search(re.sub(r"style\.(WOMEN|MEN)\b", "", line))
    ]
    assert not misuses, "WOMEN/MEN colours used for something else (use style.CATEGORIES, ALERT or MARK):\n" + "\n".join(misuses)


@pytest.mark.parametrize("strict", [True, False])
def test_our_deprecations_are_errors_in_every_process_the_tests_start(strict):
    """Notebook kernels do not see pytest's filterwarnings; the environment the test run sets reaches them."""
    import os
    import subprocess
    import sys

    import mmdp

    code = (
        "import mmdp\n"
        "exec(compile('import warnings; warnings.warn(\"old API\", DeprecationWarning)', 'ours', 'exec'), {'__name__': 'mmdp.findings.example'})\n"
        "exec(compile('import warnings; warnings.warn(\"not ours\", DeprecationWarning)', 'theirs', 'exec'), {'__name__': 'pandas.core.example'})\n"
    )
    env = {k: v for k, v in os.environ.items() if k != mmdp.STRICT_WARNINGS_ENV}
    if strict:
        env[mmdp.STRICT_WARNINGS_ENV] = "1"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert (result.returncode != 0) is strict, result.stderr[-800:]
    assert ("DeprecationWarning: old API" in result.stderr) is strict
    assert os.environ.get(mmdp.STRICT_WARNINGS_ENV) == "1"  # set by tests/conftest.py for the whole run


def imported_modules(path: Path) -> set[str]:
    """Modules of the package (dotted, under mmdp) that a module imports anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    package = list(parts[:-1]) if parts[-1] != "__init__" else list(parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                stem = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith("mmdp"):
                stem = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:  # `from . import x` names a module; `from .m import f` names m
                candidate = stem + [alias.name]
                found.add(".".join(candidate) if _module_file(candidate) else ".".join(stem))
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".", 1)[1] for a in node.names if a.name.startswith("mmdp.")}
    return {m for m in found if m and _module_file(m.split("."))} - {".".join(parts).removesuffix(".__init__")}


def _module_file(dotted: list[str]) -> bool:
    return (PACKAGE.joinpath(*dotted).with_suffix(".py")).is_file() or (PACKAGE.joinpath(*dotted) / "__init__.py").is_file()


def test_no_import_cycle_in_the_package():
    """Every import counts, also those inside functions: a cycle between any modules of lib/mmdp fails."""
    graph = {
        ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__"): imported_modules(p)
        for p in PACKAGE.rglob("*.py")
    }
    assert graph["run.runner"] >= {"run.files", "run.notebooks", "run.pack"}  # the graph sees what it should
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [node, target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
