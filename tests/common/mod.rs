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
/// second label column.
pub fn support_oppose_csv() -> String {
    let rows = [
        (
            "We fully support the peace accord and will help implement it.",
            "support",
            "positive",
        ),
        (
            "Our government backs the agreement and welcomes the talks.",
            "support",
            "positive",
        ),
        (
            "We endorse the treaty and stand ready to sign it.",
            "support",
            "positive",
        ),
        (
            "The ministers praised the partnership and pledged more aid.",
            "support",
            "positive",
        ),
        (
            "We welcome this agreement as a step toward peace.",
            "support",
            "positive",
        ),
        (
            "They agreed to cooperate on energy and trade.",
            "support",
            "neutral",
        ),
        (
            "The delegation signed the memorandum on Tuesday.",
            "support",
            "neutral",
        ),
        (
            "We back the proposal for joint patrols.",
            "support",
            "neutral",
        ),
        (
            "We reject the accord, which betrays our people.",
            "oppose",
            "negative",
        ),
        (
            "Our government opposes the agreement and condemns the talks.",
            "oppose",
            "negative",
        ),
        (
            "We will never accept this illegal treaty.",
            "oppose",
            "negative",
        ),
        (
            "The ministers denounced the partnership as a fraud.",
            "oppose",
            "negative",
        ),
        (
            "We oppose the annexation and demand withdrawal.",
            "oppose",
            "negative",
        ),
        (
            "They refused to cooperate on energy and trade.",
            "oppose",
            "neutral",
        ),
        (
            "The delegation walked out of the signing on Tuesday.",
            "oppose",
            "neutral",
        ),
        (
            "We reject the proposal for joint patrols.",
            "oppose",
            "neutral",
        ),
    ];
    let mut s = String::from("id,text,position,tone\n");
    for (i, (t, p, tone)) in rows.iter().enumerate() {
        s.push_str(&format!("{i},\"{t}\",{p},{tone}\n"));
    }
    s
}

pub fn shared_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.is_dir().then_some(p)
}
