//! Library errors as Python exceptions, and argument checks shared by the
//! methods.

use geostance::Error;
use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;

/// Library errors as Python exceptions, keeping the library's message (which
/// names the file, row and fix): files -> OSError (FileNotFoundError,
/// PermissionError), input, options and model files -> ValueError, a failed
/// optimiser -> RuntimeError.
pub(crate) fn py_err(e: Error) -> PyErr {
    let message = e.message_with(&|s| s.flag().to_string());
    match &e {
        Error::Io { source, .. } => match source.kind() {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
            std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
            _ => PyOSError::new_err(message),
        },
        Error::Fit { .. } => PyRuntimeError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// Refuses `threads=0` (`None` means all cores).
pub(crate) fn check_threads(threads: Option<usize>) -> PyResult<()> {
    if threads == Some(0) {
        return Err(PyValueError::new_err(
            "threads must be at least 1 (or None for all cores)",
        ));
    }
    Ok(())
}
