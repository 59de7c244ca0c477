"""GeostanceClassifier as a scikit-learn estimator.

scikit-learn's check_estimator feeds numeric matrices, which a raw-text
classifier cannot take (and with the `string` input tag and no 2-D input it
runs nothing), so this file runs the API checks that need no data by name
(CHECKS below) and string-input versions of the fit/predict checks.
"""

import pickle

import numpy as np
import pandas as pd
import pytest

sklearn = pytest.importorskip("sklearn", reason="scikit-learn is not installed")

from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import FunctionTransformer  # noqa: E402
from sklearn.utils import estimator_checks  # noqa: E402

from conftest import STATEMENTS  # noqa: E402
from geostance.sklearn import GeostanceClassifier  # noqa: E402

# scikit-learn's checks that take no training data, run as they are.
CHECKS = [
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_estimator_tags_renamed",
    "check_valid_tag_types",
    "check_mixin_order",
    "check_do_not_raise_errors_in_init_or_set_params",
]


@pytest.mark.parametrize("name", CHECKS)
def test_sklearn_check(name):
    check = getattr(estimator_checks, name)
    check("GeostanceClassifier", GeostanceClassifier())


@pytest.fixture(scope="module")
def data():
    df = pd.read_csv(STATEMENTS, dtype=str, keep_default_na=False).iloc[:1200]
    return df["text"], df["stance"]


def test_fit_predict_and_classes(data):
    X, y = data
    est = GeostanceClassifier(min_df=2)
    assert est.fit(X, y) is est
    assert list(est.classes_) == ["cooperative", "neutral", "tense"]
    p = est.predict_proba(X[:50])
    assert p.shape == (50, 3) and p.dtype == np.float64
    np.testing.assert_allclose(p.sum(axis=1), 1, atol=1e-5)
    assert (est.predict(X[:50]) == est.classes_[p.argmax(axis=1)]).all()
    # The same numbers as geostance.train on the same data and options.
    import geostance

    direct = geostance.train(pd.DataFrame({"text": X, "label": y}), label_columns="label", min_df=2)
    np.testing.assert_allclose(p, direct.predict_proba(X[:50], head="label"), rtol=0, atol=0)
    assert est.score(X, y) > 0.8  # training accuracy


def test_unfitted_raises():
    with pytest.raises(NotFittedError):
        GeostanceClassifier().predict(["x"])


def test_fit_does_not_change_params_and_is_deterministic(data):
    X, y = data
    est = GeostanceClassifier(alpha=0.3, ngrams=(1, 1))
    before = est.get_params()
    a = est.fit(X, y).predict_proba(X[:100])
    assert est.get_params() == before
    b = clone(est).fit(X, y).predict_proba(X[:100])
    np.testing.assert_array_equal(a, b)


def test_non_string_labels_keep_their_order():
    X = ["we agree", "we back it", "we reject it", "we oppose it", "maybe", "perhaps"] * 3
    y = np.array([10, 10, 2, 2, 7, 7] * 3)
    est = GeostanceClassifier(alpha=0.1).fit(X, y)
    assert list(est.classes_) == [2, 7, 10]
    assert est.predict(["we reject it", "we agree"]).tolist() == [2, 10]
    p = est.predict_proba(["we reject it"])[0]
    assert p.argmax() == 0


def test_input_forms_and_errors(data):
    X, y = data
    est = GeostanceClassifier().fit(X[:300], y[:300])
    want = est.predict_proba(X[:5])
    for form in (list(X[:5]), np.array(X[:5]), X[:5].to_frame(), np.array(X[:5])[:, None]):
        np.testing.assert_array_equal(est.predict_proba(form), want)
    with pytest.raises(TypeError, match="not str"):
        est.predict([[0.1, 0.2]])
    with pytest.raises(ValueError, match="one label per text"):
        GeostanceClassifier().fit(X[:10], y[:9])
    with pytest.raises(ValueError, match="single class"):
        GeostanceClassifier().fit(["a", "b"], ["x", "x"])
    with pytest.raises(ValueError, match=r"line 3 \(row 2\).*empty"):
        GeostanceClassifier().fit(["a", " ", "c"], ["x", "y", "x"])
    with pytest.raises(ValueError, match="--alpha"):
        GeostanceClassifier(alpha=0).fit(X[:10], y[:10])
    # Blank texts get the prior: still a distribution and a class.
    p = est.predict_proba(["", "We condemn the strikes."])
    np.testing.assert_allclose(p.sum(axis=1), 1, atol=1e-5)


def test_pickle_round_trip(data):
    X, y = data
    est = GeostanceClassifier().fit(X[:300], y[:300])
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict_proba(X[:100]), est.predict_proba(X[:100]))


def test_pipeline_cross_val_score_and_grid_search(data):
    X, y = data
    pipe = Pipeline([
        ("strip", FunctionTransformer(lambda s: [t.strip() for t in s])),
        ("clf", GeostanceClassifier(threads=1)),
    ])
    scores = cross_val_score(pipe, X, y, cv=3, scoring="f1_macro")
    assert scores.shape == (3,) and (scores > 0.3).all()
    grid = GridSearchCV(
        GeostanceClassifier(), {"alpha": [0.1, 1.0], "ngrams": [(1, 1), (1, 2)]}, cv=2,
        scoring="accuracy",
    )
    grid.fit(X, y)
    assert set(grid.best_params_) == {"alpha", "ngrams"}
    assert len(grid.cv_results_["mean_test_score"]) == 4
    assert grid.predict(X[:10]).shape == (10,)
