//! Decisions per second of the compiled RAM engine, with allocations per decision, beside the
//! same workload in `cedar-policy` (with the `cedar` feature), measured in one run.
//!
//! Run with `cargo xtask bench` (release build, Cedar included). Without the `cedar` feature
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

/// `n` statements: namespace-wide grants, every tenth a Deny of deletes, every fifth with an
/// IP condition.
fn workload(n: usize) -> Vec<Rule> {
    (0..n)
        .map(|i| {
            let resource = format!("acs:cr:cn-hangzhou:{ACCOUNT}:repository/cri-abc/ns-{i}/*");
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

/// The request of a path: Allow targets the namespace of the first statement that grants pulls
/// (so the condition-free match is found after scanning), ImplicitDeny a namespace no statement
/// names.
fn request(allow: bool) -> (String, String, &'static str) {
    let namespace = if allow { "ns-0" } else { "ns-unknown" };
    (
        "cr:PullRepository".to_owned(),
        format!("acs:cr:cn-hangzhou:{ACCOUNT}:repository/cri-abc/{namespace}/web"),
        "10.1.2.3",
    )
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

fn main() {
    // Every tool decides against the catalog of every spec; the typed bindings are for
    // applications.
    let catalog = match ram_catalog::Catalog::embedded() {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    println!(
        "{:>10} {:<12} {:>14} {:>16} {:>13} {:>16} {:>10}",
        "statements",
        "path",
        "ram ns/decision",
        "ram decisions/s",
        "ram allocs",
        "cedar ns/decision",
        "cedar/ram"
    );
    for n in [1, 10, 100, 1000] {
        let rules = workload(n);
        let set = CompiledSet::new(
            vec![AttachedPolicy::identity("bench", ram_policy_of(&rules))],
            catalog,
        );
        for allow in [true, false] {
            let (action, resource, ip) = request(allow);
            let ram_request =
                Request::new(action.clone(), resource.clone()).with_context("acs:SourceIp", ip);
            let expected = if allow {
                Outcome::Allow
            } else {
                Outcome::ImplicitDeny
            };
            let mut matched = Scratch::for_set(&set);
            let outcome = set.decide(&ram_request, &mut matched);
            assert_eq!(
                outcome, expected,
                "the workload must take the {expected} path"
            );
            assert_eq!(
                set.explain(&ram_request).outcome,
                outcome,
                "compiled and plain engines must agree"
            );
            let ram_ns = time(|| set.decide(&ram_request, &mut matched) == Outcome::Allow);
            let allocs =
                allocations_per_call(|| set.decide(&ram_request, &mut matched) == Outcome::Allow);
            let path = if allow { "Allow" } else { "ImplicitDeny" };
            let cedar = cedar_column(&rules, &action, &resource, ip, allow);
            let (cedar_ns, ratio) = match cedar {
                Some(ns) => (format!("{ns:.0}"), format!("{:.1}x", ns / ram_ns)),
                None => ("-".to_owned(), "-".to_owned()),
            };
            println!(
                "{n:>10} {path:<12} {ram_ns:>15.1} {:>16.0} {allocs:>13.2} {cedar_ns:>16} {ratio:>10}",
                1e9 / ram_ns
            );
        }
    }
    lint_speed(catalog);
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
