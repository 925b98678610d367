//! The exit-status rule of every command, for `cargo xtask scrape`: 1 when the pages were read
//! and do not scrape, 2 when an input cannot be read.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::process::Command;

fn scrape(input: &std::path::Path, out: &std::path::Path) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["scrape", "--service", "zoo", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn a_missing_page_is_bad_input_and_a_page_without_tables_fails_the_scrape() {
    let dir = std::env::temp_dir().join(format!("xtask-exit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("spec.json");
    assert_eq!(scrape(&dir.join("no-such-page.html"), &out), Some(2));
    let empty = dir.join("empty.html");
    std::fs::write(&empty, "<html><body><p>no tables</p></body></html>").unwrap();
    assert_eq!(scrape(&empty, &out), Some(1));
    assert!(!out.exists(), "a failed scrape writes nothing");
    let _ = std::fs::remove_dir_all(&dir);
}
