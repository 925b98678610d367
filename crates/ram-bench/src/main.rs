//! Nanoseconds and allocations per decision of the compiled RAM engine by policy shape
//! (Resource literal prefix, region/account wildcard, `*` with conditions, Action wildcards,
//! `NotAction`/`NotResource`, several services, many principals), policy size and decision
//! path (Allow, Allow through a condition, ExplicitDeny, ImplicitDeny), beside the same
//! workload in `cedar-policy` (with the `cedar` feature), `casbin` (with the `casbin` feature)
//! and `regorus` (with the `regorus` feature) and a physical-limit baseline, measured in one
//! run; then compile time and memory at 100,000 statements; then lint time by size.
//!
//! Run with `cargo xtask bench [--quick] [--format json]` (release build, all three peers
//! included). Without a peer's feature its columns are left out, so plain `cargo test` builds
//! this crate cheaply.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ram_policy::compiled::{CompiledSet, RequestRef, Scratch};
use ram_policy::condition::{self, Values};
use ram_policy::{
    AttachedPolicy, Condition, Effect, Operator, Outcome, Patterns, Policy, Request, Statement,
};

/// Counts allocations, so that the table can show allocations per decision.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// Bytes allocated and not yet freed, for the memory a compiled set retains.
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The most `LIVE_BYTES` has been since it was last reset, for the memory linting a long
/// string takes at its peak.
static PEAK_LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

#[allow(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; this one only counts and delegates"
)]
// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        let live = LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK_LIVE_BYTES.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // Both blocks count while the contents move.
        let live = LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed) + new_size;
        PEAK_LIVE_BYTES.fetch_max(live, Ordering::Relaxed);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
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

/// The same grants written with Action wildcards, for the action-wildcard shape.
const WILDCARD_GRANTS: &[&[&str]] = &[
    &["cr:Pull*", "cr:List*", "cr:Get*"],
    &["cr:Pu*Repository"],
    &["cr:GetRepository*"],
    &["cr:*Build*"],
];

/// The Actions a Deny statement names: deletes.
const DENIED: &[&str] = &["cr:DeleteRepository", "cr:DeleteRepositoryTag"];

/// A service of the several-services shape: granted Actions, denied Actions, the Resource
/// pattern of statement `i`.
type Service = (
    &'static [&'static str],
    &'static [&'static str],
    fn(usize) -> String,
);

/// The services of the several-services shape other than `cr`, whose statements take every
/// fifth place from the second on: granted Actions, denied Actions, and the Resource pattern
/// of statement `i` (a region wildcard, or for `kms` a literal prefix).
const SERVICES: &[Service] = &[
    (
        &[
            "ecs:StartInstance",
            "ecs:StopInstance",
            "ecs:DescribeInstances",
        ],
        &["ecs:DeleteInstance"],
        |i| format!("acs:ecs:*:{ACCOUNT}:instance/i-{i}"),
    ),
    (
        &["oss:GetObject", "oss:PutObject"],
        &["oss:DeleteObject"],
        |i| format!("acs:oss:*:{ACCOUNT}:bucket-{i}/*"),
    ),
    (
        &["kms:Decrypt", "kms:Encrypt"],
        &["kms:ScheduleKeyDeletion"],
        |i| format!("acs:kms:cn-hangzhou:{ACCOUNT}:key/key-{i}"),
    ),
    (
        &["log:GetLogStoreLogs", "log:PostLogStoreLogs"],
        &["log:DeleteLogStore"],
        |i| format!("acs:log:*:{ACCOUNT}:project/p-{i}/*"),
    ),
];

/// A condition of a statement: `IpAddress` on `acs:SourceIp` or `StringEquals` on
/// `acs:SourceVpc`, the two keys the Cedar translation maps to `context.ip` and `context.vpc`.
struct Cond {
    ip: bool,
    value: String,
}

/// One statement of the workload, in a form every engine is built from.
struct Rule {
    allow: bool,
    /// Action patterns (`Action`, or `NotAction` when `not_action`).
    actions: Vec<&'static str>,
    not_action: bool,
    /// The Resource pattern (`Resource`, or `NotResource` when `not_resource`).
    resource: String,
    not_resource: bool,
    /// All must hold.
    conditions: Vec<Cond>,
}

/// The shapes of policy the benchmark measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `acs:cr:cn-hangzhou:ACCOUNT:repository/cri-abc/ns-N/*`: a long literal prefix.
    LiteralPrefix,
    /// `acs:cr:*:*:repository/cri-abc/ns-N/*`: the most common real shape, whose literal prefix
    /// stops at the region.
    RegionWildcard,
    /// `Resource: *`, each statement scoped by a `StringEquals` on `acs:SourceVpc` instead.
    StarConditions,
    /// The region-wildcard resources, with Actions written as wildcards (`cr:Get*`).
    ActionWildcard,
    /// Allows by `NotAction` (everything but deletes and pushes), Denies of deletes by
    /// `NotResource` (outside the statement's own namespace).
    NotActionResource,
    /// Statements rotating over five services (`cr`, `ecs`, `oss`, `kms`, `log`).
    Services,
    /// 1,000 principals with 30 region-wildcard statements each, one compiled set per
    /// principal, the set looked up by the principal's name per decision.
    ManyPrincipals,
}

/// The principals of the many-principal shape and the statements of each.
const PRINCIPALS: usize = 1000;
const PER_PRINCIPAL: usize = 30;

impl Shape {
    const ALL: [Self; 7] = [
        Self::LiteralPrefix,
        Self::RegionWildcard,
        Self::StarConditions,
        Self::ActionWildcard,
        Self::NotActionResource,
        Self::Services,
        Self::ManyPrincipals,
    ];

    const fn name(self) -> &'static str {
        match self {
            Self::LiteralPrefix => "literal-prefix",
            Self::RegionWildcard => "region-account-wildcard",
            Self::StarConditions => "star-with-conditions",
            Self::ActionWildcard => "action-wildcard",
            Self::NotActionResource => "notaction-notresource",
            Self::Services => "several-services",
            Self::ManyPrincipals => "many-principals-1000x30",
        }
    }

    /// Statement `i`: namespace-wide grants, every tenth a Deny of deletes, every fifth Allow
    /// with an IP condition.
    fn rule(self, i: usize) -> Rule {
        let deny = i % 10 == 9;
        let mut conditions = Vec::new();
        if !deny && i % 5 == 4 {
            conditions.push(Cond {
                ip: true,
                value: "10.0.0.0/8".to_owned(),
            });
        }
        let grants = GRANTS.get(i % GRANTS.len()).copied().unwrap_or_default();
        let mut rule = Rule {
            allow: !deny,
            actions: if deny { DENIED } else { grants }.to_vec(),
            not_action: false,
            resource: format!("acs:cr:*:*:repository/cri-abc/ns-{i}/*"),
            not_resource: false,
            conditions,
        };
        match self {
            Self::LiteralPrefix => {
                rule.resource = format!("acs:cr:cn-hangzhou:{ACCOUNT}:repository/cri-abc/ns-{i}/*");
            }
            Self::RegionWildcard | Self::ManyPrincipals => {}
            Self::StarConditions => {
                "*".clone_into(&mut rule.resource);
                rule.conditions.push(Cond {
                    ip: false,
                    value: format!("vpc-{i}"),
                });
            }
            Self::ActionWildcard => {
                rule.actions = if deny {
                    vec!["cr:Delete*"]
                } else {
                    let at = i % WILDCARD_GRANTS.len();
                    WILDCARD_GRANTS
                        .get(at)
                        .copied()
                        .unwrap_or_default()
                        .to_vec()
                };
            }
            Self::NotActionResource => {
                if deny {
                    rule.not_resource = true;
                } else {
                    rule.actions = vec!["cr:Delete*", "cr:Push*"];
                    rule.not_action = true;
                }
            }
            Self::Services => {
                // Statements 0, 5, 10, ... stay `cr`'s; the others rotate over the services.
                if let Some((granted, denied, resource)) =
                    (i % 5).checked_sub(1).and_then(|k| SERVICES.get(k))
                {
                    rule.actions = if deny { denied } else { granted }.to_vec();
                    rule.resource = resource(i);
                }
            }
        }
        rule
    }

    /// The request of a path. Allow targets statement 0 (no condition); Allow that must
    /// evaluate a condition, statement 4 (an IP condition that holds); ExplicitDeny, statement
    /// 9, a Deny (for `NotResource`, a namespace outside every Deny's own); ImplicitDeny, a
    /// namespace (or VPC) no statement names.
    fn probe(self, path: Path) -> Probe {
        let at = |ns: &str| format!("acs:cr:cn-hangzhou:{ACCOUNT}:repository/cri-abc/{ns}/web");
        let (action, target) = match path {
            Path::Allow => ("cr:PullRepository", "ns-0"),
            Path::AllowCondition => ("cr:PullRepository", "ns-4"),
            Path::ExplicitDeny if self == Self::NotActionResource => {
                ("cr:DeleteRepository", "ns-unknown")
            }
            Path::ExplicitDeny => ("cr:DeleteRepository", "ns-9"),
            Path::ImplicitDeny => ("cr:PullRepository", "ns-unknown"),
        };
        let mut probe = Probe {
            action,
            resource: at(target),
            ip: "10.1.2.3",
            vpc: format!("vpc-{}", target.trim_start_matches("ns-")),
        };
        if self == Self::StarConditions {
            probe.resource = at("ns-any");
        }
        if self == Self::Services {
            let log = |action, p: &str| {
                (
                    action,
                    format!("acs:log:cn-hangzhou:{ACCOUNT}:project/{p}/logstore/web"),
                )
            };
            match path {
                Path::AllowCondition => {
                    (probe.action, probe.resource) = log("log:GetLogStoreLogs", "p-4")
                }
                Path::ExplicitDeny => {
                    (probe.action, probe.resource) = log("log:DeleteLogStore", "p-9")
                }
                Path::Allow | Path::ImplicitDeny => {}
            }
        }
        probe
    }

    /// Whether the shape has the path at `n` statements (the Deny is statement 9, the
    /// condition statement 4).
    const fn has(self, path: Path, n: usize) -> bool {
        match path {
            Path::ExplicitDeny => n >= 10,
            Path::AllowCondition => n >= 5,
            Path::Allow | Path::ImplicitDeny => true,
        }
    }
}

/// The decision paths the benchmark measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    Allow,
    /// An Allow whose statement has a condition to evaluate.
    AllowCondition,
    ExplicitDeny,
    ImplicitDeny,
}

impl Path {
    const ALL: [Self; 4] = [
        Self::Allow,
        Self::AllowCondition,
        Self::ExplicitDeny,
        Self::ImplicitDeny,
    ];

    const fn name(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::AllowCondition => "AllowCondition",
            Self::ExplicitDeny => "ExplicitDeny",
            Self::ImplicitDeny => "ImplicitDeny",
        }
    }

    const fn outcome(self) -> Outcome {
        match self {
            Self::Allow | Self::AllowCondition => Outcome::Allow,
            Self::ExplicitDeny => Outcome::ExplicitDeny,
            Self::ImplicitDeny => Outcome::ImplicitDeny,
        }
    }
}

/// One request, in a form every engine is built from.
struct Probe {
    action: &'static str,
    resource: String,
    ip: &'static str,
    vpc: String,
}

impl Probe {
    fn to_ram(&self) -> Request {
        Request::new(self.action, self.resource.clone())
            .with_context("acs:SourceIp", self.ip)
            .with_context("acs:SourceVpc", self.vpc.clone())
    }
}

fn ram_policy_of(rules: &[Rule]) -> Policy {
    let patterns = |negated: bool, list: Vec<String>| {
        if negated {
            Patterns::not(list)
        } else {
            Patterns::of(list)
        }
    };
    Policy {
        statements: rules
            .iter()
            .map(|rule| Statement {
                effect: if rule.allow {
                    Effect::Allow
                } else {
                    Effect::Deny
                },
                actions: patterns(
                    rule.not_action,
                    rule.actions.iter().map(|a| (*a).to_owned()).collect(),
                ),
                resources: patterns(rule.not_resource, vec![rule.resource.clone()]),
                conditions: rule
                    .conditions
                    .iter()
                    .filter_map(|c| {
                        let (operator, key) = if c.ip {
                            (Operator::IpAddress, "acs:SourceIp")
                        } else {
                            (Operator::StringEquals, "acs:SourceVpc")
                        };
                        Condition::new(operator, key, &[c.value.as_str()]).ok()
                    })
                    .collect(),
                principals: None,
            })
            .collect(),
    }
}

/// The catalog Actions a rule's patterns name (ignoring `NotAction`): what Cedar, which has no
/// Action wildcards, and the baseline are given.
fn expand(catalog: &ram_catalog::Catalog, rule: &Rule) -> Vec<String> {
    let mut names: Vec<String> = rule
        .actions
        .iter()
        .flat_map(|pattern| catalog.matching(pattern).map(|a| a.name().to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The physical-limit baseline: one hash lookup of the Action with the literal prefix of the
/// resource path (the ARN's fifth field, up to its first wildcard), at each distinct prefix
/// length, then one prefix compare: what an index on the ARN's structure costs at best, with no
/// wildcard, region, account, negation, condition or Deny semantics. No engine can decide in
/// less. In the many-principal shape it also looks the principal up in the same map as the
/// engines do.
fn baseline<T>(
    rules: &[Rule],
    actions: &[Vec<String>],
    probe: &Probe,
    principals: Option<&std::collections::HashMap<String, T>>,
) -> f64 {
    fn path(arn: &str) -> &str {
        arn.splitn(5, ':').nth(4).unwrap_or_default()
    }
    let mut index: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    let mut lengths: Vec<usize> = Vec::new();
    for (i, (rule, names)) in rules.iter().zip(actions).enumerate() {
        let prefix = path(&rule.resource)
            .split(['*', '?'])
            .next()
            .unwrap_or_default();
        if !lengths.contains(&prefix.len()) {
            lengths.push(prefix.len());
        }
        for a in names {
            index.entry((a, prefix)).or_insert(i);
        }
    }
    let wanted = path(&probe.resource);
    let action = probe.action;
    time(|| {
        let wanted = black_box(wanted);
        let found = principals.is_none_or(|map| map.contains_key(black_box(PRINCIPAL)));
        found
            && lengths.iter().any(|&len| {
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

    use super::{Probe, Rule};

    /// The statements as Cedar policies: `permit`/`forbid` on the Actions the RAM patterns
    /// name in the catalog (Cedar has no Action wildcard; `NotAction` is `unless { action in
    /// [...] }`), the RAM resource pattern as `like` on the request's ARN in the context
    /// (negated for `NotResource`), `IpAddress` as `context.ip.isInRange(ip("…"))` and
    /// `StringEquals` on `acs:SourceVpc` as `context.vpc == "…"`.
    pub fn policies(rules: &[Rule], actions: &[Vec<String>]) -> Result<PolicySet, String> {
        let mut text = String::new();
        for (rule, names) in rules.iter().zip(actions) {
            let list: Vec<String> = names.iter().map(|a| format!("Action::\"{a}\"")).collect();
            let list = list.join(", ");
            let like = format!("context.arn like \"{}\"", rule.resource);
            let mut when = if rule.not_resource {
                vec![format!("!({like})")]
            } else {
                vec![like]
            };
            for c in &rule.conditions {
                when.push(if c.ip {
                    format!("context.ip.isInRange(ip(\"{}\"))", c.value)
                } else {
                    format!("context.vpc == \"{}\"", c.value)
                });
            }
            let effect = if rule.allow { "permit" } else { "forbid" };
            let when = when.join(" && ");
            text.push_str(&if rule.not_action {
                format!(
                    "{effect}(principal, action, resource) when {{ {when} }} unless {{ action in [{list}] }};\n"
                )
            } else {
                format!("{effect}(principal, action in [{list}], resource) when {{ {when} }};\n")
            });
        }
        PolicySet::from_str(&text).map_err(|e| e.to_string())
    }

    /// The probe as a Cedar request, its ARN, IP and VPC in the context.
    pub fn request(probe: &Probe) -> Result<Request, String> {
        let uid = |t: &str| EntityUid::from_str(t).map_err(|e| e.to_string());
        let context = Context::from_json_value(
            serde_json::json!({
                "arn": probe.resource,
                "ip": { "__extn": { "fn": "ip", "arg": probe.ip } },
                "vpc": probe.vpc,
            }),
            None,
        )
        .map_err(|e| e.to_string())?;
        Request::new(
            uid("User::\"alice\"")?,
            uid(&format!("Action::\"{}\"", probe.action))?,
            uid("Repository::\"web\"")?,
            context,
            None,
        )
        .map_err(|e| e.to_string())
    }

    /// Whether Cedar allows.
    pub fn allows(authorizer: &Authorizer, policies: &PolicySet, request: &Request) -> bool {
        authorizer
            .is_authorized(request, policies, &Entities::empty())
            .decision()
            == Decision::Allow
    }
}

#[cfg(feature = "regorus")]
mod rego {
    use super::{Probe, Rule};

    /// The rule every decision evaluates.
    pub const ALLOW: &str = "data.ram.allow";

    /// A regular expression matching what a RAM Resource pattern of `*` only matches: each
    /// `*` is `.*`, the rest literal, anchored at both ends.
    fn regex_of(pattern: &str) -> String {
        let literal = |run: &str| {
            let mut out = String::new();
            for c in run.chars() {
                if "\\.+*?()|[]{}^$#&-~".contains(c) {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        };
        let runs: Vec<String> = pattern.split('*').map(literal).collect();
        format!("(?s)^{}$", runs.join(".*"))
    }

    /// The statements as one Rego module, each a `permit` or `forbid` rule body: the Actions
    /// the RAM patterns name in the catalog as `input.action in {...}` (`not` for
    /// `NotAction`), the Resource pattern as an anchored `regex.match` on the ARN (`not` for
    /// `NotResource`), `IpAddress` as `net.cidr_contains` and `StringEquals` on
    /// `acs:SourceVpc` as `input.vpc == "…"`; `allow` when some `permit` holds and no `forbid`.
    pub fn engine(rules: &[Rule], actions: &[Vec<String>]) -> Result<regorus::Engine, String> {
        let mut engine = regorus::Engine::new();
        let mut add = |name: String, text: String| {
            engine
                .add_policy(name, text)
                .map(drop)
                .map_err(|e| e.to_string())
        };
        add(
            "ram.rego".to_owned(),
            "package ram\n\ndefault allow := false\n\ndefault permit := false\n\ndefault forbid := false\n\nallow if {\n\tpermit\n\tnot forbid\n}\n".to_owned(),
        )?;
        // The statements in modules of 100 (the parser refuses a file over 20,000 lines), each
        // rule a definition of the same `permit` or `forbid`.
        for (chunk, (rules, actions)) in rules.chunks(100).zip(actions.chunks(100)).enumerate() {
            let mut text = String::from("package ram\n");
            for (rule, names) in rules.iter().zip(actions) {
                let set: Vec<String> = names.iter().map(|a| format!("\"{a}\"")).collect();
                // One name a line: the parser refuses lines over 1,024 columns.
                let set = format!("input.action in {{\n\t\t{}\n\t}}", set.join(",\n\t\t"));
                let arn = format!("regex.match(`{}`, input.arn)", regex_of(&rule.resource));
                let negate =
                    |yes: bool, test: String| if yes { format!("not {test}") } else { test };
                let mut body = vec![negate(rule.not_action, set), negate(rule.not_resource, arn)];
                for c in &rule.conditions {
                    body.push(if c.ip {
                        format!("net.cidr_contains(\"{}\", input.ip)", c.value)
                    } else {
                        format!("input.vpc == \"{}\"", c.value)
                    });
                }
                let head = if rule.allow { "permit" } else { "forbid" };
                text.push_str(&format!("\n{head} if {{\n\t{}\n}}\n", body.join("\n\t")));
            }
            add(format!("ram-{chunk}.rego"), text)?;
        }
        Ok(engine)
    }

    /// The probe as the engine's input.
    pub fn input(probe: &Probe) -> Result<regorus::Value, String> {
        let json = serde_json::json!({
            "action": probe.action,
            "arn": probe.resource,
            "ip": probe.ip,
            "vpc": probe.vpc,
        });
        regorus::Value::from_json_str(&json.to_string()).map_err(|e| e.to_string())
    }

    /// Whether the engine allows its input.
    pub fn allows(engine: &mut regorus::Engine) -> bool {
        engine
            .eval_rule(ALLOW.to_owned())
            .is_ok_and(|v| v == regorus::Value::from(true))
    }
}

#[cfg(feature = "casbin")]
mod casbin_peer {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    use std::thread::Thread;

    use casbin::{CoreApi, DefaultModel, Enforcer, MemoryAdapter, MgmtApi};

    use super::{Probe, Rule};

    /// Wakes the thread that polls, so that `block_on` sleeps while a future waits.
    struct Unpark(Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    /// Drives a future to completion on this thread. casbin builds its model and loads its
    /// policy through async functions; with the model and policy in memory nothing waits on
    /// I/O, so a parking loop is all the executor the benchmark needs, rather than a runtime.
    fn block_on<F: Future>(future: F) -> F::Output {
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut context = Context::from_waker(&waker);
        let mut future = pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
                return output;
            }
            std::thread::park();
        }
    }

    /// The model every enforcer is built from. A request is the Action, the ARN, the source
    /// IP and the source VPC. A policy row is one statement and one Action: `stmt` numbers the
    /// statement (so that rows stay distinct, as casbin refuses duplicates); `act` is a
    /// catalog Action, or with `na` set the regular expression of a `NotAction` list; `arn`
    /// is the Resource pattern, matched by `keyMatch` when `kind` is `key` (no wildcard but
    /// one final `*`, where `keyMatch`'s prefix compare is exact) and by an anchored
    /// `regexMatch` otherwise, negated when `nr` marks `NotResource`; `ip` is an `IpAddress`
    /// CIDR for `ipMatch` and `vpc` a `StringEquals` value, each empty when the statement has
    /// no such condition. The effect is RAM's: some Allow and no Deny.
    const MODEL: &str = r#"[request_definition]
r = act, arn, ip, vpc

[policy_definition]
p = stmt, act, na, arn, kind, nr, ip, vpc, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = (p.na == "0" && r.act == p.act || p.na == "1" && !regexMatch(r.act, p.act)) && (p.nr == "0" && (p.kind == "key" && keyMatch(r.arn, p.arn) || p.kind == "re" && regexMatch(r.arn, p.arn)) || p.nr == "1" && !(p.kind == "key" && keyMatch(r.arn, p.arn) || p.kind == "re" && regexMatch(r.arn, p.arn))) && (p.ip == "" || ipMatch(r.ip, p.ip)) && (p.vpc == "" || r.vpc == p.vpc)
"#;

    /// Escapes every character of `run` that a regular expression would read as syntax.
    fn literal(run: &str) -> String {
        let mut out = String::new();
        for c in run.chars() {
            if "\\.+*?()|[]{}^$#&-~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    /// A regular expression matching what a RAM pattern matches: `*` is any run, `?` any one
    /// character, the rest literal, anchored at both ends.
    fn regex_of(pattern: &str) -> String {
        let runs: Vec<String> = pattern
            .split('*')
            .map(|run| {
                run.split('?')
                    .map(literal)
                    .collect::<Vec<String>>()
                    .join(".")
            })
            .collect();
        format!("(?s)^{}$", runs.join(".*"))
    }

    /// Whether `keyMatch`, which compares the text before the pattern's first `*` as a prefix
    /// and ignores the rest, decides exactly as the RAM pattern: no `?`, and no `*` but a
    /// final one.
    fn key_exact(pattern: &str) -> bool {
        !pattern.contains('?') && pattern.find('*').is_none_or(|at| at + 1 == pattern.len())
    }

    /// The statements as casbin policy rows under `MODEL`: one row per catalog Action a
    /// statement's Action patterns name (as Cedar and regorus are given them), or for
    /// `NotAction` one row whose `act` is the case-insensitive regular expression of the
    /// patterns themselves.
    fn rows(rules: &[Rule], actions: &[Vec<String>]) -> Result<Vec<Vec<String>>, String> {
        let mut rows = Vec::new();
        for (i, (rule, names)) in rules.iter().zip(actions).enumerate() {
            let (mut ip, mut vpc) = (String::new(), String::new());
            for c in &rule.conditions {
                let slot = if c.ip { &mut ip } else { &mut vpc };
                if !slot.is_empty() {
                    // The model has one column per condition key; a second value of the same
                    // key would need another column, which this workload never asks for.
                    return Err(format!("statement {i} has two conditions on one key"));
                }
                slot.clone_from(&c.value);
            }
            let (kind, arn) = if key_exact(&rule.resource) {
                ("key", rule.resource.clone())
            } else {
                ("re", regex_of(&rule.resource))
            };
            let flag = |yes: bool| if yes { "1" } else { "0" }.to_owned();
            let eft = if rule.allow { "allow" } else { "deny" };
            let row = |act: String, na: bool| {
                vec![
                    i.to_string(),
                    act,
                    flag(na),
                    arn.clone(),
                    kind.to_owned(),
                    flag(rule.not_resource),
                    ip.clone(),
                    vpc.clone(),
                    eft.to_owned(),
                ]
            };
            if rule.not_action {
                let patterns: Vec<String> = rule.actions.iter().map(|a| regex_of(a)).collect();
                let any = patterns
                    .iter()
                    .map(|p| p.trim_start_matches("(?s)"))
                    .collect::<Vec<&str>>()
                    .join("|");
                rows.push(row(format!("(?si){any}"), true));
            } else {
                rows.extend(names.iter().map(|a| row(a.clone(), false)));
            }
        }
        Ok(rows)
    }

    /// An enforcer holding the statements, its model and rows in memory.
    pub fn enforcer(rules: &[Rule], actions: &[Vec<String>]) -> Result<Enforcer, String> {
        let rows = rows(rules, actions)?;
        block_on(async {
            let model = DefaultModel::from_str(MODEL)
                .await
                .map_err(|e| e.to_string())?;
            let mut enforcer = Enforcer::new(model, MemoryAdapter::default())
                .await
                .map_err(|e| e.to_string())?;
            if enforcer
                .add_policies(rows)
                .await
                .map_err(|e| e.to_string())?
            {
                Ok(enforcer)
            } else {
                Err("casbin refused the policy rows".to_owned())
            }
        })
    }

    /// Whether casbin allows the probe. casbin takes the request's values on each call (it
    /// has no prepared request type); they are borrowed, so the conversion is casbin's own.
    pub fn allows(enforcer: &Enforcer, probe: &Probe) -> bool {
        enforcer
            .enforce((
                probe.action,
                probe.resource.as_str(),
                probe.ip,
                probe.vpc.as_str(),
            ))
            .is_ok_and(|allowed| allowed)
    }

    #[cfg(test)]
    mod tests {
        use super::{key_exact, regex_of};

        #[test]
        fn patterns_translate_to_anchored_regexes() {
            assert_eq!(regex_of("a*b?.c"), "(?s)^a.*b.\\.c$");
            assert!(key_exact("acs:cr:cn-hangzhou:1:repository/x/*"));
            assert!(key_exact("*"));
            assert!(key_exact("acs:kms:cn-hangzhou:1:key/key-1"));
            assert!(!key_exact("acs:cr:*:*:repository/x/*"));
            assert!(!key_exact("acs:cr:?:1:x"));
        }

        /// casbin reaches the path's decision on every shape, so that the benchmark's own
        /// check before timing cannot be the first to find a wrong translation.
        #[test]
        fn casbin_decides_as_ram_on_every_shape() {
            use crate::{Path, Shape, expand};
            let Ok(catalog) = ram_catalog::Catalog::embedded() else {
                panic!("the embedded catalog loads");
            };
            for shape in Shape::ALL {
                let rules: Vec<_> = (0..30).map(|i| shape.rule(i)).collect();
                let actions: Vec<_> = rules.iter().map(|r| expand(catalog, r)).collect();
                let enforcer = match super::enforcer(&rules, &actions) {
                    Ok(enforcer) => enforcer,
                    Err(e) => panic!("{shape:?}: {e}"),
                };
                for path in Path::ALL {
                    assert_eq!(
                        super::allows(&enforcer, &shape.probe(path)),
                        path.outcome() == ram_policy::Outcome::Allow,
                        "{shape:?} {path:?}"
                    );
                }
            }
        }
    }
}

/// The engines of one (shape, size): one set, or for the many-principal shape one per
/// principal, found by name per decision.
struct Engines {
    /// Whether each decision looks its principal's set up (the many-principal shape); with one
    /// principal, an application holds its one set, and so does every engine here.
    many: bool,
    ram: std::collections::HashMap<String, CompiledSet<&'static ram_catalog::Catalog>>,
    #[cfg(feature = "cedar")]
    cedar: std::collections::HashMap<String, cedar_policy::PolicySet>,
    #[cfg(feature = "regorus")]
    rego: std::collections::HashMap<String, regorus::Engine>,
    #[cfg(feature = "casbin")]
    casbin: std::collections::HashMap<String, casbin::Enforcer>,
}

/// A peer's engine for each principal, built alike. A peer that fails to build is reported and
/// left out, so that its agreement check fails loudly instead of timing nothing.
#[cfg(any(feature = "cedar", feature = "regorus", feature = "casbin"))]
fn per_principal<T, E: std::fmt::Display>(
    principals: usize,
    name: &impl Fn(usize) -> String,
    peer: &str,
    build: impl Fn() -> Result<T, E>,
) -> std::collections::HashMap<String, T> {
    (0..principals)
        .filter_map(|p| match build() {
            Ok(engine) => Some((name(p), engine)),
            Err(e) => {
                eprintln!("{peer} policies failed to build: {e}");
                None
            }
        })
        .collect()
}

/// The principal every decision is made for (the middle one of the many-principal shape).
const PRINCIPAL: &str = "acs:ram::1234567890:user/u-500";

impl Engines {
    fn new(
        shape: Shape,
        rules: &[Rule],
        actions: &[Vec<String>],
        catalog: &'static ram_catalog::Catalog,
    ) -> Self {
        let principals = if shape == Shape::ManyPrincipals {
            PRINCIPALS
        } else {
            1
        };
        let name = |p: usize| {
            if principals == 1 {
                PRINCIPAL.to_owned()
            } else {
                format!("acs:ram::{ACCOUNT}:user/u-{p}")
            }
        };
        // Each principal's set is compiled on its own, as an application holding one set per
        // principal would.
        let ram = (0..principals)
            .map(|p| {
                let policy = AttachedPolicy::identity("bench", ram_policy_of(rules));
                (name(p), CompiledSet::new(vec![policy], catalog))
            })
            .collect();
        #[cfg(feature = "cedar")]
        let cedar = per_principal(principals, &name, "cedar", || {
            cedar::policies(rules, actions)
        });
        #[cfg(feature = "regorus")]
        let rego = per_principal(principals, &name, "regorus", || {
            rego::engine(rules, actions)
        });
        #[cfg(feature = "casbin")]
        let casbin = per_principal(principals, &name, "casbin", || {
            casbin_peer::enforcer(rules, actions)
        });
        #[cfg(not(any(feature = "cedar", feature = "regorus", feature = "casbin")))]
        let _ = actions;
        Self {
            many: principals > 1,
            ram,
            #[cfg(feature = "cedar")]
            cedar,
            #[cfg(feature = "regorus")]
            rego,
            #[cfg(feature = "casbin")]
            casbin,
        }
    }

    /// The engine a decision uses: looked up by its principal's name in the many-principal
    /// shape, else the one engine, held.
    fn pick<'a, T>(
        &self,
        map: &'a std::collections::HashMap<String, T>,
        held: &'a T,
    ) -> Option<&'a T> {
        if self.many {
            map.get(black_box(PRINCIPAL))
        } else {
            Some(black_box(held))
        }
    }

    /// Nanoseconds and allocations per decision of the compiled engine without explanation
    /// (`CompiledSet::outcome_ref`, the request built per decision), after checking that it,
    /// the owned request's paths (`outcome`, `decide`) and the plain engine take the path.
    fn ram(&self, probe: &Probe, path: Path) -> Option<(f64, f64)> {
        let set = self.ram.get(PRINCIPAL)?;
        let request = probe.to_ram();
        let mut scratch = Scratch::for_set(set);
        let outcome = set.decide(&request, &mut scratch);
        assert_eq!(
            outcome,
            path.outcome(),
            "the workload must take the {} path",
            path.name()
        );
        assert_eq!(
            set.outcome(&request, &mut scratch),
            outcome,
            "the explained and unexplained paths must agree"
        );
        assert_eq!(
            set.explain(&request).outcome,
            outcome,
            "compiled and plain engines must agree"
        );
        // Each decision builds its request, borrowed from the caller's data (here the probe's),
        // so that allocations per decision include the request's.
        let (ip, vpc) = ([probe.ip.to_owned()], [probe.vpc.clone()]);
        let decide = |scratch: &mut Scratch| {
            let context = [("acs:SourceIp", &ip[..]), ("acs:SourceVpc", &vpc[..])];
            let borrowed = RequestRef {
                action: probe.action,
                resource: &probe.resource,
                context: &context,
                ..RequestRef::default()
            };
            self.pick(&self.ram, set)
                .is_some_and(|set| set.outcome_ref(black_box(&borrowed), scratch) == Outcome::Allow)
        };
        assert_eq!(
            decide(&mut scratch),
            outcome == Outcome::Allow,
            "the borrowed request must decide the same"
        );
        let ns = time(|| decide(&mut scratch));
        Some((ns, allocations_per_call(|| decide(&mut scratch))))
    }

    /// Nanoseconds per decision of Cedar, after checking that it decides the same.
    #[cfg(feature = "cedar")]
    fn cedar(&self, probe: &Probe, path: Path) -> Option<f64> {
        let request = match cedar::request(probe) {
            Ok(request) => request,
            Err(e) => {
                eprintln!("cedar request failed to build: {e}");
                return None;
            }
        };
        let authorizer = cedar_policy::Authorizer::new();
        let set = self.cedar.get(PRINCIPAL)?;
        let decide = || {
            self.pick(&self.cedar, set)
                .is_some_and(|set| cedar::allows(&authorizer, set, &request))
        };
        assert_eq!(
            decide(),
            path.outcome() == Outcome::Allow,
            "cedar must reach the same decision"
        );
        Some(time(decide))
    }

    #[cfg(not(feature = "cedar"))]
    #[allow(clippy::unused_self, reason = "the same signature as with the feature")]
    const fn cedar(&self, _: &Probe, _: Path) -> Option<f64> {
        None
    }

    /// Nanoseconds per decision of regorus, after checking that it decides the same. The
    /// input is set once, as Cedar's request is built once.
    #[cfg(feature = "regorus")]
    fn regorus(&mut self, probe: &Probe, path: Path) -> Option<f64> {
        let input = match rego::input(probe) {
            Ok(input) => input,
            Err(e) => {
                eprintln!("regorus input failed to build: {e}");
                return None;
            }
        };
        self.rego.get_mut(PRINCIPAL)?.set_input(input);
        // With one principal the engine is taken out of the map for the timing (a `&mut`
        // cannot be held beside the map in one closure), and put back after.
        let mut single = if self.many {
            None
        } else {
            Some(self.rego.remove(PRINCIPAL)?)
        };
        let rego = &mut self.rego;
        let mut decide = || match single.as_mut() {
            Some(engine) => rego::allows(black_box(engine)),
            None => rego.get_mut(black_box(PRINCIPAL)).is_some_and(rego::allows),
        };
        assert_eq!(
            decide(),
            path.outcome() == Outcome::Allow,
            "regorus must reach the same decision"
        );
        let ns = time(&mut decide);
        if let Some(engine) = single {
            self.rego.insert(PRINCIPAL.to_owned(), engine);
        }
        Some(ns)
    }

    #[cfg(not(feature = "regorus"))]
    #[allow(clippy::unused_self, reason = "the same signature as with the feature")]
    const fn regorus(&mut self, _: &Probe, _: Path) -> Option<f64> {
        None
    }

    /// Nanoseconds per decision of casbin, after checking that it decides the same.
    #[cfg(feature = "casbin")]
    fn casbin(&self, probe: &Probe, path: Path) -> Option<f64> {
        let enforcer = self.casbin.get(PRINCIPAL)?;
        let decide = || {
            self.pick(&self.casbin, enforcer)
                .is_some_and(|enforcer| casbin_peer::allows(enforcer, black_box(probe)))
        };
        assert_eq!(
            decide(),
            path.outcome() == Outcome::Allow,
            "casbin must reach the same decision"
        );
        Some(time(decide))
    }

    #[cfg(not(feature = "casbin"))]
    #[allow(clippy::unused_self, reason = "the same signature as with the feature")]
    const fn casbin(&self, _: &Probe, _: Path) -> Option<f64> {
        None
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
    for shape in Shape::ALL {
        let sizes = if shape == Shape::ManyPrincipals {
            &[PER_PRINCIPAL][..]
        } else {
            sizes
        };
        for &n in sizes {
            let rules: Vec<Rule> = (0..n).map(|i| shape.rule(i)).collect();
            let actions: Vec<Vec<String>> = rules.iter().map(|r| expand(catalog, r)).collect();
            assert!(
                actions.iter().all(|names| !names.is_empty()),
                "every Action the workload names is in the catalog"
            );
            let mut engines = Engines::new(shape, &rules, &actions, catalog);
            for path in Path::ALL.into_iter().filter(|&p| shape.has(p, n)) {
                let probe = shape.probe(path);
                let row = |engine, ns, allocs| Row {
                    shape: shape.name(),
                    statements: n,
                    path: path.name(),
                    engine,
                    ns,
                    allocs,
                };
                if let Some((ns, allocs)) = engines.ram(&probe, path) {
                    rows.push(row("ram", ns, Some(allocs)));
                }
                if let Some(ns) = engines.cedar(&probe, path) {
                    rows.push(row("cedar", ns, None));
                }
                if let Some(ns) = engines.casbin(&probe, path) {
                    rows.push(row("casbin", ns, None));
                }
                if let Some(ns) = engines.regorus(&probe, path) {
                    rows.push(row("regorus", ns, None));
                }
                let principals = engines.many.then_some(&engines.ram);
                let base = baseline(&rules, &actions, &probe, principals);
                rows.push(row("baseline", base, None));
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
        println!("{NOTES}");
    }
    left_out(json);
    compile_cost(catalog, json);
    if !json {
        lint_speed(catalog);
    }
}

/// Two steps of a decision that the baseline leaves out, each timed alone on the grid's probe
/// (`AllowCondition` of the region-wildcard shape), so that the baseline's column can be read
/// against them: the baseline takes the resource path split off the ARN before the clock
/// starts, and evaluates no condition.
fn left_out(json: bool) {
    let probe = Shape::RegionWildcard.probe(Path::AllowCondition);
    let arn = probe.resource.as_str();
    let ip = [probe.ip.to_owned()];
    let networks = match Values::parse(Operator::IpAddress, &["10.0.0.0/8".to_owned()]) {
        Ok(networks) => networks,
        Err((_, why)) => {
            eprintln!("{why}");
            std::process::exit(2);
        }
    };
    let steps = [
        (
            "the resource path of the ARN, by `splitn(5, ':')`",
            time(|| black_box(arn).splitn(5, ':').nth(4).is_some()),
        ),
        (
            "every `:` of the ARN, by a byte scan",
            time(|| black_box(arn).bytes().filter(|&b| b == b':').count() > 3),
        ),
        (
            "the `IpAddress` condition, by `condition::holds`",
            time(|| condition::holds(Operator::IpAddress, &networks, Some(black_box(&ip)))),
        ),
    ];
    if !json {
        println!(
            "\n{:<52} {:>8}",
            "left out of the baseline (timed alone)", "ns"
        );
    }
    for (step, ns) in steps {
        if json {
            let ns = (ns * 10.0).round() / 10.0;
            println!(
                "{}",
                serde_json::json!({"left_out_of_baseline": step, "ns": ns})
            );
        } else {
            println!("{step:<52} {ns:>8.1}");
        }
    }
}

/// The statements of the compile-cost table.
const COMPILE_SIZE: usize = 100_000;

/// Time and retained memory of `CompiledSet::new` on 100,000 statements of each shape (but
/// many-principals, whose sets are small), beside the size of the policy as JSON text: one row
/// per shape, as a table or as JSON objects.
fn compile_cost(catalog: &'static ram_catalog::Catalog, json: bool) {
    if !json {
        println!(
            "\n{:<24} {:>10} {:>12} {:>14} {:>14} {:>14}",
            "shape", "statements", "compile ms", "retained MB", "policy MB", "retained/text"
        );
    }
    for shape in Shape::ALL {
        if shape == Shape::ManyPrincipals {
            continue;
        }
        let rules: Vec<Rule> = (0..COMPILE_SIZE).map(|i| shape.rule(i)).collect();
        let policy = ram_policy_of(&rules);
        let text = policy.to_json().to_string().len();
        let policies = vec![AttachedPolicy::identity("bench", policy)];
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        let start = Instant::now();
        let set = CompiledSet::new(policies, catalog);
        let seconds = start.elapsed().as_secs_f64();
        // What compiling added, the policies it keeps for explanations aside (built before).
        let retained = LIVE_BYTES.load(Ordering::Relaxed).saturating_sub(before);
        black_box(&set);
        drop(set);
        #[allow(clippy::cast_precision_loss, reason = "a measurement")]
        let (retained_mb, text_mb) = (retained as f64 / 1e6, text as f64 / 1e6);
        if json {
            println!(
                "{}",
                serde_json::json!({
                    "shape": shape.name(),
                    "statements": COMPILE_SIZE,
                    "compile_ms": (seconds * 1e4).round() / 10.0,
                    "retained_bytes": retained,
                    "policy_bytes": text,
                })
            );
        } else {
            println!(
                "{:<24} {:>10} {:>12.1} {:>14.1} {:>14.1} {:>13.2}x",
                shape.name(),
                COMPILE_SIZE,
                seconds * 1e3,
                retained_mb,
                text_mb,
                retained_mb / text_mb
            );
        }
    }
}

/// What the table's translations leave out, printed under it.
const NOTES: &str = "\nCedar is given each RAM Action pattern expanded over the catalog's Actions (it has no Action\n\
wildcard; the same decisions for catalog Actions, not for Actions outside the catalog) and the\n\
RAM Resource pattern as `like` on the ARN (`*` only; the workload has no `?`). regorus is\n\
given one Rego rule per statement (the same expanded Actions as a set, the Resource pattern as\n\
an anchored `regex.match`, `net.cidr_contains`), without the indexing a Rego author might add.\n\
casbin is given one policy row per statement and expanded Action (one row with the patterns'\n\
case-insensitive regex for NotAction), the Resource pattern by `keyMatch` where its only\n\
wildcard is a final `*` and by anchored `regexMatch` otherwise (which casbin 2.20 compiles on\n\
every call), negated for NotResource, `ipMatch` and `==` for the conditions; its matcher runs\n\
on every row (casbin has no index), stopping at the first Deny that matches.\n\
The baseline ignores negation and conditions: a floor, not an engine. many-principals-1000x30:\n\
1,000 compiled sets of 30 statements, one looked up by name per decision (by every engine and\n\
the baseline); the other shapes hold their one set.";

/// The human table: one line per (shape, size, path), the engines side by side.
fn print_table(rows: &[Row]) {
    println!(
        "{:<24} {:>10} {:<14} {:>9} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11} {:>8} {:>8}",
        "shape",
        "statements",
        "path",
        "ram ns",
        "allocs",
        "cedar ns",
        "cedar/ram",
        "casbin ns",
        "casbin/ram",
        "regorus ns",
        "regorus/ram",
        "base ns",
        "ram/base"
    );
    let mut i = 0;
    while let Some(ram) = rows.get(i) {
        let same =
            |r: &&Row| r.shape == ram.shape && r.statements == ram.statements && r.path == ram.path;
        let group: Vec<&Row> = rows[i..].iter().take_while(same).collect();
        i += group.len();
        let of = |engine: &str| group.iter().find(|r| r.engine == engine).map(|r| r.ns);
        let ns = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |c| format!("{c:.0}"));
        let ratio =
            |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |c| format!("{:.1}x", c / ram.ns));
        let base = of("baseline");
        println!(
            "{:<24} {:>10} {:<14} {:>9.1} {:>6.2} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11} {:>8} {:>8}",
            ram.shape,
            ram.statements,
            ram.path,
            ram.ns,
            ram.allocs.unwrap_or_default(),
            ns(of("cedar")),
            ratio(of("cedar")),
            ns(of("casbin")),
            ratio(of("casbin")),
            ns(of("regorus")),
            ratio(of("regorus")),
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
        let seconds = lint_seconds(&text, catalog);
        #[allow(clippy::cast_precision_loss, reason = "a measurement")]
        let per = seconds * 1e6 / n as f64;
        let ratio = per / *base.get_or_insert(per);
        println!(
            "{n:>10} {:>12} {seconds:>12.3} {per:>16.1} {ratio:>13.2}x",
            text.len()
        );
    }
    long_string_lint(catalog);
}

/// Seconds to lint a document as an identity policy with the default options, its findings
/// kept until the clock stops (so that dropping them is not timed, and their memory is in the
/// peak).
fn lint_seconds(text: &str, catalog: &'static ram_catalog::Catalog) -> f64 {
    let options = ram_policy::lint::LintOptions::default();
    let start = Instant::now();
    let findings = ram_policy::lint::lint_with(
        text,
        &[catalog],
        ram_policy::DocumentKind::Identity,
        &options,
    );
    let seconds = start.elapsed().as_secs_f64();
    black_box(findings);
    seconds
}

/// The lint table's second part: one statement whose size is one long string, in each place
/// a string can be long (a Resource with multi-byte characters and wildcards among plain ones,
/// an Action, a condition value, a `Sid`). Time should grow linearly with the string, and the
/// memory linting takes at its peak, beyond the text itself, should stay a few bytes per byte
/// of input (a glob automaton over a long Resource once took some 500).
fn long_string_lint(catalog: &'static ram_catalog::Catalog) {
    println!(
        "\n{:>22} {:>12} {:>10} {:>14} {:>12}",
        "long string", "bytes", "lint s", "peak bytes", "bytes/byte"
    );
    const MB: usize = 1 << 20;
    let rows: [(&str, usize); 6] = [
        ("Resource", MB),
        ("Resource", 4 * MB),
        ("Resource", 16 * MB),
        ("Action", 4 * MB),
        ("condition value", 4 * MB),
        ("Sid", 4 * MB),
    ];
    for (place, size) in rows {
        let text = long_string_document(place, size);
        PEAK_LIVE_BYTES.store(LIVE_BYTES.load(Ordering::Relaxed), Ordering::Relaxed);
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        let seconds = lint_seconds(&text, catalog);
        let peak = PEAK_LIVE_BYTES
            .load(Ordering::Relaxed)
            .saturating_sub(before);
        #[allow(clippy::cast_precision_loss, reason = "a measurement")]
        let per_byte = peak as f64 / text.len() as f64;
        println!(
            "{place:>22} {:>12} {seconds:>10.3} {peak:>14} {per_byte:>12.2}",
            text.len()
        );
    }
}

/// A policy of one statement in which the string at `place` is about `size` bytes: plain
/// letters with `é` (two bytes), `仓` (three) and, in a Resource, `*` and `?` among them.
fn long_string_document(place: &str, size: usize) -> String {
    let unit = if place == "Resource" {
        "repo-é仓*x?"
    } else {
        "pull-é仓-x"
    };
    let long = unit.repeat(size / unit.len());
    let (mut action, mut resource) = (
        "\"cr:PullRepository\"".to_owned(),
        "\"acs:cr:*:*:repository/cri-1/ns/web\"".to_owned(),
    );
    let mut extra = String::new();
    match place {
        "Resource" => resource = format!("\"acs:cr:*:*:repository/cri-1/ns/{long}\""),
        "Action" => action = format!("\"cr:Pull{long}\""),
        "condition value" => {
            extra =
                format!(r#", "Condition": {{"StringLike": {{"acs:SourceVpc": "vpc-{long}"}}}}"#);
        }
        _ => extra = format!(r#", "Sid": "s{long}""#),
    }
    format!(
        r#"{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": {action}, "Resource": {resource}{extra}}}]}}"#
    )
}
