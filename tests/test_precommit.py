"""The pre-commit hook `footballkg-validate`, run by pre-commit on a data repository.

The data repository is a temporary git repository holding a copy of this project's data,
shapes and ontology. Its `.pre-commit-config.yaml` takes the hook from this checkout as a
local path at its current commit, as a data repository would take it from GitHub. The hook
itself says `language: python`: pre-commit would build an environment and pip-install
footballkg with its dependencies, which needs the network. The test overrides the language to
`system` (as a repository that already has footballkg installed may) and puts a `footballkg`
that runs this interpreter on the PATH, so the hook's entry, file filter and
`pass_filenames: false` from this checkout are what runs, offline.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
HOOK_ID = "footballkg-validate"


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def committed_hooks_commit() -> str:
    """This checkout's commit, if it holds the hook manifest; else skip the test."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        commit = git("rev-parse", "HEAD", cwd=REPO_ROOT)
        git("cat-file", "-e", f"{commit}:.pre-commit-hooks.yaml", cwd=REPO_ROOT)
    except subprocess.CalledProcessError:
        pytest.skip("this checkout is not a git repository with .pre-commit-hooks.yaml committed")
    return commit


def test_the_hook_manifest_runs_validate_on_the_whole_project() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == HOOK_ID]
    assert hook["entry"] == "footballkg validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


@pytest.fixture
def data_repository(tmp_path: Path) -> Path:
    """A git repository with a copy of the project's data, shapes and ontology, all staged."""
    root = tmp_path / "data-repository"
    for part in ("data", "shapes", "ontology"):
        shutil.copytree(REPO_ROOT / part, root / part)
    git("init", "-q", cwd=root)
    (root / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(
            {
                "repos": [
                    {
                        "repo": str(REPO_ROOT),
                        "rev": committed_hooks_commit(),
                        "hooks": [{"id": HOOK_ID, "language": "system"}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    git("add", "-A", cwd=root)
    return root


def run_pre_commit(repository: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    footballkg = bin_dir / "footballkg"
    footballkg.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m footballkg "$@"\n')
    footballkg.chmod(footballkg.stat().st_mode | stat.S_IXUSR)
    env = {k: v for k, v in os.environ.items() if k != "FOOTBALLKG_PROJECT"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_hook_passes_data_that_conforms(data_repository: Path, tmp_path: Path) -> None:
    run = run_pre_commit(data_repository, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "footballkg validate" in run.stdout and "Passed" in run.stdout


def test_the_hook_refuses_data_that_does_not_conform(data_repository: Path, tmp_path: Path) -> None:
    data = data_repository / "data/people/jess-thorup.ttl"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace('fkg:endDate "2020-11-02"', 'fkg:endDate "2020-09-02"'), encoding="utf-8"
    )
    git("add", "-A", cwd=data_repository)
    run = run_pre_commit(data_repository, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Failed" in run.stdout
    assert "data/people/jess-thorup.ttl:233" in run.stdout
    assert "the data does not conform" in run.stdout
