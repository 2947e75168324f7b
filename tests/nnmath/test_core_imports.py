"""The numeric core stays a numeric core: no module of nnmath refers to the page (app), the
scenes or a drawing library, and importing nnmath loads none of them."""

import ast
import subprocess
import sys
from pathlib import Path

import nnmath

CORE = Path(nnmath.__file__).parent
FORBIDDEN = ("app", "scenes", "manim", "manimpango", "gradio", "matplotlib", "av")


def _imported_names(tree: ast.AST):
    """Every module an AST imports: import statements, and importlib.import_module or
    __import__ called with a literal name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__")):
            yield node.args[0].value


def _forbidden_imports(source: str) -> list[str]:
    return sorted(name for name in _imported_names(ast.parse(source))
                  if name.split(".")[0] in FORBIDDEN)


def test_no_nnmath_module_imports_the_page_the_scenes_or_manim():
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 15  # the whole package is read, not an empty folder
    found = {str(m.relative_to(CORE)): _forbidden_imports(m.read_text()) for m in modules}
    assert {m: names for m, names in found.items() if names} == {}


def test_the_check_sees_every_way_of_importing():
    source = ("import manim\nfrom app.render import render_fit\nimport os, scenes.common\n"
              "from . import export\nimport importlib\nimportlib.import_module('app.commands')\n"
              "__import__('gradio')\nfrom numpy import linalg\n")
    assert _forbidden_imports(source) == ["app.commands", "app.render", "gradio", "manim",
                                          "scenes.common"]


def test_import_nnmath_in_a_fresh_interpreter_loads_neither_manim_nor_the_page():
    code = ("import sys, nnmath, nnmath.cli; nnmath.build('iris'); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]", proc.stdout
