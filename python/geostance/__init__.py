"""Stance and sentiment of geopolitical statements, from Python.

geostance labels statements -- news quotes, speeches, communiqués -- on two
heads: **stance** toward the counterpart (``cooperative``, ``neutral``,
``tense``) and **sentiment** of the language (``positive``, ``neutral``,
``negative``). This package wraps the Rust library (TF-IDF features and
logistic-regression heads); the library does all the work, so results are
the ones the ``geostance`` command line gives.

>>> import geostance
>>> clf = geostance.Classifier()            # the embedded default model
>>> clf.classify("For Kazakhstan, Russia is and has always been a strategic partner.")["stance"]["label"]
'cooperative'

numpy is imported on the first call that returns an array, pandas on the
first call that returns or takes a DataFrame: importing geostance and
classifying a statement needs neither.

Texts made only of whitespace get no label, as in the CLI: ``None`` for the
head in :meth:`Classifier.classify` records and in :meth:`Classifier.predict`,
a row of NaN in :meth:`Classifier.predict_proba`.
"""

from __future__ import annotations

import os

from . import _geostance

# Importing typing and json costs a quarter of the 100 ms budget for "import
# plus first classification": annotations stay strings (see the __future__
# import) and json is imported where it is used.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

    import numpy
    import pandas

    PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["Classifier", "train", "quotes", "dyads", "__version__"]
__version__: str = _geostance.__version__



class Classifier:
    """A loaded geostance model, ready to classify text.

    ``Classifier()`` uses the default model embedded in the package (parsed
    once per process); :meth:`load` reads a model file written by
    ``geostance train``, :func:`train` or :meth:`save`. A classifier is
    immutable and safe to share between threads; pickling it carries the
    whole model.

    Raises ``OSError`` (``FileNotFoundError``, ``PermissionError``) when the
    file cannot be read and ``ValueError`` when it is not a usable model.
    """

    __slots__ = ("_inner", "training_report")

    def __init__(self, path: Optional[PathLike] = None) -> None:
        self._inner = _geostance.Classifier(None if path is None else os.fspath(path))
        #: Cross-validation and tuning results of :func:`train` (``cv=``/``tune=``), else None.
        self.training_report: Optional[Dict[str, Any]] = None

    @classmethod
    def load(cls, path: PathLike) -> "Classifier":
        """Loads a model file in either format (binary or JSON, told apart by its
        first bytes), as written by ``geostance train`` or :meth:`save`."""
        return cls(path)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Classifier":
        """A classifier from a model file's bytes (see :meth:`to_bytes`)."""
        return cls._wrap(_geostance.Classifier.from_json(data))

    @classmethod
    def _wrap(cls, inner: "_geostance.Classifier") -> "Classifier":
        self = cls.__new__(cls)
        self._inner = inner
        self.training_report = None
        return self

    def __reduce__(self):
        return (Classifier.from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        heads = ", ".join(f"{h}: {'/'.join(self.labels(h))}" for h in self.heads)
        return f"<geostance.Classifier {heads}; {self._inner.n_features()} features>"

    # -- the model -----------------------------------------------------------

    @property
    def heads(self) -> List[str]:
        """Head names in model order, e.g. ``["stance", "sentiment"]``."""
        return self._inner.heads

    def labels(self, head: str) -> List[str]:
        """The labels of ``head`` in the order of :meth:`predict_proba` columns.

        Raises ``ValueError`` naming the model's heads when there is no such head.
        """
        return self._inner.labels(head)

    @property
    def metadata(self) -> Dict[str, Any]:
        """What the model was trained on and how: data file and SHA-256, rows,
        label counts, every option, solver per head, and CV scores when run."""
        import json

        return json.loads(self._inner.metadata_json())

    def save(self, path: PathLike) -> None:
        """Writes the model file atomically (the bytes ``geostance train`` writes
        for the same data and options): JSON when ``path`` ends in ``.json``, the
        binary format otherwise (``.safetensors`` by convention). Raises
        ``OSError`` when it cannot."""
        self._inner.save(os.fspath(path))

    def to_bytes(self) -> bytes:
        """The model file's bytes, in the JSON format (:meth:`from_bytes` reads
        both formats)."""
        return self._inner.to_json()

    # -- classification ------------------------------------------------------

    def classify(self, text: str) -> Dict[str, Any]:
        """Classifies one statement with every head.

        Returns the CLI's jsonl record as a dict::

            {"text": ..., "stance": {"label": "cooperative", "confidence": 0.83,
             "probabilities": {"cooperative": 0.83, "neutral": 0.10, "tense": 0.07}},
             "sentiment": {...}}

        Probabilities are the library's float32 values (the CLI prints six
        decimals). A blank text gives ``None`` for every head.
        """
        return self._inner.classify(text)

    def classify_batch(self, texts: Iterable[str], threads: Optional[int] = None) -> List[Dict[str, Any]]:
        """Classifies many statements: one :meth:`classify` record per text, in input order.

        ``texts`` is a list, tuple, numpy array, pandas Series or any iterable
        of ``str``. The GIL is released while the library classifies in
        parallel on ``threads`` workers (default: all cores; ``1`` stays on
        the calling thread). Raises ``TypeError`` for a non-string item and
        ``ValueError`` for ``threads < 1``.
        """
        return self._inner.classify_batch(_texts(texts), threads)

    def predict_proba(
        self, texts: Iterable[str], head: Optional[str] = "stance", threads: Optional[int] = None
    ) -> "numpy.ndarray":
        """Probabilities of one head: a float32 array of shape ``(len(texts), len(labels(head)))``,
        columns in :meth:`labels` order. Rows of blank texts are NaN.

        ``head=None`` means the model's first head (``stance`` for the default
        model). Releases the GIL; ``threads`` as in :meth:`classify_batch`.
        """
        return self._inner.predict_proba(_texts(texts), self._head(head), threads)

    def predict_proba_all(self, texts: Iterable[str], threads: Optional[int] = None) -> Dict[str, "numpy.ndarray"]:
        """Every head's probabilities in one pass: ``{head: array}``, each as
        :meth:`predict_proba` returns it (each text is tokenized once)."""
        return self._inner.predict_proba_all(_texts(texts), threads)

    def predict(
        self, texts: Iterable[str], head: Optional[str] = "stance", threads: Optional[int] = None
    ) -> List[Optional[str]]:
        """The most probable label of ``head`` for each text (``None`` for a blank text)."""
        return self._inner.predict(_texts(texts), self._head(head), threads)

    def explain(self, text: str) -> "pandas.DataFrame":
        """Why each head chose its label, as a pandas DataFrame.

        One row per feature of the text and head, largest contribution to the
        chosen label first, with columns ``head, label, confidence, term,
        value, weight, contribution, words, spans`` (``spans``: ``(start, end)``
        character offsets into ``text`` of the words the feature came from;
        ``contribution = value * weight``). ``df.attrs["heads"]`` holds each
        head's label, confidence, raw score, intercept and every label's score:
        a head's contributions plus its intercept sum to its score.
        Raises ``ValueError`` for a blank text.
        """
        import pandas as pd

        out = self._inner.explain(text)
        df = pd.DataFrame(out["columns"])
        df.attrs["heads"] = out["heads"]
        df.attrs["text"] = text
        return df

    def _head(self, head: Optional[str]) -> str:
        if head is None:
            heads = self.heads
            if not heads:
                raise ValueError("the model has no heads")
            return heads[0]
        return head


def _texts(texts: Any) -> Any:
    # A pandas Series or numpy array iterates as str; lists and tuples are
    # read without a Python-level loop in the extension.
    if isinstance(texts, (list, tuple)):
        return texts
    tolist = getattr(texts, "tolist", None)
    if tolist is not None and not isinstance(texts, (str, bytes)):
        return tolist()
    return texts


def quotes(
    article: str,
    classifier: Optional[Classifier] = None,
    date: Optional[str] = None,
    publisher: Optional[str] = None,
    actors: Optional[PathLike] = None,
) -> "pandas.DataFrame":
    """The quoted statements of a news article, with speakers, actors and labels.

    ``article`` is plain text or Markdown, paragraphs separated by blank lines
    (the rules are those of ``geostance quotes``: see docs/quotes.md). Returns
    a DataFrame with one row per quote in document order and columns
    ``quote, speaker, speaker_mention, cue, start, end, byte_start, byte_end,
    paragraph, partial, context, context_kind`` (``context`` is what was
    classified: the quote, or a partial quote's sentence), ``speaker_actor,
    speaker_actor_name, speaker_via`` (the state or organisation the speaker
    speaks for, its name and how it was found: person, title, institution or
    spokesperson; None when unknown), ``targets`` (list of the codes the quote
    is about) and ``targets_inferred`` (True when the quote names no one and
    the article's counterpart was taken), then for each head ``<head>``,
    ``<head>_confidence`` and ``<head>_p_<label>``. ``article[start:end] ==
    quote`` (character offsets); ``byte_start``/``byte_end`` are the CLI's
    UTF-8 byte offsets. ``date`` (``YYYY-MM-DD``) makes the gazetteer's dated
    roles count; ``publisher`` is ``geostance quotes --publisher`` (the state
    whose site publishes the article: "the President said" speaks for it);
    ``actors`` a CSV of your own actors (``--actors``). ``classifier``
    defaults to the embedded model.
    """
    import pandas as pd

    clf = classifier if classifier is not None else Classifier()
    if not isinstance(article, str):
        raise TypeError(f"article must be str, not {type(article).__name__}")
    return pd.DataFrame(
        clf._inner.quotes(
            article,
            date=date,
            publisher=publisher,
            actors=None if actors is None else os.fspath(actors),
        )
    )


def dyads(
    articles: Union[Sequence[str], "pandas.DataFrame"],
    text_column: str = "text",
    id_column: str = "id",
    date_column: str = "date",
    by: Optional[str] = "year",
    source_actor: Optional[str] = None,
    classifier: Optional[Classifier] = None,
    actors: Optional[PathLike] = None,
    threads: Optional[int] = None,
    publisher_column: Optional[str] = None,
) -> "pandas.DataFrame":
    """Who speaks about whom, per period: the table of ``geostance dyads``.

    ``articles`` is a list of article texts, or a DataFrame with a text
    column and optional id and date (``YYYY-MM-DD``) columns. Quotes whose
    speaker resolves to a state or organisation are statements of that actor
    about the actors they name; with ``source_actor`` (e.g. ``"RUS"`` for
    Kremlin readouts) every other sentence is a statement of the publisher,
    and so is a quote of a bare title or message whose person the article
    does not name ("the President said"), as with ``geostance dyads
    --source-actor``. ``publisher_column`` names a DataFrame column holding
    each article's own publisher (``"iso3"`` for UN General Debate speeches),
    which takes the place of ``source_actor`` for that article (``geostance
    dyads --publisher-column``); a code the gazetteer lacks keeps
    ``source_actor``.
    ``by`` is ``"day"``, ``"week"``, ``"month"``, ``"year"`` or None (one
    period, ``all``); statements without a date go to ``undated``.

    Returns one row per (period, source, target) with columns ``period,
    source, target, statements, cooperative, neutral, tense,
    net_cooperation, net_sentiment`` (mean P(cooperative) - P(tense) and
    mean P(positive) - P(negative)). Raises ``ValueError`` for an unknown
    period or source actor, or a bad ``actors`` CSV.
    """
    import pandas as pd

    clf = classifier if classifier is not None else Classifier()
    if hasattr(articles, "columns"):
        if text_column not in articles.columns:
            raise ValueError(
                f"no column {text_column!r}; the columns are: {', '.join(map(str, articles.columns))}"
            )
        texts = articles[text_column].fillna("").astype(str).tolist()
        ids = (articles[id_column].astype(str).tolist() if id_column in articles.columns
               else [str(i + 1) for i in range(len(texts))])
        dates = (articles[date_column].where(articles[date_column].notna(), None).tolist()
                 if date_column in articles.columns else [None] * len(texts))
        dates = [None if d is None or d == "" else str(d) for d in dates]
        if publisher_column is not None and publisher_column not in articles.columns:
            raise ValueError(
                f"no column {publisher_column!r}; the columns are: {', '.join(map(str, articles.columns))}"
            )
        publishers = ([None if p is None or p == "" else str(p)
                       for p in articles[publisher_column].where(
                           articles[publisher_column].notna(), None).tolist()]
                      if publisher_column is not None else [None] * len(texts))
    else:
        if publisher_column is not None:
            raise ValueError("publisher_column needs a DataFrame of articles")
        texts = list(articles)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"articles must be str, not {type(t).__name__}")
        ids = [str(i + 1) for i in range(len(texts))]
        dates = [None] * len(texts)
        publishers = [None] * len(texts)
    cols = clf._inner.dyads(
        list(zip(ids, dates, texts, publishers)), by=by, source_actor=source_actor,
        actors=None if actors is None else os.fsdecode(actors), threads=threads,
    )
    return pd.DataFrame(cols)


_OPTIONS = {
    "language", "ngrams", "char_ngrams", "negation", "min_df", "max_df", "max_features",
    "alpha", "max_iterations", "solver", "memory_budget_mib", "balance", "cv", "tune",
    "seed", "lossy", "skip_invalid", "threads", "source", "keep_names", "actors",
    "group_column", "vectors", "pooling", "vector_scale", "vectors_only", "allow_many_classes",
}


def _range(name: str, value: Any) -> Optional[List[int]]:
    """``1..2``, ``"1..2"``, ``(1, 2)`` or ``2`` (for ``2..2``) -> [lo, hi]."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return [value, value]
    if isinstance(value, str):
        parts = [p for p in value.replace("-", ".").replace(",", ".").split(".") if p.strip()]
        try:
            nums = [int(p) for p in parts]
        except ValueError:
            nums = []
        if len(nums) in (1, 2):
            return [nums[0], nums[-1]]
        raise ValueError(f"{name}={value!r} is not a range: write MIN..MAX, e.g. \"1..2\" or (1, 2)")
    try:
        lo, hi = value
        return [int(lo), int(hi)]
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a range: write MIN..MAX, e.g. \"1..2\" or (1, 2)") from None


def train(
    data: Union[PathLike, "pandas.DataFrame"],
    text_column: str = "text",
    label_columns: Union[None, str, Sequence[str]] = None,
    **options: Any,
) -> Classifier:
    """Trains a model like ``geostance train`` and returns its :class:`Classifier`.

    ``data`` is a labeled CSV file (path) or a pandas DataFrame with a text
    column and one or more label columns (default: ``stance`` and/or
    ``sentiment``, whichever exist). The options are the CLI's, with the
    CLI's defaults: ``language="english"``, ``ngrams=(1, 2)``,
    ``char_ngrams=None``, ``negation=True`` (the CLI's ``--no-negation`` is
    ``negation=False``), ``min_df=1``, ``max_df=1.0``, ``max_features=50000``,
    ``alpha=0.5``, ``max_iterations=500``, ``solver="auto"``,
    ``memory_budget_mib=4096``, ``balance=False``, ``cv=None``,
    ``tune=False``, ``seed=42``, ``lossy=False``, ``skip_invalid=False``,
    ``keep_names=False`` (names as words instead of actor placeholders),
    ``actors=None`` (a CSV of your own actors, ``name,code,kind,from,to``),
    ``group_column=None`` (rows of a group share a CV fold),
    ``vectors=None`` (a file from ``geostance vectors``: pooled word vectors
    as features, folded into the model), ``pooling="unit-sqrt"``,
    ``vector_scale=1.0``, ``vectors_only=False``, ``allow_many_classes=False``
    (go on when a label column has a distinct value in most rows);
    plus ``threads`` (default: all cores; the model does not depend on it).
    Ranges are ``(lo, hi)``, ``"lo..hi"`` or one int.

    The same data and options give the same model bytes as the CLI. A
    DataFrame is serialised to CSV (``to_csv(index=False,
    lineterminator="\\n")``, UTF-8) and read by the CLI's reader: its
    ``data_sha256`` in the metadata is that text's SHA-256, and its
    ``data_file`` is ``source=`` (default ``"<DataFrame>"``), the name used in
    error messages. A DataFrame saved with that ``to_csv`` call and trained
    on with the CLI gives byte-identical models when ``source`` is the
    file's name.

    With ``cv=K`` or ``tune=True`` the cross-validation (and tuning grid)
    scores are in the model's metadata and in ``classifier.training_report``.
    Data warnings (e.g. labels that differ only in case) are issued as
    ``UserWarning``. Raises ``ValueError`` for bad data or options (the
    CLI's message: file, line and row, and the fix), ``OSError`` when the
    file cannot be read, ``TypeError`` for an unknown option.
    """
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise TypeError(
            f"train() got unknown option(s) {', '.join(map(repr, unknown))}; "
            f"the options are: {', '.join(sorted(_OPTIONS))}"
        )
    if isinstance(label_columns, str):
        label_columns = [label_columns]
    kwargs: Dict[str, Any] = dict(options)
    for name in ("ngrams", "char_ngrams"):
        if name in kwargs:
            kwargs[name] = _range(name, kwargs[name])
    if kwargs.get("ngrams", 0) is None:
        raise ValueError("ngrams=None: give a word n-gram range such as (1, 2)")
    kwargs["text_column"] = text_column
    kwargs["label_columns"] = list(label_columns or [])
    for name in ("actors", "vectors"):
        if kwargs.get(name) is not None:
            kwargs[name] = os.fsdecode(kwargs[name])
    if isinstance(data, (str, bytes, os.PathLike)):
        if "source" in kwargs:
            raise TypeError("source= names a DataFrame; a file is named by its path")
        kwargs["path"] = os.fsdecode(data)
    elif hasattr(data, "to_csv") and hasattr(data, "columns"):
        kwargs["data"] = data.to_csv(index=False, lineterminator="\n").encode("utf-8")
    else:
        raise TypeError(f"data must be a CSV path or a pandas DataFrame, not {type(data).__name__}")
    import json
    import warnings

    inner, data_warnings, report = _geostance.train_model(**kwargs)
    for w in data_warnings:
        warnings.warn(w, UserWarning, stacklevel=2)
    clf = Classifier._wrap(inner)
    report = json.loads(report)
    clf.training_report = report or None
    return clf
