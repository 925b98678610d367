//! The vendor's own policies as a corpus no one here wrote: every policy block of
//! `docs-source/vendor-policies/` goes through `lint` and through evaluation (one request per
//! Action it names) without a panic, and the counts of findings by rule and severity are a
//! golden file, so a change in lint behaviour on real policies shows in review. Regenerate it
//! with `EXPECTORATE=overwrite cargo test -p ram-catalog --test vendor_corpus`.
//!
//! The findings of the security rules (RAM042 to RAM048) are listed one by one with their
//! message, as each was checked by hand against its page. The corpus is linted as of
//! 2026-12-02, a fixed time, so that RAM047 shows which of the vendor's example time windows
//! have closed without the golden file changing from day to day.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use ram_catalog::Catalog;
use ram_policy::lint::{LintOptions, lint_with};
use ram_policy::{AttachedPolicy, DocumentKind, Policy, Request, evaluate};
use ram_scrape::vendor_policies::{BlockKind, load_dir};

#[test]
fn every_vendor_policy_lints_and_evaluates_and_the_summary_is_golden() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pages = load_dir(
        &root.join("docs-source/vendor-policies"),
        "docs-source/vendor-policies",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let catalog = Catalog::embedded().unwrap();
    let mut by_rule: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut errors_by_block: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut security: Vec<String> = Vec::new();
    let options = LintOptions {
        now: "2026-12-02T00:00:00Z".parse().ok(),
        ..LintOptions::default()
    };
    let (mut blocks, mut evaluated, mut uses, mut checked) = (0, 0, 0, 0);
    for page in &pages {
        for block in &page.blocks {
            blocks += 1;
            let kind = match block.kind {
                BlockKind::Trust => DocumentKind::Trust,
                BlockKind::Resource => DocumentKind::Resource,
                BlockKind::Identity | BlockKind::Unknown => DocumentKind::Identity,
            };
            let text = block.document.clone().unwrap_or_else(|| block.text.clone());
            let findings = lint_with(&text, &[catalog], kind, &options);
            for finding in &findings {
                if ("RAM042".."RAM049").contains(&finding.rule.id) {
                    security.push(format!(
                        "{}:{} {} {}: {}",
                        page.file, block.line, finding.rule.id, finding.pointer, finding.message
                    ));
                }
                *by_rule
                    .entry((
                        finding.rule.severity.to_string(),
                        finding.rule.id.to_owned(),
                        finding.rule.name.to_owned(),
                    ))
                    .or_default() += 1;
                if finding.rule.severity == ram_policy::lint::Severity::Error {
                    errors_by_block
                        .entry(format!("{}:{}", page.file, block.line))
                        .or_default()
                        .push(finding.rule.id.to_owned());
                }
            }
            for action in &block.actions {
                if action.is_action() || action.is_pattern() {
                    uses += 1;
                    let service = action.text.split(':').next().unwrap_or_default();
                    if ram_core::Catalog::covers(catalog, service) {
                        checked += 1;
                    }
                }
            }
            if let Ok(policy) = Policy::parse_as(&text, kind) {
                for action in block.actions.iter().filter(|a| a.is_action()) {
                    let request = Request::new(action.text.clone(), "*");
                    let _ = evaluate(
                        &[AttachedPolicy::identity("vendor", policy.clone())],
                        &request,
                        catalog,
                    );
                    evaluated += 1;
                }
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{blocks} policy blocks; {evaluated} requests evaluated; {uses} Action strings, {checked} of a service in the catalog ({}%)",
        if uses == 0 { 0 } else { 100 * checked / uses }
    );
    let _ = writeln!(out, "\nfindings by severity and rule:");
    for ((severity, id, name), count) in &by_rule {
        let _ = writeln!(out, "{severity:>16} {id} {name}: {count}");
    }
    let _ = writeln!(
        out,
        "\nblocks with an error finding ({}):",
        errors_by_block.len()
    );
    for (block, rules) in &errors_by_block {
        let mut rules = rules.clone();
        rules.sort();
        rules.dedup();
        let _ = writeln!(out, "{block}: {}", rules.join(", "));
    }
    let _ = writeln!(
        out,
        "\nsecurity findings, each checked by hand ({}):",
        security.len()
    );
    for line in &security {
        let _ = writeln!(out, "{line}");
    }
    expectorate::assert_contents("tests/golden/vendor-corpus.txt", &out);
}
