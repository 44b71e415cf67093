"""The house keeps its shape: small modules, and commands that draw nothing load no drawing stack.

The layers, the no-Streamlit rule and the absence of cycles are import-linter contracts in
pyproject.toml, run by ./test.sh (`lint-imports`)."""

import re
import subprocess
import sys
from pathlib import Path

import pilot

PACKAGE = Path(pilot.__file__).parent
DRAWING = ("altair", "vl_convert", "fpdf", "streamlit")


def test_every_module_is_under_300_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) >= 300
    }
    assert long == {}


def loaded_by(*argv: str) -> set[str]:
    """The top-level packages a `python -m pilot` command has imported by the time it exits."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['pilot', *{list(argv)!r}]\n"
        "try:\n    runpy.run_module('pilot', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split()[-1:] and out.stdout.splitlines()[-1].split())


def test_commands_that_draw_nothing_load_no_drawing_stack():
    for argv in (["--help"], ["import", "--help"], ["metrics", "--help"], ["participants", "--help"]):
        assert loaded_by(*argv).isdisjoint(DRAWING), argv


def test_the_readme_tree_names_every_room_and_module():
    """The README's `tree pilot` is how a newcomer finds a module: a new one goes in its room there."""
    readme = (PACKAGE.parent / "README.md").read_text()
    tree = readme.split("```text\npilot\n", 1)[1].split("```", 1)[0]
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.name for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    missing = {f"{r}/" for r in rooms if f"── {r}/" not in tree}
    missing |= {m for m in modules if not re.search(rf"(?<![\w/]){re.escape(m)}\b", tree)}
    assert missing == set()
