"""Training from Python gives the CLI's model bytes and the CLI's errors."""

import json

import numpy as np
import pandas as pd
import pytest

import geostance
from conftest import REPO, STATEMENTS

VECTORS = str(REPO / "models" / "vectors.bin")

OPTION_SETS = [
    ({}, []),
    (
        {"ngrams": (1, 1), "min_df": 2, "alpha": 0.3, "max_features": 3000, "balance": True},
        ["--ngrams", "1..1", "--min-df", "2", "--alpha", "0.3", "--max-features", "3000", "--balance"],
    ),
    (
        {"char_ngrams": "2..4", "negation": False, "language": "none", "solver": "sparse", "max_df": 0.5},
        ["--char-ngrams", "2..4", "--no-negation", "--language", "none", "--solver", "sparse", "--max-df", "0.5"],
    ),
    ({"cv": 3, "seed": 7}, ["--cv", "3", "--seed", "7"]),
    ({"keep_names": True, "min_df": 2}, ["--keep-names", "--min-df", "2"]),
    ({"cv": 3, "group_column": "doc"}, ["--cv", "3", "--group-column", "doc"]),
    (
        {"vectors": VECTORS, "pooling": "unit-mean", "vector_scale": 2.0, "ngrams": (1, 1)},
        ["--vectors", VECTORS, "--pooling", "unit-mean", "--vector-scale", "2", "--ngrams", "1..1"],
    ),
]


@pytest.fixture(scope="module")
def frame():
    df = pd.read_csv(STATEMENTS, dtype=str, keep_default_na=False)
    return df.iloc[:1500].reset_index(drop=True)


@pytest.fixture(scope="module")
def frame_csv(frame, tmp_path_factory):
    """The frame written the way train() serialises a DataFrame."""
    path = tmp_path_factory.mktemp("data") / "frame.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


@pytest.mark.parametrize("options,flags", OPTION_SETS, ids=["defaults", "vocabulary", "analyzer", "cv", "keep-names", "grouped-cv", "vectors"])
def test_dataframe_and_csv_give_the_cli_model_bytes(frame, frame_csv, cli, tmp_path, options, flags):
    out = tmp_path / "cli.json"
    cli("train", "--data", frame_csv, "--output", out, *flags)
    want = out.read_bytes()
    from_path = geostance.train(frame_csv, **options)
    assert from_path.to_bytes() == want
    from_frame = geostance.train(frame, source="frame.csv", **options)
    assert from_frame.to_bytes() == want
    saved = tmp_path / "py.json"
    from_frame.save(saved)
    assert saved.read_bytes() == want
    if "cv" in options:
        assert set(from_frame.metadata["cv"]) == {"stance", "sentiment"}
        assert from_frame.training_report["cv"]["folds"] == 3


def test_actor_rows_give_the_cli_model_bytes(frame_csv, cli, tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text("name,code,kind,from,to\nAstana,KAZ,capital,,\nJane Doe,FRA,person,2027-01-01,\n")
    cli("train", "--data", frame_csv, "--output", tmp_path / "cli.json", "--actors", actors)
    model = geostance.train(frame_csv, actors=actors)
    assert model.to_bytes() == (tmp_path / "cli.json").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,code,kind\nAstana,KAZ,city\n")
    with pytest.raises(ValueError, match="country, capital, org or person"):
        geostance.train(frame_csv, actors=bad)


def test_tuning_gives_the_cli_model_bytes(frame, cli, tmp_path):
    small = frame.iloc[:240]
    path = tmp_path / "small.csv"
    small.to_csv(path, index=False, lineterminator="\n")
    cli("train", "--data", path, "--output", tmp_path / "cli.json", "--tune", "--cv", "2",
        "--label-column", "stance")
    model = geostance.train(small, label_columns="stance", tune=True, cv=2, source="small.csv")
    assert model.to_bytes() == (tmp_path / "cli.json").read_bytes()
    assert model.metadata["tuning"] is not None and model.training_report["tuning"]["grid"]


def test_original_file_versus_its_dataframe(cli, tmp_path):
    """statements.csv quotes every text; pandas quotes only where needed. The
    models differ in data_sha256 and data_file only."""
    cli("train", "--data", STATEMENTS, "--output", tmp_path / "cli.json", "--min-df", "2")
    want = json.loads((tmp_path / "cli.json").read_text())
    df = pd.read_csv(STATEMENTS, dtype=str, keep_default_na=False)
    got = json.loads(geostance.train(df, min_df=2).to_bytes())
    assert got["training"]["data_file"] == "<DataFrame>"
    assert got["training"]["data_sha256"] != want["training"]["data_sha256"]
    for d in (got, want):
        del d["training"]["data_file"], d["training"]["data_sha256"]
    assert got == want


def test_custom_labels_and_heads(tmp_path):
    df = pd.DataFrame({
        "body": ["We back the accord.", "We support the partnership.", "We reject the accord.",
                 "We oppose the annexation."] * 3,
        "position": ["support", "support", "oppose", "oppose"] * 3,
    })
    clf = geostance.train(df, text_column="body", label_columns=["position"], alpha=0.1)
    assert clf.heads == ["position"] and clf.labels("position") == ["oppose", "support"]
    assert clf.predict(["They reject it."], head="position") == ["oppose"]
    assert clf.predict(["They reject it."], head=None) == ["oppose"]
    assert clf.classify("They reject it.")["position"]["label"] == "oppose"


def cli_error(cli, *args):
    r = cli(*args, check=False)
    assert r.returncode == 2, r.stderr
    prefix = "geostance: error: "
    assert r.stderr.startswith(prefix)
    return r.stderr.strip()[len(prefix):]


def test_bad_rows_raise_value_error_with_the_cli_message(cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,stance\nWe agree.,cooperative\n,tense\nNo.,tense\n")
    with pytest.raises(ValueError) as e:
        geostance.train(path)
    assert str(e.value) == cli_error(cli, "train", "--data", path, "--output", tmp_path / "m.json")
    assert "line 3 (row 2)" in str(e.value) and "--skip-invalid" in str(e.value)
    # The same problem in a DataFrame names the same row.
    df = pd.DataFrame({"text": ["We agree.", None, "No."], "stance": ["cooperative", "tense", "tense"]})
    with pytest.raises(ValueError, match=r"<DataFrame>, line 3 \(row 2\): the \"text\" column is empty"):
        geostance.train(df)
    with pytest.warns(UserWarning, match="skipped 1 row"):
        assert geostance.train(df, skip_invalid=True).metadata["rows"] == 2


@pytest.mark.parametrize(
    "content,args,kwargs",
    [
        ("text,position\na,x\nb,y\n", [], {}),
        ("text,stance\na,x\nb,x\n", [], {}),
        ("body,stance\na,x\nb,y\n", [], {}),
        ("text,stance\na,x\nb,y\n", ["--alpha=-1"], {"alpha": -1}),
        ("text,stance\na,x\nb,y\n", ["--language", "klingon"], {"language": "klingon"}),
        ("text,stance\na,x\nb,y\n", ["--cv", "3"], {"cv": 3}),
        ("", [], {}),
        ('text,stance\n"a, b,x\n', [], {}),
    ],
    ids=["no-label-column", "one-class", "no-text-column", "alpha", "language", "cv-too-large",
         "empty", "malformed"],
)
def test_bad_data_and_options(cli, tmp_path, content, args, kwargs):
    path = tmp_path / "data.csv"
    path.write_text(content)
    with pytest.raises(ValueError) as e:
        geostance.train(path, **kwargs)
    assert str(e.value) == cli_error(cli, "train", "--data", path, "--output", tmp_path / "m.json", *args)


def test_file_errors(cli, tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(FileNotFoundError) as e:
        geostance.train(missing)
    assert str(e.value) == cli_error(cli, "train", "--data", missing, "--output", tmp_path / "m.json")
    clf = geostance.train(pd.DataFrame({"text": ["a", "b"], "stance": ["x", "y"]}))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        clf.save(tmp_path / "no-such-dir" / "m.json")


def test_python_level_errors():
    df = pd.DataFrame({"text": ["a", "b"], "stance": ["x", "y"]})
    with pytest.raises(TypeError, match="unknown option.*'alpah'"):
        geostance.train(df, alpah=0.1)
    with pytest.raises(ValueError, match="not a range"):
        geostance.train(df, ngrams="one to two")
    with pytest.raises(ValueError, match='solver "fast" is not known'):
        geostance.train(df, solver="fast")
    with pytest.raises(TypeError, match="CSV path or a pandas DataFrame"):
        geostance.train([("a", "x")])


def test_case_variants_warn():
    df = pd.DataFrame({"text": ["a b", "c d", "e f"], "stance": ["Tense", "tense", "calm"]})
    with pytest.warns(UserWarning, match="differ only in case"):
        geostance.train(df)


def test_trained_model_classifies_like_the_cli(frame, frame_csv, cli_classify, tmp_path):
    from conftest import assert_same_record

    clf = geostance.train(frame_csv, min_df=2)
    path = tmp_path / "m.json"
    clf.save(path)
    texts = frame["text"].tolist()[:300]
    for got, want in zip(clf.classify_batch(texts), cli_classify(texts, model=path)):
        assert_same_record(got, want)
    assert np.isfinite(clf.predict_proba(texts)).all()


def test_label_column_with_a_value_per_row_needs_allow_many_classes(tmp_path):
    rows = [f"statement number {i} about trade,id{i}" for i in range(300)]
    path = tmp_path / "ids.csv"
    path.write_text("text,stance\n" + "\n".join(rows) + "\n")
    with pytest.raises(ValueError, match="label column"):
        geostance.train(path, label_columns="stance")
    with pytest.raises(ValueError, match="vectors="):
        geostance.train(path, label_columns="stance", vectors_only=True)
