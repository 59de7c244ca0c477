"""geostance on Spark DataFrames: ``classify`` and ``quotes`` through
``mapInPandas`` (Arrow batches), loading the model once per Python worker.

>>> from geostance.spark import classify
>>> labeled = classify(spark.read.parquet("statements/"), text_col="text")  # doctest: +SKIP
>>> labeled.groupBy("stance").count().show()                                 # doctest: +SKIP

Every executor needs the geostance wheel installed in its Python (see
docs/spark.md). Each batch is classified on one thread: Spark already runs
one task per core.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from . import Classifier

__all__ = ["classify", "quotes"]

ModelSpec = Union[None, str, "os.PathLike[str]", Classifier]

# One classifier per model per Python worker process: Spark reuses Python
# workers across tasks (spark.python.worker.reuse, on by default), so the
# model is parsed once per worker, not once per task or batch.
_WORKER_MODELS: Dict[Tuple[str, str], Classifier] = {}
# How many times this worker process parsed each model (1 when reuse works).
_WORKER_LOADS: Dict[Tuple[str, str], int] = {}


def _worker_loads() -> Dict[Tuple[str, str], int]:
    """Model loads in this Python process, per model key (for tests and
    for checking a cluster's worker reuse)."""
    return dict(_WORKER_LOADS)


def _model_key(model: ModelSpec) -> Tuple[Tuple[str, str], Optional[bytes]]:
    """A small picklable description of the model, and its bytes when it
    has to travel with the task (a Classifier trained in the driver)."""
    if model is None:
        return ("embedded", ""), None
    if isinstance(model, Classifier):
        data = model.to_bytes()
        return ("bytes", hashlib.sha256(data).hexdigest()), data
    return ("path", os.fspath(model)), None


def _worker_classifier(key: Tuple[str, str], data: Optional[bytes]) -> Classifier:
    clf = _WORKER_MODELS.get(key)
    if clf is None:
        kind, value = key
        if kind == "embedded":
            clf = Classifier()
        elif kind == "bytes":
            clf = Classifier.from_bytes(data)  # type: ignore[arg-type]
        else:
            path = value
            if not os.path.exists(path):
                # A file shipped with spark-submit --files / sc.addFile.
                from pyspark import SparkFiles

                shipped = SparkFiles.get(os.path.basename(path))
                if os.path.exists(shipped):
                    path = shipped
            clf = Classifier.load(path)
        _WORKER_MODELS[key] = clf
        _WORKER_LOADS[key] = _WORKER_LOADS.get(key, 0) + 1
    return clf


def _driver_classifier(model: ModelSpec) -> Classifier:
    if model is None:
        return Classifier()
    if isinstance(model, Classifier):
        return model
    return Classifier.load(model)


def _texts(column) -> List[str]:
    # Nulls classify as blank texts: no label.
    return ["" if not isinstance(t, str) else t for t in column.tolist()]


def _check_column(df, name: str, what: str) -> None:
    if name not in df.columns:
        raise ValueError(
            f"no column named {name!r}; the columns are: {', '.join(map(repr, df.columns))}; "
            f"name the right one with {what}="
        )


def classify(
    df,
    text_col: str = "text",
    model: ModelSpec = None,
    heads: Optional[Sequence[str]] = None,
    probabilities: bool = False,
):
    """Adds each head's label and confidence to a Spark DataFrame.

    Returns ``df`` with, for each head (default: every head of the model),
    a string column ``<head>`` and a double column ``<head>_confidence``,
    plus a ``map<string,double>`` column ``<head>_probabilities`` when
    ``probabilities=True``. Null or blank texts get nulls, like the CLI's
    ``null``. ``model`` is None (the embedded model), a model file path
    readable on every executor (or shipped with ``--files``: the base name
    is looked up with ``SparkFiles``), or a :class:`geostance.Classifier`
    (its bytes travel with each task). Values equal the CLI's and
    :meth:`Classifier.classify_batch`'s, row for row.
    """
    from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

    _check_column(df, text_col, "text_col")
    driver = _driver_classifier(model)
    heads = list(heads) if heads is not None else driver.heads
    for h in heads:
        driver.labels(h)  # ValueError naming the model's heads
    labels = {h: driver.labels(h) for h in heads}
    taken = set(df.columns)
    fields = list(df.schema.fields)
    for h in heads:
        new = [StructField(h, StringType()), StructField(f"{h}_confidence", DoubleType())]
        if probabilities:
            new.append(StructField(f"{h}_probabilities", MapType(StringType(), DoubleType())))
        for f in new:
            if f.name in taken:
                raise ValueError(f"the DataFrame already has a column {f.name!r}; rename it first")
        fields.extend(new)
    schema = StructType(fields)
    key, data = _model_key(model)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import numpy as np
        import pandas as pd

        clf = _worker_classifier(key, data)
        for pdf in batches:
            probs = clf.predict_proba_all(_texts(pdf[text_col]), threads=1)
            columns = {}
            for h in heads:
                p = probs[h].astype(np.float64)
                blank = np.isnan(p[:, 0]) if len(p) else np.zeros(0, dtype=bool)
                names = np.asarray(labels[h], dtype=object)
                best = np.argmax(np.nan_to_num(p, nan=0.0), axis=1) if len(p) else np.zeros(0, dtype=int)
                label = names[best] if len(p) else np.zeros(0, dtype=object)
                label[blank] = None
                columns[h] = label
                columns[f"{h}_confidence"] = pd.array(
                    np.where(blank, 0.0, p.max(axis=1, initial=0.0)), dtype="Float64"
                )
                columns[f"{h}_confidence"][blank] = pd.NA
                if probabilities:
                    columns[f"{h}_probabilities"] = [
                        None if b else dict(zip(labels[h], row.tolist())) for b, row in zip(blank, p)
                    ]
            yield pdf.assign(**columns)

    return df.mapInPandas(run, schema)


def _date_text(value: Any) -> Optional[str]:
    """A date column's value as ``YYYY-MM-DD``: strings as they are, dates and
    timestamps (Spark DateType/TimestampType, pandas Timestamp) by their day;
    None, NaN and NaT as no date."""
    if isinstance(value, str):
        return value
    if value is None or value != value:  # None, NaN, NaT
        return None
    iso = getattr(value, "isoformat", None)
    return iso()[:10] if iso is not None else None


def quotes(
    df,
    text_col: str = "text",
    id_col: Optional[str] = None,
    model: ModelSpec = None,
    date_col: Optional[str] = None,
    publisher: Optional[str] = None,
):
    """Extracts and classifies the quotes of every article: one row per quote.

    Each input row's ``text_col`` is an article; the result has one row per
    quote it contains (articles without quotes give none, like ``explode``),
    with ``id_col`` (or, when None, every input column but the text) and
    ``quote_index`` (0-based, document order), ``quote, speaker,
    speaker_mention, cue, start, end`` (character offsets into the article),
    ``paragraph, partial``, ``speaker_actor, speaker_via`` (the state or
    organisation the speaker speaks for, and how it was found), ``targets``
    (the codes the quote is about), and per head ``<head>``,
    ``<head>_confidence``: the values of :func:`geostance.quotes` and
    ``geostance quotes``. ``date_col`` (``YYYY-MM-DD`` strings, or a date or
    timestamp column) makes dated roles count; ``publisher`` is ``geostance quotes --publisher``.
    """
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    _check_column(df, text_col, "text_col")
    if date_col is not None:
        _check_column(df, date_col, "date_col")
    if id_col is not None:
        _check_column(df, id_col, "id_col")
        keep = [f for f in df.schema.fields if f.name == id_col]
    else:
        keep = [f for f in df.schema.fields if f.name != text_col]
    driver = _driver_classifier(model)
    if publisher is not None:
        driver._inner.quotes("", publisher=publisher)  # an unknown code fails here, not on a worker
    heads = driver.heads
    quote_fields = [
        StructField("quote_index", LongType()),
        StructField("quote", StringType()),
        StructField("speaker", StringType()),
        StructField("speaker_mention", StringType()),
        StructField("cue", StringType()),
        StructField("start", LongType()),
        StructField("end", LongType()),
        StructField("paragraph", LongType()),
        StructField("partial", BooleanType()),
        StructField("speaker_actor", StringType()),
        StructField("speaker_via", StringType()),
        StructField("targets", ArrayType(StringType())),
    ]
    for h in heads:
        quote_fields += [StructField(h, StringType()), StructField(f"{h}_confidence", DoubleType())]
    for f in quote_fields:
        if f.name in {k.name for k in keep}:
            raise ValueError(f"the DataFrame already has a column {f.name!r}; rename it or pass id_col=")
    schema = StructType(keep + quote_fields)
    keep_names = [f.name for f in keep]
    out_names = [f.name for f in quote_fields]
    key, data = _model_key(model)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        clf = _worker_classifier(key, data)
        for pdf in batches:
            rows = []
            dates = pdf[date_col].tolist() if date_col is not None else None
            for i, article in enumerate(pdf[text_col].tolist()):
                if not isinstance(article, str):
                    continue
                date = _date_text(dates[i]) if dates is not None else None
                cols = clf._inner.quotes(article, date=date, publisher=publisher)
                base = [pdf[c].iat[i] for c in keep_names]
                for j in range(len(cols["quote"])):
                    rows.append(base + [j] + [cols[c][j] for c in out_names[1:]])
            yield pd.DataFrame(rows, columns=keep_names + out_names)

    return df.mapInPandas(run, schema)
