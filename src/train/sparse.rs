//! The objective linfa-logistic's `MultiLogisticRegression` minimises —
//! multinomial log-loss summed over rows + alpha/2 ||W||^2, intercept not
//! penalised — evaluated over sparse rows, and minimised with the same
//! optimiser (argmin's L-BFGS, memory 10, More-Thuente line search, zero
//! start). Its cost per evaluation grows with the non-zeros, not with
//! rows x vocabulary, so it trains on data the dense solver cannot hold.
//! `linfa-logistic` stays the reference: a test checks both reach the same
//! coefficients.

use std::cell::RefCell;

use argmin::core::{CostFunction, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::dataset::{DatasetBase, Records};
use linfa::traits::Fit;
use ndarray::{Array1, Array2};

/// Rows in compressed sparse row form.
#[derive(Debug, Clone, Default)]
pub struct CsrMatrix {
    /// Row `i`'s entries are `indptr[i]..indptr[i + 1]` of `indices` and `values`; `indptr[0]` is 0.
    pub indptr: Vec<usize>,
    /// Feature id of each entry.
    pub indices: Vec<u32>,
    /// Value of each entry.
    pub values: Vec<f64>,
    /// Number of features (columns).
    pub n_features: usize,
}

impl CsrMatrix {
    /// An empty matrix with `n_features` columns.
    pub fn new(n_features: usize) -> Self {
        CsrMatrix {
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
            n_features,
        }
    }

    /// Appends a row: its feature ids and their values, in the same order.
    pub fn push_row(&mut self, indices: &[u32], values: impl IntoIterator<Item = f64>) {
        self.indices.extend_from_slice(indices);
        self.values.extend(values);
        self.indptr.push(self.indices.len());
    }

    /// The number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }
}

impl Records for CsrMatrix {
    type Elem = f64;
    fn nsamples(&self) -> usize {
        self.nrows()
    }
    fn nfeatures(&self) -> usize {
        self.n_features
    }
}

/// Hyperparameters, as linfa-logistic names them.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseLogisticRegression {
    /// L2 penalty weight. Default 1.0 (as linfa).
    pub alpha: f64,
    /// Default 100 (as linfa).
    pub max_iterations: u64,
    /// Stop when the L2 norm of the gradient of the row-mean objective is
    /// below this. Default 1e-4.
    pub gradient_tolerance: f64,
}

impl Default for SparseLogisticRegression {
    fn default() -> Self {
        SparseLogisticRegression {
            alpha: 1.0,
            max_iterations: 100,
            gradient_tolerance: 1e-4,
        }
    }
}

/// A fitted model: weights `n_features x n_classes`, an intercept per class.
#[derive(Debug, Clone)]
pub struct SparseFitted {
    /// Weights, `n_features x n_classes`.
    pub params: Array2<f64>,
    /// Intercept of each class.
    pub intercept: Array1<f64>,
    /// Class values in column order (sorted, as linfa).
    pub classes: Vec<usize>,
    /// L-BFGS iterations run.
    pub iterations: u64,
}

struct Problem<'a> {
    x: &'a CsrMatrix,
    /// Column index of each row's class.
    y: Vec<usize>,
    /// Row weights (1 when none).
    w: Option<&'a [f32]>,
    k: usize,
    alpha: f64,
    /// The last point evaluated, with its cost and gradient: the line search
    /// asks for cost and gradient at the same point.
    cache: RefCell<Option<Evaluated>>,
}

/// A point, its cost and its gradient.
type Evaluated = (Array1<f64>, f64, Array1<f64>);

impl Problem<'_> {
    fn evaluate(&self, p: &Array1<f64>) -> (f64, Array1<f64>) {
        if let Some((q, c, g)) = self.cache.borrow().as_ref()
            && q == p
        {
            return (*c, g.clone());
        }
        let k = self.k;
        let nf = self.x.n_features;
        let p = p.as_slice().expect("contiguous params");
        let (weights, intercept) = p.split_at(nf * k);
        let mut grad = vec![0.0f64; p.len()];
        let mut loss = 0.0;
        let mut h = vec![0.0f64; k];
        for i in 0..self.x.nrows() {
            let (idx, val) = self.x.row(i);
            h.copy_from_slice(intercept);
            for (&f, &v) in idx.iter().zip(val) {
                let wf = &weights[f as usize * k..f as usize * k + k];
                for (hc, wc) in h.iter_mut().zip(wf) {
                    *hc += v * wc;
                }
            }
            let max = h.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = h.iter().map(|z| (z - max).exp()).sum();
            let lse = max + sum.ln();
            let wi = self.w.map_or(1.0, |w| w[i] as f64);
            loss += wi * (lse - h[self.y[i]]);
            // diff = softmax - onehot, scaled by the row weight
            for (c, hc) in h.iter_mut().enumerate() {
                *hc = wi * ((*hc - lse).exp() - if c == self.y[i] { 1.0 } else { 0.0 });
            }
            for (&f, &v) in idx.iter().zip(val) {
                let g = &mut grad[f as usize * k..f as usize * k + k];
                for c in 0..k {
                    g[c] += v * h[c];
                }
            }
            for c in 0..k {
                grad[nf * k + c] += h[c];
            }
        }
        let mut sq = 0.0;
        for (g, &w) in grad[..nf * k].iter_mut().zip(weights) {
            *g += self.alpha * w;
            sq += w * w;
        }
        loss += 0.5 * self.alpha * sq;
        let grad = Array1::from(grad);
        *self.cache.borrow_mut() = Some((Array1::from(p.to_vec()), loss, grad.clone()));
        (loss, grad)
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;
    fn cost(&self, p: &Self::Param) -> Result<f64, argmin::core::Error> {
        Ok(self.evaluate(p).0)
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;
    fn gradient(&self, p: &Self::Param) -> Result<Array1<f64>, argmin::core::Error> {
        Ok(self.evaluate(p).1)
    }
}

impl Fit<CsrMatrix, Array1<usize>, linfa_logistic::error::Error> for SparseLogisticRegression {
    type Object = SparseFitted;

    /// Fits on sparse rows; the dataset's weights (if any) weigh each row's loss.
    fn fit(
        &self,
        dataset: &DatasetBase<CsrMatrix, Array1<usize>>,
    ) -> Result<SparseFitted, linfa_logistic::error::Error> {
        use linfa_logistic::error::Error as E;
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(E::InvalidAlpha);
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(E::InvalidGradientTolerance);
        }
        let x = &dataset.records;
        let targets = &dataset.targets;
        if x.nrows() != targets.len() {
            return Err(E::MismatchedShapes(x.nrows(), targets.len()));
        }
        if x.values.iter().any(|v| !v.is_finite()) {
            return Err(E::InvalidValues);
        }
        let mut classes: Vec<usize> = targets.iter().copied().collect();
        classes.sort_unstable();
        classes.dedup();
        if classes.len() < 2 {
            return Err(E::TooFewClasses);
        }
        let y = targets
            .iter()
            .map(|t| classes.binary_search(t).expect("class present"))
            .collect();
        let k = classes.len();
        let nf = x.n_features;
        let problem = Problem {
            x,
            y,
            w: dataset.weights(),
            k,
            alpha: self.alpha,
            cache: RefCell::new(None),
        };
        // The tolerance applies to the gradient of the row-mean objective (as
        // scikit-learn's lbfgs does), so the summed objective stops at
        // tolerance x rows (weighted rows when weights are given): larger data
        // does not demand ever smaller relative gradients.
        let total_weight: f64 = match dataset.weights() {
            Some(w) => w.iter().map(|&x| x as f64).sum(),
            None => x.nrows() as f64,
        };
        let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
            .with_tolerance_grad(self.gradient_tolerance * total_weight.max(1.0))?;
        let init = Array1::<f64>::zeros((nf + 1) * k);
        let result = Executor::new(problem, solver)
            .configure(|s| s.param(init.clone()).max_iters(self.max_iterations))
            .run()?;
        let iterations = result.state.iter;
        let p = result.state.best_param.unwrap_or(init);
        let params = Array2::from_shape_vec((nf + 1, k), p.to_vec()).expect("shape");
        Ok(SparseFitted {
            params: params.slice(ndarray::s![..nf, ..]).to_owned(),
            intercept: params.row(nf).to_owned(),
            classes,
            iterations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::Dataset;
    use linfa_logistic::MultiLogisticRegression;

    /// Small data where both solvers converge: they must agree.
    #[test]
    fn matches_linfa_logistic_coefficients() {
        let dense = ndarray::array![
            [1.0, 0.0, 0.5, 0.0],
            [0.8, 0.1, 0.0, 0.0],
            [0.0, 1.0, 0.0, 0.3],
            [0.0, 0.7, 0.2, 0.0],
            [0.0, 0.0, 1.0, 0.6],
            [0.1, 0.0, 0.9, 0.0],
            [0.5, 0.5, 0.0, 0.0],
            [0.0, 0.2, 0.3, 1.0],
        ];
        let y = ndarray::array![0usize, 0, 1, 1, 2, 2, 0, 2];
        let reference = MultiLogisticRegression::default()
            .alpha(0.5)
            .max_iterations(500)
            .gradient_tolerance(1e-8)
            .fit(&Dataset::new(dense.clone(), y.clone()))
            .unwrap();
        let mut csr = CsrMatrix::new(4);
        for row in dense.rows() {
            let idx: Vec<u32> = (0..4)
                .filter(|&j| row[j] != 0.0)
                .map(|j| j as u32)
                .collect();
            csr.push_row(&idx, idx.iter().map(|&j| row[j as usize]));
        }
        // Our tolerance is per row (8 rows): 1e-9 x 8 is tighter than linfa's 1e-8.
        let ours = SparseLogisticRegression {
            alpha: 0.5,
            max_iterations: 500,
            gradient_tolerance: 1e-9,
        }
        .fit(&DatasetBase::new(csr, y))
        .unwrap();
        assert_eq!(ours.classes, reference.classes());
        for (a, b) in ours.params.iter().zip(reference.params()) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
        for (a, b) in ours.intercept.iter().zip(reference.intercept()) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }

    #[test]
    fn row_weights_equal_duplicated_rows() {
        let mut once = CsrMatrix::new(2);
        once.push_row(&[0], [1.0]);
        once.push_row(&[1], [1.0]);
        once.push_row(&[0, 1], [0.6, 0.8]);
        let mut twice = once.clone();
        twice.push_row(&[0, 1], [0.6, 0.8]);
        let p = SparseLogisticRegression {
            alpha: 0.1,
            max_iterations: 300,
            gradient_tolerance: 1e-9,
        };
        let w = p
            .fit(
                &DatasetBase::new(once, ndarray::array![0usize, 1, 1])
                    .with_weights(ndarray::array![1.0f32, 1.0, 2.0]),
            )
            .unwrap();
        let d = p
            .fit(&DatasetBase::new(twice, ndarray::array![0usize, 1, 1, 1]))
            .unwrap();
        for (a, b) in w.params.iter().zip(d.params.iter()) {
            assert!((a - b).abs() < 1e-6);
        }
    }
}
