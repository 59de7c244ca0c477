//! The `geostance._geostance` extension module: a thin PyO3 layer over the
//! geostance library. Python-facing documentation lives in
//! `geostance/__init__.py` and `geostance/_geostance.pyi`. These modules
//! convert arguments and results, release the GIL around every batch, and map
//! the library's errors onto Python exceptions with the library's messages:
//! `classifier` (the `Classifier` class), `batch` (parallel probability rows),
//! `records` (result dicts), `articles` (quotes and dyads as columns),
//! `train` (`geostance.train`), `texts` (text arguments) and `errors`.

mod articles;
mod batch;
mod classifier;
mod errors;
mod records;
mod texts;
mod train;

use pyo3::prelude::*;

use classifier::PyClassifier;

#[pymodule]
fn _geostance(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClassifier>()?;
    m.add_function(wrap_pyfunction!(train::train_model, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
