"""The snds-lab wheel: installed into a fresh venv with no Node on PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = [
    "@snds-lab/dictionary-extension",
    "@snds-lab/kernel-extension",
    "@snds-lab/tutorials-extension",
]


@pytest.fixture(scope="module")
def venv() -> Path:
    out = subprocess.run(
        ["bash", str(ROOT / "tests" / "lab_venv.sh")],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return Path(out.stdout.strip().splitlines()[-1])


def run_without_node(venv: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": os.environ.get("HOME", "/tmp"), "PATH": str(venv / "bin")}
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


class TestWheel:
    def test_should_hold_the_labextensions_and_the_helper(self):
        wheel = next((ROOT / "build" / "wheels").glob("snds_lab-*.whl"))
        names = zipfile.ZipFile(wheel).namelist()
        for ext in EXTENSIONS:
            base = f"snds_lab-0.1.0.data/data/share/jupyter/labextensions/{ext}/"
            assert base + "package.json" in names
            assert base + "install.json" in names
            assert any(n.startswith(base + "static/remoteEntry.") for n in names)
        assert "snds/__init__.py" in names

    def test_should_ship_every_tutorial_stamped_with_its_manifest(self):
        wheel = next((ROOT / "build" / "wheels").glob("snds_lab-*.whl"))
        archive = zipfile.ZipFile(wheel)
        base = ("snds_lab-0.1.0.data/data/share/jupyter/labextensions/"
                "@snds-lab/tutorials-extension/static/tutorials/")
        manifest = json.loads(archive.read(base + "snds-tutorials.json"))
        committed = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
        assert [t["path"] for t in manifest["tutorials"]] == committed
        assert manifest["landing"] in committed
        for entry in manifest["tutorials"]:
            nb = json.loads(archive.read(base + entry["path"]))
            assert nb["metadata"]["snds_lab"] == {
                "tutorial": entry["path"], "version": entry["hash"]}

    def test_should_have_no_node_on_the_install_path(self, venv):
        assert shutil.which("node", path=str(venv / "bin")) is None
        assert shutil.which("npm", path=str(venv / "bin")) is None

    def test_should_list_every_extension_enabled_and_ok(self, venv):
        out = run_without_node(venv, str(venv / "bin" / "jupyter"), "labextension", "list")
        text = out.stdout + out.stderr
        assert out.returncode == 0, text
        for ext in EXTENSIONS:
            line = next((l for l in text.splitlines() if ext in l), "")
            assert "enabled" in line and "OK" in line, text

    def test_should_pass_the_jupyterlab_browser_check_server_side(self, venv):
        # The browser half of browser_check downloads a browser (npx playwright
        # install), impossible offline; tests/e2e/jupyterlab.spec.ts loads the
        # page in Debian's Chromium instead.
        out = run_without_node(
            venv, str(venv / "bin" / "python"), "-m", "jupyterlab.browser_check",
            "--no-browser-test", "--allow-root",
        )
        assert out.returncode == 0, out.stdout + out.stderr

    def test_should_run_sql_in_the_installed_helper(self, venv):
        out = run_without_node(
            venv, str(venv / "bin" / "python"), "-c",
            "import snds; print(snds.sql('select 6 * 7 as x').rows, snds.engine_info())",
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("[(42,)] native DuckDB")
