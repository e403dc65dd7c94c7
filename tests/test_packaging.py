"""refnet installs as a package: the wheel carries its schema, the workflow runs with it
from a review folder of its own, and pyproject.toml and environment.yml agree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: pip names whose conda-forge package is named otherwise.
CONDA_NAMES = {"snakemake": "snakemake-minimal", "igraph": "python-igraph"}


def _requirement(text: str) -> tuple[str, str]:
    name, bound = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*(\S+)\s*", text).groups()
    return name.lower(), bound


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [project["dependencies"], *project["optional-dependencies"].values()]
    pip = {CONDA_NAMES.get(n, n): b for group in wanted for n, b in map(_requirement, group)}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = dict(
        _requirement(item.replace(" ", ""))
        for item in env
        if isinstance(item, str) and ">=" in item
    )
    assert conda.pop("python") == project["requires-python"].removeprefix(">=")
    assert conda == pip


def test_every_runtime_dependency_is_imported():
    names = {"pyyaml": "yaml", "requests-cache": "requests_cache", "snakemake": None}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    code = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    for name, _ in map(_requirement, project["dependencies"]):
        module = names.get(name, name.replace("-", "_"))
        if module:  # snakemake runs the workflow; the package does not import it
            assert re.search(rf"^\s*(import|from) {module}\b", code, re.M), name


def test_every_imported_package_is_a_runtime_dependency():
    """The converse: a module imported by the package (not the standard library) is
    installed by ``pip install .``, not only by the test extras."""
    modules = {"pyyaml": "yaml", "requests-cache": "requests_cache"}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {
        modules.get(n, n.replace("-", "_")) for n, _ in map(_requirement, project["dependencies"])
    }
    imported = {}
    for path in (ROOT / "src" / "refnet").rglob("*.py"):
        for match in re.finditer(r"^(?:import|from) ([A-Za-z_]\w*)", path.read_text(), re.M):
            imported.setdefault(match.group(1), path.relative_to(ROOT))
    foreign = {
        name: where
        for name, where in imported.items()
        if name not in sys.stdlib_module_names and name not in {"refnet", "__future__"}
    }
    assert {n: str(w) for n, w in foreign.items() if n not in runtime} == {}


def test_installed_wheel_runs_a_review_in_its_own_folder(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = wheels.glob("refnet-*.whl")
    assert "refnet/config.schema.yaml" in zipfile.ZipFile(wheel).namelist()
    # A fresh venv; its dependencies are the ones of this interpreter (a path, no install).
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "refnet_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    where = subprocess.run(
        [python, "-c", "import refnet.config as c; c.load_schema(); print(c.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert where.returncode == 0, where.stderr[-3000:]
    assert where.stdout.strip().startswith(site), where.stdout
    # The README's "own review in another folder", as written; offline (a test asks no real
    # service), up to the tables and report.md it reads (.ci/lower-bounds runs the whole
    # review from an installed refnet).
    review = tmp_path / "my-review"
    review.mkdir()
    shutil.copytree(ROOT / "refs", review / "refs")
    with (review / "refs" / "review.yaml").open("a", encoding="utf-8") as settings:
        settings.write("\nsources:\n  offline: true\n")
    run = [python, "-m", "snakemake", "--snakefile", ROOT / "Snakefile", "--cores", "2"]
    targets = ["results/works.csv", "results/report.md"]
    done = subprocess.run(
        [*run, "--directory", review, *targets], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    works = (review / "results" / "works.csv").read_text().splitlines()
    assert len(works) > 100 and (review / "results" / "report.md").is_file()
    assert not (ROOT / "refs" / "results").exists()
