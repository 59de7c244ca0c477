"""A scikit-learn estimator over geostance: ``GeostanceClassifier``.

It takes raw texts (a list, numpy array or pandas Series of ``str``, or a
one-column DataFrame) and one label per text, trains one geostance head
(tokenizer, TF-IDF and logistic regression in Rust), and drops into
``Pipeline``, ``cross_val_score`` and ``GridSearchCV``:

>>> from sklearn.model_selection import cross_val_score
>>> from geostance.sklearn import GeostanceClassifier
>>> scores = cross_val_score(GeostanceClassifier(alpha=0.3), texts, labels, cv=5, scoring="f1_macro")  # doctest: +SKIP

Importing this module needs scikit-learn (``pip install scikit-learn``); the
rest of geostance does not.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

try:
    from sklearn.base import BaseEstimator, ClassifierMixin
    from sklearn.utils.validation import check_is_fitted
except ImportError as e:  # pragma: no cover - exercised only without scikit-learn
    raise ImportError(
        "geostance.sklearn needs scikit-learn: pip install scikit-learn "
        "(the rest of geostance works without it)"
    ) from e

from . import Classifier, _geostance, _range

__all__ = ["GeostanceClassifier"]

_HEAD = "label"


def _as_texts(X: Any) -> list:
    """Raw texts from a 1-D sequence, or a 2-D array / DataFrame with one column."""
    if hasattr(X, "iloc") and getattr(X, "ndim", 1) == 2:  # DataFrame
        if X.shape[1] != 1:
            raise ValueError(
                f"X has {X.shape[1]} columns; GeostanceClassifier takes raw texts: "
                "a list or Series of str, or a DataFrame with one text column"
            )
        X = X.iloc[:, 0]
    if isinstance(X, (str, bytes)):
        raise TypeError("X must be a sequence of texts, not a single string; wrap it in a list")
    if isinstance(X, np.ndarray):
        if X.ndim == 2 and X.shape[1] == 1:
            X = X[:, 0]
        elif X.ndim != 1:
            raise ValueError(f"X has shape {X.shape}; give one text per row (1-D, or 2-D with one column)")
    texts = X.tolist() if hasattr(X, "tolist") else list(X)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(
                f"X[{i}] is {type(t).__name__}, not str; GeostanceClassifier classifies raw texts "
                "(put it first in a Pipeline, with no vectorizer before it)"
            )
    return texts


class GeostanceClassifier(ClassifierMixin, BaseEstimator):
    """geostance's text classifier as a scikit-learn estimator.

    Parameters are ``geostance train``'s options, with its defaults:

    language : str, default "english"
        Snowball stemming language, or "none".
    ngrams : (int, int), default (1, 2)
        Word n-gram range.
    char_ngrams : (int, int) or None, default None
        Character n-grams inside words, e.g. (2, 5).
    negation : bool, default True
        Mark the words after a negator ("not a partner").
    min_df : int, default 1
        Keep terms found in at least this many training texts.
    max_df : float, default 1.0
        Drop terms found in more than this share of training texts.
    max_features : int, default 50000
        Keep at most this many terms, the most frequent first.
    alpha : float, default 0.5
        L2 penalty (scikit-learn's C is about 1/alpha).
    max_iterations : int, default 500
        L-BFGS iterations at most.
    solver : {"auto", "linfa", "sparse"}, default "auto"
    balance : bool, default False
        Oversample every class to the size of the largest.
    threads : int or None, default None
        Worker threads for training and prediction (None: all cores).

    Attributes
    ----------
    classes_ : ndarray
        The labels seen in ``fit``, sorted (``numpy.unique``); any hashable
        labels whose ``str()`` differ (ints, strings, ...).
    model_ : geostance.Classifier
        The fitted model (one head named "label"); ``model_.save(path)``
        writes a file the CLI reads.

    Blank texts: ``fit`` rejects them with the CLI's message (row and fix);
    ``predict_proba`` gives them the model's prior (its intercepts alone), so
    every row is a distribution and ``predict`` a class.
    """

    def __init__(
        self,
        language: str = "english",
        ngrams: Tuple[int, int] = (1, 2),
        char_ngrams: Optional[Tuple[int, int]] = None,
        negation: bool = True,
        min_df: int = 1,
        max_df: float = 1.0,
        max_features: int = 50_000,
        alpha: float = 0.5,
        max_iterations: int = 500,
        solver: str = "auto",
        balance: bool = False,
        threads: Optional[int] = None,
    ) -> None:
        self.language = language
        self.ngrams = ngrams
        self.char_ngrams = char_ngrams
        self.negation = negation
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.solver = solver
        self.balance = balance
        self.threads = threads

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.one_d_array = True
        tags.input_tags.string = True
        tags.target_tags.required = True
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"X_types": ["string"], "requires_y": True}

    def fit(self, X: Any, y: Sequence[Any]) -> "GeostanceClassifier":
        """Trains on texts ``X`` and labels ``y``; returns ``self``.

        Raises ``ValueError`` for mismatched lengths, fewer than two classes,
        blank texts (naming the row) or bad parameters.
        """
        texts = _as_texts(X)
        y = np.asarray(y)
        if y.ndim != 1:
            if y.ndim == 2 and y.shape[1] == 1:
                y = y[:, 0]
            else:
                raise ValueError(f"y has shape {y.shape}; give one label per text (1-D)")
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels; give one label per text")
        classes = np.unique(y)
        names = [str(c) for c in classes]
        if len(set(names)) != len(names):
            raise ValueError(f"labels {list(classes)} are not distinct as text; use distinct labels")
        if len(classes) < 2:
            raise ValueError(
                f"y has a single class ({names[0] if names else 'none'!r}); a classifier needs at least two"
            )
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["text", _HEAD])
        w.writerows(zip(texts, (str(v) for v in y)))
        inner, _warnings, _report = _geostance.train_model(
            data=buf.getvalue().encode("utf-8"),
            source="<GeostanceClassifier.fit X>",
            text_column="text",
            label_columns=[_HEAD],
            language=self.language,
            ngrams=_range("ngrams", self.ngrams),
            char_ngrams=_range("char_ngrams", self.char_ngrams),
            negation=bool(self.negation),
            min_df=int(self.min_df),
            max_df=float(self.max_df),
            max_features=int(self.max_features),
            alpha=float(self.alpha),
            max_iterations=int(self.max_iterations),
            solver=self.solver,
            balance=bool(self.balance),
            threads=self.threads,
        )
        self.model_ = Classifier._wrap(inner)
        self.classes_ = classes
        # geostance orders a head's labels by their text; map them to classes_.
        order = self.model_.labels(_HEAD)
        self._columns = np.array([order.index(n) for n in names])
        self._prior = np.asarray(inner.prior_proba(_HEAD), dtype=np.float64)[self._columns]
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape ``(n_texts, n_classes)``, columns in ``classes_`` order."""
        check_is_fitted(self, "model_")
        texts = _as_texts(X)
        p = self.model_.predict_proba(texts, head=_HEAD, threads=self.threads)
        p = p[:, self._columns].astype(np.float64)
        blank = np.isnan(p[:, 0]) if len(p) else np.zeros(0, dtype=bool)
        if blank.any():
            p[blank] = self._prior
        return p

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each text (values from ``classes_``)."""
        p = self.predict_proba(X)
        return self.classes_[np.argmax(p, axis=1)]
