//! Helpers for CLI tests: run the real binary in a temporary work directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).unwrap();
        p
    }
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("geostance").unwrap();
        c.current_dir(self.dir.path());
        c
    }
    /// Runs and returns (exit code, stdout, stderr); asserts it never panicked.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out: Output = self.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        )
    }
    /// Writes the support/oppose set to `data.csv` and trains its
    /// `position` head into `output` (with `extra` options); asserts success
    /// and returns stderr.
    pub fn train_position(&self, output: &str, extra: &[&str]) -> String {
        self.write("data.csv", support_oppose_csv());
        let mut args = vec![
            "train",
            "--data",
            "data.csv",
            "--output",
            output,
            "--label-column",
            "position",
        ];
        args.extend_from_slice(extra);
        let (code, _, err) = self.run(&args);
        assert_eq!(code, 0, "{err}");
        err
    }
    pub fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

/// A small but real two-label training set (support / oppose), with a
/// second label column (tone): `tests/fixtures/support_oppose.csv`.
pub fn support_oppose_csv() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/support_oppose.csv"),
    )
    .unwrap()
}

pub fn shared_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.is_dir().then_some(p)
}
