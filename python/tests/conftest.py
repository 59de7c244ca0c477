"""Shared fixtures: the repository, the `geostance` CLI built from it (the
reference every Python result is compared with), and real statements."""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

import geostance

REPO = Path(__file__).resolve().parents[2]
STATEMENTS = REPO / "training-data" / "statements.csv"

# Texts that exercise the edges: unicode, blanks, quotes, control characters.
EDGE_TEXTS = [
    "For Kazakhstan, Russia is and has always been a strategic partner.",
    "We condemn the strikes.",
    "",
    "   ",
    "\t",
    "Мы осуждаем удары.",
    "我们谴责这次袭击。",
    "Ankara'nın tutumu değişmedi — «nous refusons» l'ultimatum 🚀",
    'He said "no" \\ and left.',
    "We are not partners and never will be.",
    "x",
]


def cli_path() -> Path:
    path = Path(os.environ.get("GEOSTANCE_CLI", REPO / "target" / "release" / "geostance"))
    if not path.exists():
        pytest.fail(
            f"the geostance CLI is not at {path}: build it with `cargo build --release` in {REPO} "
            "(or set GEOSTANCE_CLI); the Python tests compare against it"
        )
    return path


@pytest.fixture(scope="session")
def cli():
    """Runs the CLI; returns the CompletedProcess (text mode)."""
    exe = cli_path()

    def run(*args, input=None, check=True):
        return subprocess.run(
            [str(exe), *map(str, args)], input=input, capture_output=True, text=True, check=check
        )

    return run


@pytest.fixture(scope="session")
def cli_classify(cli, tmp_path_factory):
    """Classifies texts (one per line) with the CLI; returns its jsonl records."""

    def run(texts, model=None):
        for t in texts:
            assert "\n" not in t and "\r" not in t, "the CLI reads one statement per line"
        path = tmp_path_factory.mktemp("cli") / "texts.txt"
        path.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
        args = ["classify", "--input", path, "--format", "jsonl"]
        if model is not None:
            args += ["--model", model]
        out = cli(*args).stdout
        return [json.loads(line) for line in out.splitlines()]

    return run


@pytest.fixture(scope="session")
def statements():
    """Rows of training-data/statements.csv as dicts."""
    with open(STATEMENTS, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def clf():
    return geostance.Classifier()


def six(x: float) -> float:
    """A probability as the CLI prints it: six decimals, half away from zero."""
    import math

    return math.floor(min(max(x, 0.0), 1.0) * 1e6 + 0.5) / 1e6


def assert_same_record(py: dict, cli: dict) -> None:
    """A Python record equals the CLI's jsonl record (probabilities to the CLI's six decimals)."""
    assert list(py) == list(cli), "same keys in the same order"
    assert py["text"] == cli["text"]
    for head in list(cli)[1:]:
        if cli[head] is None:
            assert py[head] is None, head
            continue
        assert list(py[head]) == ["label", "confidence", "probabilities"]
        assert py[head]["label"] == cli[head]["label"], (head, py["text"])
        assert six(py[head]["confidence"]) == cli[head]["confidence"], (head, py["text"])
        assert list(py[head]["probabilities"]) == list(cli[head]["probabilities"])
        for label, p in py[head]["probabilities"].items():
            assert six(p) == cli[head]["probabilities"][label], (head, label, py["text"])
