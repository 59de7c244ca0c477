"""Classification from Python equals the CLI's, record for record."""

import json
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

import geostance
from conftest import EDGE_TEXTS, REPO, assert_same_record, six


def test_heads_and_labels(clf):
    assert clf.heads == ["stance", "sentiment"]
    assert clf.labels("stance") == ["cooperative", "neutral", "tense"]
    assert clf.labels("sentiment") == ["negative", "neutral", "positive"]
    with pytest.raises(ValueError, match=r'no head named "mood"; its heads are: "stance", "sentiment"'):
        clf.labels("mood")


def test_readme_example():
    clf = geostance.Classifier()
    p = clf.classify("For Kazakhstan, Russia is and has always been a strategic partner.")
    assert p["stance"]["label"] == "cooperative"
    assert abs(sum(p["stance"]["probabilities"].values()) - 1) < 1e-5


def test_classify_equals_cli_on_edge_texts(clf, cli_classify):
    want = cli_classify(EDGE_TEXTS)
    assert len(want) == len(EDGE_TEXTS)
    for text, record in zip(EDGE_TEXTS, want):
        assert_same_record(clf.classify(text), record)
    for py, record in zip(clf.classify_batch(EDGE_TEXTS), want):
        assert_same_record(py, record)


def test_blank_texts_have_no_label(clf):
    for text in ["", " ", "\t\n", "\u3000"]:
        assert clf.classify(text) == {"text": text, "stance": None, "sentiment": None}
    p = clf.predict_proba(["", "We condemn the strikes."])
    assert np.isnan(p[0]).all() and not np.isnan(p[1]).any()
    assert clf.predict(["", "We condemn the strikes."]) == [None, "tense"]


def test_batch_equals_cli_on_real_statements_in_order(clf, cli_classify, statements):
    texts = [r["text"] for r in statements[:2000]]
    # Reverse half so order is checked against something other than file order.
    texts = texts[:1000] + texts[1000:][::-1]
    want = cli_classify(texts)
    got = clf.classify_batch(texts, threads=2)
    assert [g["text"] for g in got] == texts
    for g, w in zip(got, want):
        assert_same_record(g, w)


def test_threads_do_not_change_results(clf, statements):
    texts = [r["text"] for r in statements[:3000]] + ["", "x"]
    one = clf.predict_proba_all(texts, threads=1)
    for threads in (2, 3, None):
        other = clf.predict_proba_all(texts, threads=threads)
        for h in clf.heads:
            np.testing.assert_array_equal(one[h], other[h])
    assert clf.classify_batch(texts, threads=1) == clf.classify_batch(texts, threads=2)


def test_predict_proba_columns_follow_labels(clf, statements):
    texts = [r["text"] for r in statements[:300]] + EDGE_TEXTS
    records = clf.classify_batch(texts)
    for head in clf.heads:
        p = clf.predict_proba(texts, head=head)
        assert p.shape == (len(texts), 3) and p.dtype == np.float32
        for row, rec in zip(p, records):
            if rec[head] is None:
                assert np.isnan(row).all()
                continue
            assert list(row.astype(float)) == list(rec[head]["probabilities"].values())
            assert abs(row.sum() - 1) < 1e-5
        assert clf.predict(texts, head=head) == [r[head] and r[head]["label"] for r in records]
    both = clf.predict_proba_all(texts)
    np.testing.assert_array_equal(both["sentiment"], clf.predict_proba(texts, head="sentiment"))
    np.testing.assert_array_equal(clf.predict_proba(texts, head=None), clf.predict_proba(texts))


def test_accepts_sequences_of_str(clf):
    import pandas as pd

    texts = ["We condemn the strikes.", "Talks resume on Monday."]
    want = clf.predict_proba(texts)
    for form in (tuple(texts), np.array(texts), pd.Series(texts), iter(texts), (t for t in texts)):
        np.testing.assert_array_equal(clf.predict_proba(form), want)
    assert clf.predict_proba([]).shape == (0, 3)
    assert clf.classify_batch([]) == []


def test_bad_input_raises(clf):
    with pytest.raises(TypeError, match=r"texts\[1\] is float, not str"):
        clf.predict_proba(["ok", float("nan")])
    with pytest.raises(TypeError, match=r"texts\[0\] is NoneType"):
        clf.classify_batch([None])
    with pytest.raises(TypeError, match="not a single string"):
        clf.predict("We condemn the strikes.")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        clf.classify_batch(["x"], threads=0)
    with pytest.raises(ValueError, match='no head named "stanse"'):
        clf.predict(["x"], head="stanse")
    with pytest.raises(TypeError):
        clf.classify(3)


def test_file_errors_carry_the_cli_message(tmp_path, cli):
    missing = tmp_path / "nope" / "model.json"
    with pytest.raises(FileNotFoundError) as e:
        geostance.Classifier.load(missing)
    err = cli("classify", "--model", missing, "x", check=False)
    assert err.returncode == 2
    assert err.stderr.strip() == f"geostance: error: {e.value}"
    assert isinstance(e.value, OSError)

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(ValueError) as e:
        geostance.Classifier.load(bad)
    err = cli("classify", "--model", bad, "x", check=False)
    assert err.stderr.strip() == f"geostance: error: {e.value}"
    assert "not a usable geostance model" in str(e.value)


def test_model_round_trips_through_save_and_pickle(clf, tmp_path, statements):
    texts = [r["text"] for r in statements[:200]]
    path = tmp_path / "m.json"
    clf.save(path)
    assert path.read_bytes() == clf.to_bytes()
    loaded = geostance.Classifier.load(path)
    np.testing.assert_array_equal(loaded.predict_proba(texts), clf.predict_proba(texts))
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(texts), clf.predict_proba(texts))
    assert clf.metadata["data_file"] == "statements.csv"


def test_binary_and_json_model_files(clf, tmp_path, statements):
    texts = [r["text"] for r in statements[:200]]
    binary, js = tmp_path / "m.safetensors", tmp_path / "m.JSON"
    clf.save(binary)
    clf.save(js)
    # The embedded model is the shipped binary file; .json (any case) gives JSON.
    assert binary.read_bytes() == (REPO / "models" / "default.safetensors").read_bytes()
    assert js.read_bytes() == clf.to_bytes() and js.read_bytes().startswith(b"{")
    want = clf.predict_proba(texts)
    for path in (binary, js):
        np.testing.assert_array_equal(geostance.Classifier.load(path).predict_proba(texts), want)
    again = geostance.Classifier.from_bytes(binary.read_bytes())
    np.testing.assert_array_equal(again.predict_proba(texts), want)
    damaged = tmp_path / "damaged.safetensors"
    damaged.write_bytes(binary.read_bytes()[:1000])
    with pytest.raises(ValueError, match="retrain it with geostance train"):
        geostance.Classifier.load(damaged)


def test_batches_run_concurrently_from_python_threads(clf, statements):
    texts = [r["text"] for r in statements[:2000]]
    want = clf.predict_proba(texts, threads=1)
    results = [None] * 4

    def work(i):
        results[i] = clf.predict_proba(texts, threads=1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, want)


def test_explain(clf, cli):
    text = "We are no longer partners, Мы осуждаем."
    df = clf.explain(text)
    assert list(df.columns) == [
        "head", "label", "confidence", "term", "value", "weight", "contribution", "words", "spans",
    ]
    want = json.loads(cli("explain", text, "--format", "json").stdout)
    for h in want["heads"]:
        rows = df[df["head"] == h["head"]]
        assert rows["term"].tolist() == [f["term"] for f in h["features"]]
        assert (rows["label"] == h["label"]).all()
        head = next(x for x in df.attrs["heads"] if x["head"] == h["head"])
        assert abs(rows["contribution"].sum() + head["intercept"] - head["score"]) < 1e-4
        for words, spans in zip(rows["words"], rows["spans"]):
            assert [text[s:e] for s, e in spans] == words
    with pytest.raises(ValueError, match="empty"):
        clf.explain("  ")


ARTICLE = (
    'Berlin -- The chancellor said on Monday: "We will never accept this annexation."\n\n'
    '"Our partnership with Kazakhstan is strong," Putin told reporters. '
    'He added: "Talks résumé next week — 下周."\n'
)


def test_quotes_equal_the_cli(tmp_path, cli):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    want = [json.loads(l) for l in cli("quotes", path, "--format", "jsonl").stdout.splitlines()]
    df = geostance.quotes(ARTICLE)
    assert len(df) == len(want) == 3
    raw = ARTICLE.encode("utf-8")
    for row, w in zip(df.to_dict("records"), want):
        for key in ("quote", "speaker", "speaker_mention", "cue", "paragraph", "partial", "context",
                    "context_kind"):
            got = None if row[key] is None or (isinstance(row[key], float) and row[key] != row[key]) else row[key]
            assert got == w[key], key  # a missing speaker is None (NaN under pandas 3)
        assert (row["byte_start"], row["byte_end"]) == (w["start"], w["end"])
        assert ARTICLE[row["start"]:row["end"]] == row["quote"]
        assert raw[w["start"]:w["end"]].decode() == row["quote"]
        for head in ("stance", "sentiment"):
            assert row[head] == w[head]["label"]
            assert abs(row[f"{head}_confidence"] - w[head]["confidence"]) < 1e-6
            for label, p in w[head]["probabilities"].items():
                assert abs(row[f"{head}_p_{label}"] - p) < 1e-6
        actor = w["speaker_actor"] or {}
        assert row["speaker_actor"] == actor.get("code")
        assert row["speaker_actor_name"] == actor.get("name")
        assert row["speaker_via"] == actor.get("via")
        assert row["targets"] == [t["code"] for t in w["targets"]]
        assert row["targets_inferred"] == any(t.get("inferred", False) for t in w["targets"])
    assert geostance.quotes("No quotes here.").empty


def test_quotes_actors_publisher_and_date_equal_the_cli(tmp_path, cli):
    """publisher= and date= are the CLI's --publisher and the article's date."""
    article = (
        "Vladimir Putin held talks with Kassym-Jomart Tokayev in Moscow.\n\n"
        '"We will deepen our strategic partnership with Kazakhstan," the President said. '
        '"NATO expansion is unacceptable," Lavrov told reporters.\n'
    )
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x", "date": "2021-03-01", "text": article}) + "\n",
                    encoding="utf-8")
    want = [json.loads(l) for l in
            cli("quotes", "--input", path, "--publisher", "RUS", "--format", "jsonl").stdout.splitlines()]
    df = geostance.quotes(article, date="2021-03-01", publisher="RUS")
    assert len(df) == len(want) == 2
    for row, w in zip(df.to_dict("records"), want):
        assert row["speaker_actor"] == w["speaker_actor"]["code"] == "RUS"
        assert row["targets"] == [t["code"] for t in w["targets"]]
    assert df["speaker_via"].tolist() == ["title", "person"]
    assert "KAZ" in df["targets"][0] and "NATO" in df["targets"][1]
    # Without the publisher nobody says whose President it is.
    assert geostance.quotes(article)["speaker_actor"].tolist()[0] is None
    with pytest.raises(ValueError, match="XYZ"):
        geostance.quotes(article, publisher="XYZ")
    actors = tmp_path / "actors.csv"
    actors.write_text("name,code,kind,from,to\nLavrov,FRA,person,,\n", encoding="utf-8")
    assert geostance.quotes(article, actors=actors)["speaker_actor"].tolist()[1] == "FRA"


DYAD_ARTICLES = [
    ("a1", "2016-03-02", "Vladimir Putin held talks with Recep Tayyip Erdogan. Russia condemns the attack on its "
     "aircraft by Turkey and will impose sanctions.\n\n\"We will never forget this stab in the back,\" Putin said."),
    ("a2", "2016-10-10", "The presidents of Russia and Turkey signed an agreement on the gas pipeline. Russia "
     "welcomes the restoration of full cooperation with Turkey."),
    ("a3", None, "Russia and China reaffirmed their comprehensive strategic partnership."),
]


def test_dyads_equal_the_cli(tmp_path, cli):
    import csv as _csv
    import io

    path = tmp_path / "archive.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, d, t in DYAD_ARTICLES:
            f.write(json.dumps({"id": i, "date": d, "text": t}) + "\n")
    out = cli("dyads", "--input", path, "--by", "month", "--source-actor", "RUS", "--format", "csv").stdout
    want = list(_csv.DictReader(io.StringIO(out)))
    frame = pd.DataFrame(DYAD_ARTICLES, columns=["id", "date", "text"])
    got = geostance.dyads(frame, by="month", source_actor="RUS")
    assert len(want) > 0 and len(got) == len(want)
    assert list(got.columns) == ["period", "source", "target", "statements", "cooperative", "neutral",
                                 "tense", "net_cooperation", "net_sentiment"]
    for row, w in zip(got.to_dict("records"), want):
        for key in ("period", "source", "target"):
            assert row[key] == w[key], key
        for key in ("statements", "cooperative", "neutral", "tense"):
            assert row[key] == int(w[key]), key
        for key in ("net_cooperation", "net_sentiment"):
            assert f"{row[key]:.4f}" == w[key], key
    assert "undated" in set(got["period"])
    with pytest.raises(ValueError, match="no state or organisation code"):
        geostance.dyads(frame, source_actor="XYZ")
    with pytest.raises(ValueError, match="not a period"):
        geostance.dyads(frame, by="decade")


def test_dyads_with_a_publisher_per_article_equal_the_cli(tmp_path, cli):
    import csv as _csv
    import io

    speech = "Last year I said: “Norway will always support Afghanistan.” We still do."
    rows = [("1", "1999-09-21", speech, "NOR"), ("2", "1999-09-22", speech, ""),
            ("3", "1999-09-23", speech, "XYZ")]
    path = tmp_path / "speeches.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, d, t, p in rows:
            f.write(json.dumps({"id": i, "date": d, "text": t, "iso3": p}) + "\n")
    out = cli("dyads", "--input", path, "--publisher-column", "iso3", "--source-actor", "SWE",
              "--format", "csv").stdout
    want = list(_csv.DictReader(io.StringIO(out)))
    frame = pd.DataFrame(rows, columns=["id", "date", "text", "iso3"])
    got = geostance.dyads(frame, publisher_column="iso3", source_actor="SWE")
    assert [(r["source"], r["target"], r["statements"]) for r in got.to_dict("records")] == \
        [(w["source"], w["target"], int(w["statements"])) for w in want]
    assert {"NOR", "SWE"} <= set(got["source"])
    with pytest.raises(ValueError, match="no column 'country'"):
        geostance.dyads(frame, publisher_column="country")
