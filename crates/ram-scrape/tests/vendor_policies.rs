//! The vendor's policy pages pinned under `docs-source/vendor-policies/`: every page is read,
//! and the blocks found are the ones the corpus's own index (`pages.json` of the shared data)
//! lists: fenced code blocks (also one a table row opens), bare JSON outside a fence, and
//! policies in table cells.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::collections::BTreeSet;
use std::path::PathBuf;

use ram_scrape::vendor_policies::{BlockKind, load_dir};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    std::env::var_os("RAM_SHARED_DIR").map_or_else(|| root().join("../shared"), PathBuf::from)
}

#[test]
fn the_blocks_found_are_the_corpus_blocks_that_are_fenced() {
    let pages = load_dir(
        &root().join("docs-source/vendor-policies"),
        "docs-source/vendor-policies",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages.len(), 400);
    let index_path = shared().join("data/vendor-policies/pages.json");
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&index_path).unwrap_or_else(|e| {
            panic!(
                "cannot read `{}` ({e}); set RAM_SHARED_DIR to the shared/ folder",
                index_path.display()
            )
        }))
        .unwrap();
    let listed: BTreeSet<(String, u64)> = index
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|page| {
            let file = page["file"].as_str().unwrap().to_owned();
            page["policy_blocks"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |b| (file.clone(), b["line"].as_u64().unwrap()))
        })
        .collect();
    let found: BTreeSet<(String, u64)> = pages
        .iter()
        .flat_map(|p| p.blocks.iter().map(|b| (p.file.clone(), b.line as u64)))
        .collect();
    let missed: Vec<_> = listed.difference(&found).collect();
    // The two the index places elsewhere are found one line earlier: the index counts from the
    // `{`, this reader from the export's stray `` ```json `` fence before it.
    assert!(missed.len() <= 2, "{} missed: {missed:?}", missed.len());
    for (file, line) in &missed {
        assert!(found.contains(&(file.clone(), line - 1)), "{file}:{line}");
    }
    assert!(found.len() >= 856, "{}", found.len());
    let unknown = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .filter(|b| b.kind == BlockKind::Unknown)
        .count();
    assert!(unknown <= 27, "{unknown} blocks not read as JSON");
    // The SAE service-linked role's undocumented `cr:` Actions are seen.
    let seen: BTreeSet<&str> = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .flat_map(|b| &b.actions)
        .map(|a| a.text.as_str())
        .collect();
    assert!(seen.contains("cr:GetRegionList"));
}
