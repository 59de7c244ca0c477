"""Type stubs for the compiled extension (see geostance/__init__.py for the public API)."""

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt

__version__: str

class Classifier:
    def __init__(self, path: Optional[str] = None) -> None: ...
    @staticmethod
    def from_json(data: bytes) -> "Classifier": ...
    def to_json(self) -> bytes: ...
    def save(self, path: str) -> None: ...
    @property
    def heads(self) -> List[str]: ...
    def labels(self, head: str) -> List[str]: ...
    def prior_proba(self, head: str) -> List[float]: ...
    def metadata_json(self) -> str: ...
    def n_features(self) -> int: ...
    def classify(self, text: str) -> Dict[str, Any]: ...
    def classify_batch(self, texts: Iterable[str], threads: Optional[int] = None) -> List[Dict[str, Any]]: ...
    def predict_proba_all(
        self, texts: Iterable[str], threads: Optional[int] = None
    ) -> Dict[str, npt.NDArray[np.float32]]: ...
    def predict_proba(
        self, texts: Iterable[str], head: str = "stance", threads: Optional[int] = None
    ) -> npt.NDArray[np.float32]: ...
    def predict(
        self, texts: Iterable[str], head: str = "stance", threads: Optional[int] = None
    ) -> List[Optional[str]]: ...
    def explain(self, text: str) -> Dict[str, Any]: ...
    def quotes(
        self,
        article: str,
        date: Optional[str] = ...,
        publisher: Optional[str] = ...,
        actors: Optional[str] = ...,
    ) -> Dict[str, List[Any]]: ...
    def dyads(
        self,
        articles: Sequence[Tuple[str, Optional[str], str]],
        by: Optional[str] = None,
        source_actor: Optional[str] = None,
        actors: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> Dict[str, List[Any]]: ...

def train_model(
    path: Optional[str] = None,
    data: Optional[bytes] = None,
    source: Optional[str] = None,
    text_column: str = "text",
    label_columns: Sequence[str] = ...,
    language: str = "english",
    ngrams: Sequence[int] = ...,
    char_ngrams: Optional[Sequence[int]] = None,
    negation: bool = True,
    min_df: int = 1,
    max_df: float = 1.0,
    max_features: int = 50000,
    alpha: float = 0.5,
    max_iterations: int = 500,
    solver: str = "auto",
    memory_budget_mib: int = 4096,
    balance: bool = False,
    cv: Optional[int] = None,
    tune: bool = False,
    seed: int = 42,
    lossy: bool = False,
    skip_invalid: bool = False,
    threads: Optional[int] = None,
    keep_names: bool = False,
    actors: Optional[str] = None,
    group_column: Optional[str] = None,
    vectors: Optional[str] = None,
    pooling: str = "unit-sqrt",
    vector_scale: float = 1.0,
    vectors_only: bool = False,
    allow_many_classes: bool = False,
) -> Tuple[Classifier, List[str], str]: ...
