"""geostance.spark in local mode (local[2]) equals the CLI row for row."""

import os
import shutil

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")

import geostance  # noqa: E402
import geostance.spark as gspark  # noqa: E402
from conftest import six  # noqa: E402

JAVA = shutil.which("java") or (
    os.environ.get("JAVA_HOME") and os.path.join(os.environ["JAVA_HOME"], "bin", "java")
)
pytestmark = pytest.mark.skipif(
    not JAVA or not os.path.exists(JAVA),
    reason="Spark needs Java (17 or later) and none was found on PATH or in JAVA_HOME; "
    "install one (e.g. apt-get install openjdk-17-jre-headless) to run the Spark tests",
)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("geostance-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_classify_matches_the_cli_row_for_row(spark, statements, cli_classify):
    texts = [r["text"] for r in statements[:3000]] + ["", "   ", "Мы осуждаем удары.", "我们谴责这次袭击。"]
    rows = [(i, t) for i, t in enumerate(texts)] + [(len(texts), None)]
    df = spark.createDataFrame(rows, "id long, text string").repartition(4)
    out = gspark.classify(df, probabilities=True)
    assert out.columns == [
        "id", "text", "stance", "stance_confidence", "stance_probabilities",
        "sentiment", "sentiment_confidence", "sentiment_probabilities",
    ]
    got = sorted(out.collect(), key=lambda r: r["id"])
    assert [r["id"] for r in got] == list(range(len(rows)))
    want = cli_classify(texts)
    for row, w in zip(got, want):
        assert row["text"] == w["text"]
        for head in ("stance", "sentiment"):
            if w[head] is None:
                assert row[head] is None and row[f"{head}_confidence"] is None
                assert row[f"{head}_probabilities"] is None
                continue
            assert row[head] == w[head]["label"], (row["id"], head)
            assert six(row[f"{head}_confidence"]) == w[head]["confidence"]
            probs = row[f"{head}_probabilities"]
            assert {k: six(v) for k, v in probs.items()} == w[head]["probabilities"]
    null = got[-1]
    assert null["text"] is None and null["stance"] is None


def test_heads_subset_and_trained_model(spark):
    import pandas as pd

    frame = pd.DataFrame({
        "body": ["We back the accord.", "We support the partnership.", "We reject the accord.",
                 "We oppose the annexation."] * 3,
        "position": ["support", "support", "oppose", "oppose"] * 3,
    })
    model = geostance.train(frame, text_column="body", label_columns="position", alpha=0.1)
    df = spark.createDataFrame([("They reject it.",), ("We back it.",)], "body string")
    out = gspark.classify(df, text_col="body", model=model)
    assert out.columns == ["body", "position", "position_confidence"]
    assert [r["position"] for r in out.collect()] == model.predict(["They reject it.", "We back it."], head=None)
    only = gspark.classify(spark.createDataFrame([("We condemn the strikes.",)], "text string"), heads=["sentiment"])
    assert only.columns == ["text", "sentiment", "sentiment_confidence"]
    assert only.collect()[0]["sentiment"] == "negative"
    with pytest.raises(ValueError, match="no column named 'txt'"):
        gspark.classify(df, text_col="txt")
    with pytest.raises(ValueError, match='no head named "mood"'):
        gspark.classify(df, text_col="body", model=model, heads=["mood"])


def test_model_path(spark, tmp_path, clf):
    path = tmp_path / "m.json"
    clf.save(path)
    df = spark.createDataFrame([("We condemn the strikes.",)], "text string")
    assert gspark.classify(df, model=str(path)).collect()[0]["stance"] == "tense"


ARTICLES = [
    ("a1", 'The chancellor said: "We will never accept this annexation."\n\n'
           '"Our partnership is strong," Putin told reporters. He added: "Talks résumé next week."'),
    ("a2", "No quotes in this one."),
    ("a3", None),
    ("a4", '"We condemn the strikes," the ministry said.'),
]


def test_quotes_explode_one_row_per_quote(spark):
    df = spark.createDataFrame(ARTICLES, "doc string, body string")
    out = gspark.quotes(df, text_col="body", id_col="doc")
    rows = sorted(out.collect(), key=lambda r: (r["doc"], r["quote_index"]))
    want = []
    for doc, body in ARTICLES:
        if body is None:
            continue
        for i, q in enumerate(geostance.quotes(body).to_dict("records")):
            want.append((doc, i, q))
    assert len(rows) == len(want) == 4
    for row, (doc, i, q) in zip(rows, want):
        assert (row["doc"], row["quote_index"]) == (doc, i)
        assert row["quote"] == q["quote"]
        assert (row["start"], row["end"]) == (q["start"], q["end"])
        assert row["stance"] == q["stance"] and row["sentiment"] == q["sentiment"]
        assert row["stance_confidence"] == pytest.approx(q["stance_confidence"], abs=1e-7)
        assert row["speaker_actor"] == q["speaker_actor"]
        assert list(row["targets"]) == q["targets"]
    # Without id_col every other input column is kept.
    assert gspark.quotes(df, text_col="body").columns[:2] == ["doc", "quote_index"]
    # The publisher speaks for "the President said"; an unknown code fails on the driver.
    pub = spark.createDataFrame(
        [("p1", "2016-05-01", '"We will not accept this," the President said.')],
        "doc string, day string, body string",
    )
    row = gspark.quotes(pub, text_col="body", id_col="doc", date_col="day", publisher="RUS").first()
    assert (row["speaker_actor"], row["speaker_via"]) == ("RUS", "title")
    # A DateType column is read as its day, like a string.
    dated = spark.createDataFrame(
        [("d1", "2016-05-01", '"We will respond," Obama said.'),
         ("d2", "1990-05-01", '"We will respond," Obama said.')],
        "doc string, day string, body string",
    ).selectExpr("doc", "to_date(day) AS day", "body")
    got = {r["doc"]: r["speaker_actor"]
           for r in gspark.quotes(dated, text_col="body", id_col="doc", date_col="day").collect()}
    want = {d: geostance.quotes('"We will respond," Obama said.', date=day)["speaker_actor"][0]
            for d, day in [("d1", "2016-05-01"), ("d2", "1990-05-01")]}
    assert got == want and got["d1"] == "USA"
    import datetime

    import pandas as pd
    assert gspark._date_text(datetime.date(2016, 5, 1)) == "2016-05-01"
    assert gspark._date_text(pd.Timestamp("2016-05-01 13:00")) == "2016-05-01"
    assert gspark._date_text(pd.NaT) is None and gspark._date_text(float("nan")) is None
    with pytest.raises(ValueError, match="XYZ"):
        gspark.quotes(pub, text_col="body", publisher="XYZ")


def test_one_model_load_per_python_worker(spark, tmp_path, clf):
    """Many tasks, few workers: the model is parsed once per Python worker
    process (Spark reuses workers), not once per task or Arrow batch."""
    model = tmp_path / "m.json"
    clf.save(str(model))
    rows = [(f"Row {i}: we welcome the agreement with our neighbours.",) for i in range(4000)]
    tasks = 16
    df = spark.createDataFrame(rows, ["text"]).repartition(tasks)
    out = gspark.classify(df, model=str(model)).collect()
    assert len(out) == 4000
    key = ("path", os.fspath(str(model)))

    def report(batches):
        import os as _os

        import pandas as pd

        for _ in batches:
            pass
        yield pd.DataFrame({"pid": [_os.getpid()], "loads": [gspark._worker_loads().get(key, 0)]})

    stats = spark.range(tasks, numPartitions=tasks).mapInPandas(report, "pid long, loads long").collect()
    by_pid = {r["pid"]: r["loads"] for r in stats}
    # Workers that ran the classify job loaded the model exactly once each.
    assert by_pid and all(n <= 1 for n in by_pid.values()), by_pid
    # ... and the reused workers are the ones that report (16 tasks, 1 to 4 loads).
    assert sum(by_pid.values()) >= 1, by_pid
    assert sum(by_pid.values()) <= 2 * 2, (by_pid, "more loads than local[2] has worker slots")
