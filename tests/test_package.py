"""The domain package stands on its own: every module imports without Streamlit."""

import importlib
import importlib.resources
import subprocess
import sys

import pilot


def test_every_public_module_imports_and_none_pulls_in_streamlit():
    code = (
        "import importlib, sys, pilot\n"
        "for name in pilot.__all__: importlib.import_module(f'pilot.{name}')\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_all_names_every_module_of_the_package():
    modules = {p.stem for p in importlib.resources.files(pilot).iterdir() if p.name.endswith(".py")}
    helpers = {"__init__", "__main__", "csvfile", "text"}
    helpers |= {"report_md", "report_html", "report_pdf", "report_text"}
    assert modules - helpers == set(pilot.__all__)
