//! Nanoseconds and allocations per decision of the compiled RAM engine by Resource shape,
//! policy size and decision path, beside the same workload in `cedar-policy` (with the `cedar`
//! feature) and a physical-limit baseline, measured in one run; then lint time by size.
//!
//! Run with `cargo xtask bench [--quick] [--format json]` (release build, Cedar included). Without the `cedar` feature
//! the Cedar column is left out, so plain `cargo test` builds this crate cheaply.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ram_policy::compiled::{CompiledSet, Scratch};
use ram_policy::{
    AttachedPolicy, Condition, Effect, Operator, Outcome, Patterns, Policy, Request, Statement,
};

/// Counts allocations, so that the table can show allocations per decision.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

#[allow(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; this one only counts and delegates"
)]
// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const ACCOUNT: &str = "1234567890";

/// The Action groups statements grant, in rotation: realistic ACR grants per namespace.
const GRANTS: &[&[&str]] = &[
    &[
        "cr:PullRepository",
        "cr:ListRepositoryTag",
        "cr:GetRepository",
    ],
    &["cr:PushRepository", "cr:PullRepository"],
    &["cr:GetRepositoryManifest", "cr:GetRepositoryLayers"],
    &["cr:ListRepositoryBuild", "cr:GetRepositoryBuildLog"],
];

/// One statement of the workload, in a form both engines are built from.
struct Rule {
    allow: bool,
    actions: Vec<&'static str>,
    resource: String,
    ip: Option<&'static str>,
}

/// The shapes of Resource the benchmark measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `acs:cr:cn-hangzhou:ACCOUNT:repository/cri-abc/ns-N/*`: a long literal prefix.
    LiteralPrefix,
    /// `acs:cr:*:*:repository/cri-abc/ns-N/*`: the most common real shape, whose literal prefix
    /// stops at the region.
    RegionWildcard,
}

impl Shape {
    const fn name(self) -> &'static str {
        match self {
            Self::LiteralPrefix => "literal-prefix",
            Self::RegionWildcard => "region-account-wildcard",
        }
    }
}

/// `n` statements: namespace-wide grants, every tenth a Deny of deletes, every fifth with an
/// IP condition.
fn workload(n: usize, shape: Shape) -> Vec<Rule> {
    (0..n)
        .map(|i| {
            let resource = match shape {
                Shape::LiteralPrefix => {
                    format!("acs:cr:cn-hangzhou:{ACCOUNT}:repository/cri-abc/ns-{i}/*")
                }
                Shape::RegionWildcard => format!("acs:cr:*:*:repository/cri-abc/ns-{i}/*"),
            };
            if i % 10 == 9 {
                Rule {
                    allow: false,
                    actions: vec!["cr:DeleteRepository", "cr:DeleteRepositoryTag"],
                    resource,
                    ip: None,
                }
            } else {
                let actions = GRANTS
                    .get(i % GRANTS.len())
                    .map_or_else(Vec::new, |g| g.to_vec());
                Rule {
                    allow: true,
                    actions,
                    resource,
                    ip: (i % 5 == 4).then_some("10.0.0.0/8"),
                }
            }
        })
        .collect()
}

fn ram_policy_of(rules: &[Rule]) -> Policy {
    Policy {
        statements: rules
            .iter()
            .map(|rule| Statement {
                effect: if rule.allow {
                    Effect::Allow
                } else {
                    Effect::Deny
                },
                actions: Patterns::of(rule.actions.iter().copied()),
                resources: Patterns::of([rule.resource.clone()]),
                conditions: rule
                    .ip
                    .and_then(|ip| Condition::new(Operator::IpAddress, "acs:SourceIp", &[ip]).ok())
                    .into_iter()
                    .collect(),
                principals: None,
            })
            .collect(),
    }
}

/// The decision paths the benchmark measures.
const PATHS: [Outcome; 3] = [Outcome::Allow, Outcome::ExplicitDeny, Outcome::ImplicitDeny];

/// The request of a path: Allow targets the namespace of the first statement that grants pulls
/// (so the condition-free match is found after scanning), ExplicitDeny a delete in the
/// namespace of the first Deny (statement 9; with fewer statements the path does not exist),
/// ImplicitDeny a namespace no statement names.
fn request(path: Outcome) -> (String, String, &'static str) {
    let (action, namespace) = match path {
        Outcome::Allow => ("cr:PullRepository", "ns-0"),
        Outcome::ExplicitDeny => ("cr:DeleteRepository", "ns-9"),
        Outcome::ImplicitDeny => ("cr:PullRepository", "ns-unknown"),
    };
    (
        action.to_owned(),
        format!("acs:cr:cn-hangzhou:{ACCOUNT}:repository/cri-abc/{namespace}/web"),
        "10.1.2.3",
    )
}

/// The physical-limit baseline: one hash lookup of the Action with the literal prefix of the
/// resource path (the ARN's fifth field, up to its first wildcard), at each distinct prefix
/// length, then one prefix compare: what an index on the ARN's structure costs at best, with no
/// wildcard, region, account, condition or Deny semantics. No engine can decide in less.
fn baseline(rules: &[Rule], action: &str, resource: &str) -> f64 {
    fn path(arn: &str) -> &str {
        arn.splitn(5, ':').nth(4).unwrap_or_default()
    }
    let mut index: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    let mut lengths: Vec<usize> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let prefix = path(&rule.resource)
            .split(['*', '?'])
            .next()
            .unwrap_or_default();
        if !lengths.contains(&prefix.len()) {
            lengths.push(prefix.len());
        }
        for a in &rule.actions {
            index.entry((a, prefix)).or_insert(i);
        }
    }
    let wanted = path(resource);
    time(|| {
        let wanted = black_box(wanted);
        lengths.iter().any(|&len| {
            wanted.get(..len).is_some_and(|prefix| {
                index
                    .get(&(black_box(action), prefix))
                    .is_some_and(|&i| wanted.starts_with(prefix) && i < rules.len())
            })
        })
    })
}

/// Median nanoseconds per call of `f` over five timed rounds, after a warm-up.
fn time(mut f: impl FnMut() -> bool) -> f64 {
    let mut calls = 1usize;
    // Grow the round until it lasts about 20 ms, so that timer resolution does not matter.
    loop {
        let start = Instant::now();
        for _ in 0..calls {
            black_box(f());
        }
        if start.elapsed() > Duration::from_millis(20) || calls > 1 << 24 {
            break;
        }
        calls *= 2;
    }
    let mut rounds: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                black_box(f());
            }
            #[allow(
                clippy::cast_precision_loss,
                reason = "a measurement, not an exact count"
            )]
            let per_call = start.elapsed().as_nanos() as f64 / calls as f64;
            per_call
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds.get(2).copied().unwrap_or_default()
}

fn allocations_per_call(mut f: impl FnMut() -> bool) -> f64 {
    const CALLS: usize = 1000;
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..CALLS {
        black_box(f());
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "a measurement, not an exact count"
    )]
    let per_call = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / CALLS as f64;
    per_call
}

#[cfg(feature = "cedar")]
mod cedar {
    use std::str::FromStr;

    use cedar_policy::{Authorizer, Context, Decision, Entities, EntityUid, PolicySet, Request};

    use super::Rule;

    /// The same statements as Cedar policies: `permit`/`forbid` on the Actions, the RAM
    /// resource pattern as `like` on the request's ARN in the context, the IP condition as
    /// `isInRange`.
    pub struct Workload {
        policies: PolicySet,
        request: Request,
        entities: Entities,
        authorizer: Authorizer,
    }

    impl Workload {
        pub fn new(rules: &[Rule], action: &str, resource: &str, ip: &str) -> Result<Self, String> {
            let mut text = String::new();
            for rule in rules {
                let actions: Vec<String> = rule
                    .actions
                    .iter()
                    .map(|a| format!("Action::\"{a}\""))
                    .collect();
                let mut when = format!("context.arn like \"{}\"", rule.resource);
                if let Some(range) = rule.ip {
                    when.push_str(&format!(" && context.ip.isInRange(ip(\"{range}\"))"));
                }
                let effect = if rule.allow { "permit" } else { "forbid" };
                text.push_str(&format!(
                    "{effect}(principal, action in [{}], resource) when {{ {when} }};\n",
                    actions.join(", ")
                ));
            }
            let policies = PolicySet::from_str(&text).map_err(|e| e.to_string())?;
            let uid = |t: &str| EntityUid::from_str(t).map_err(|e| e.to_string());
            let context = Context::from_json_value(
                serde_json::json!({ "arn": resource, "ip": { "__extn": { "fn": "ip", "arg": ip } } }),
                None,
            )
            .map_err(|e| e.to_string())?;
            let request = Request::new(
                uid("User::\"alice\"")?,
                uid(&format!("Action::\"{action}\""))?,
                uid("Repository::\"web\"")?,
                context,
                None,
            )
            .map_err(|e| e.to_string())?;
            Ok(Self {
                policies,
                request,
                entities: Entities::empty(),
                authorizer: Authorizer::new(),
            })
        }

        pub fn allows(&self) -> bool {
            self.authorizer
                .is_authorized(&self.request, &self.policies, &self.entities)
                .decision()
                == Decision::Allow
        }
    }
}

/// One row of the table.
struct Row {
    shape: &'static str,
    statements: usize,
    path: &'static str,
    engine: &'static str,
    ns: f64,
    allocs: Option<f64>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let json = args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json");
    if let Some(bad) = args
        .iter()
        .find(|a| !["--quick", "--format", "json", "human"].contains(&a.as_str()))
    {
        eprintln!("unknown argument `{bad}`: expected `--quick` or `--format human|json`");
        std::process::exit(2);
    }
    // Every tool decides against the catalog of every spec; the typed bindings are for
    // applications.
    let catalog = match ram_catalog::Catalog::embedded() {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let sizes: &[usize] = if quick {
        &[1, 100, 1000]
    } else {
        &[1, 10, 100, 1000, 10_000]
    };
    let mut rows = Vec::new();
    for shape in [Shape::LiteralPrefix, Shape::RegionWildcard] {
        for &n in sizes {
            let rules = workload(n, shape);
            let set = CompiledSet::new(
                vec![AttachedPolicy::identity("bench", ram_policy_of(&rules))],
                catalog,
            );
            for path in PATHS {
                if path == Outcome::ExplicitDeny && n < 10 {
                    continue;
                }
                let (action, resource, ip) = request(path);
                let ram_request =
                    Request::new(action.clone(), resource.clone()).with_context("acs:SourceIp", ip);
                let mut matched = Scratch::for_set(&set);
                let outcome = set.decide(&ram_request, &mut matched);
                assert_eq!(outcome, path, "the workload must take the {path} path");
                assert_eq!(
                    set.explain(&ram_request).outcome,
                    outcome,
                    "compiled and plain engines must agree"
                );
                let ns = time(|| set.decide(&ram_request, &mut matched) == Outcome::Allow);
                let allocs = allocations_per_call(|| {
                    set.decide(&ram_request, &mut matched) == Outcome::Allow
                });
                let path_name = match path {
                    Outcome::Allow => "Allow",
                    Outcome::ExplicitDeny => "ExplicitDeny",
                    Outcome::ImplicitDeny => "ImplicitDeny",
                };
                let row = |engine, ns, allocs| Row {
                    shape: shape.name(),
                    statements: n,
                    path: path_name,
                    engine,
                    ns,
                    allocs,
                };
                rows.push(row("ram", ns, Some(allocs)));
                if let Some(cedar) =
                    cedar_column(&rules, &action, &resource, ip, path == Outcome::Allow)
                {
                    rows.push(row("cedar", cedar, None));
                }
                rows.push(row("baseline", baseline(&rules, &action, &resource), None));
            }
        }
    }
    if json {
        for r in &rows {
            println!(
                "{}",
                serde_json::json!({
                    "shape": r.shape,
                    "statements": r.statements,
                    "path": r.path,
                    "engine": r.engine,
                    "ns_per_decision": (r.ns * 10.0).round() / 10.0,
                    "allocs_per_decision": r.allocs,
                })
            );
        }
    } else {
        print_table(&rows);
        lint_speed(catalog);
    }
}

/// The human table: one line per (shape, size, path), the engines side by side.
fn print_table(rows: &[Row]) {
    println!(
        "{:<24} {:>10} {:<12} {:>12} {:>10} {:>12} {:>10} {:>12} {:>12}",
        "shape",
        "statements",
        "path",
        "ram ns",
        "ram allocs",
        "cedar ns",
        "cedar/ram",
        "baseline ns",
        "ram/baseline"
    );
    let mut i = 0;
    while let Some(ram) = rows.get(i) {
        let same =
            |r: &&Row| r.shape == ram.shape && r.statements == ram.statements && r.path == ram.path;
        let group: Vec<&Row> = rows[i..].iter().take_while(same).collect();
        i += group.len();
        let of = |engine: &str| group.iter().find(|r| r.engine == engine).map(|r| r.ns);
        let cedar = of("cedar");
        let base = of("baseline");
        println!(
            "{:<24} {:>10} {:<12} {:>12.1} {:>10.2} {:>12} {:>10} {:>12} {:>12}",
            ram.shape,
            ram.statements,
            ram.path,
            ram.ns,
            ram.allocs.unwrap_or_default(),
            cedar.map_or_else(|| "-".to_owned(), |c| format!("{c:.0}")),
            cedar.map_or_else(|| "-".to_owned(), |c| format!("{:.1}x", c / ram.ns)),
            base.map_or_else(|| "-".to_owned(), |b| format!("{b:.1}")),
            base.map_or_else(|| "-".to_owned(), |b| format!("{:.1}x", ram.ns / b)),
        );
    }
}

/// `ramctl lint`'s work (`ram_policy::lint::lint_with`) on documents of 1k, 8k and 64k
/// statements of the common region-wildcard shape, each statement two Actions on its own
/// repository: linear time shows as a flat cost per statement. Up to 1,000 statements RAM048
/// (subsumed statements) compares every pair, so the 1k row costs more per statement.
fn lint_speed(catalog: &'static ram_catalog::Catalog) {
    println!(
        "\n{:>10} {:>12} {:>12} {:>16} {:>14}",
        "statements", "bytes", "lint s", "us/statement", "vs 1k"
    );
    // The catalog's and the rules' lazily built tables, once, outside the timings.
    black_box(ram_policy::lint::lint(
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:GetRepository", "Resource": "*"}]}"#,
        &[catalog],
        ram_policy::lint::LintScope::Account,
    ));
    let mut base: Option<f64> = None;
    for n in [1_000usize, 8_000, 64_000] {
        let statements: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"Effect": "Allow", "Action": ["cr:GetRepository", "cr:List*"], "Resource": "acs:cr:*:*:repository/cri-{i}/ns-{i}/*"}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"Version": "1", "Statement": [{}]}}"#,
            statements.join(", ")
        );
        let options = ram_policy::lint::LintOptions::default();
        let start = Instant::now();
        let findings = ram_policy::lint::lint_with(
            &text,
            &[catalog],
            ram_policy::DocumentKind::Identity,
            &options,
        );
        let seconds = start.elapsed().as_secs_f64();
        black_box(findings);
        #[allow(clippy::cast_precision_loss, reason = "a measurement")]
        let per = seconds * 1e6 / n as f64;
        let ratio = per / *base.get_or_insert(per);
        println!(
            "{n:>10} {:>12} {seconds:>12.3} {per:>16.1} {ratio:>13.2}x",
            text.len()
        );
    }
}

#[cfg(feature = "cedar")]
fn cedar_column(
    rules: &[Rule],
    action: &str,
    resource: &str,
    ip: &str,
    allow: bool,
) -> Option<f64> {
    match cedar::Workload::new(rules, action, resource, ip) {
        Ok(workload) => {
            assert_eq!(
                workload.allows(),
                allow,
                "cedar must reach the same decision"
            );
            Some(time(|| workload.allows()))
        }
        Err(e) => {
            eprintln!("cedar workload failed to build: {e}");
            None
        }
    }
}

#[cfg(not(feature = "cedar"))]
fn cedar_column(_: &[Rule], _: &str, _: &str, _: &str, _: bool) -> Option<f64> {
    None
}
