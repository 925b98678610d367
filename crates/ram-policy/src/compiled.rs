//! A policy set compiled once into a form that decides without allocating: each distinct
//! Action element resolved once against the catalog into a bitset over the known Actions (a
//! literal service part looks at that service's Actions only), statements indexed by the
//! structure of their Resource (literal prefix through the account, or the literal run of the
//! resource path from a colon, with region and account wildcards) or, for a broad Resource, by
//! the values of a `StringEquals` condition, the rest listed per Action; Resource patterns
//! classified into cheap matchers, condition keys pre-lowercased. [`CompiledSet::outcome`]
//! stops at the first Deny that decides alone; [`CompiledSet::decide`] also lists the deciding
//! statements.
//!
//! Decisions are the plain engine's ([`crate::evaluate`]) by construction and by test: both
//! combine what each policy class said through the same [`Tally`], the property tests run the
//! compiled form against the reference evaluator too, and [`CompiledSet::explain`] gives the
//! plain engine's explanation.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use ram_core::Catalog;
use ram_core::wildcard::{matches_action, matches_resource};

use crate::condition::{self, Operator, Values};
use crate::decision::{Combination, Layer, PolicyClass, Tally};
use crate::document::{Effect, Patterns};
use crate::eval::{AttachedPolicy, Decision, Matched, Outcome, Request, evaluate};
use crate::principal::Principal;

/// The hash of a text folded to ASCII lowercase (the catalogs' folding of Action names),
/// without allocating a lowercase copy. `rustc-hash`'s FxHash is several times cheaper than the
/// standard library's SipHash on the short keys looked up per decision; SipHash's resistance to
/// chosen keys is not needed here: the tables' keys come from the policies, and a request's
/// text only picks which chain is walked, never makes one longer.
fn caseless_hash(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    let mut words = text.as_bytes().chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        hasher.write_u64(ascii_lowercase_word(u64::from_le_bytes(word)));
    }
    for &byte in words.remainder() {
        hasher.write_u8(byte.to_ascii_lowercase());
    }
    hasher.finish()
}

/// Eight bytes with each ASCII capital letter lowered, at once: a byte gets `0x20` added when
/// it is in `A..=Z` (its high bit clear, at least `A`, not past `Z`), by carry-free byte-wise
/// additions on its low seven bits. Other bytes, non-ASCII ones included, are left as they
/// are, as [`u8::to_ascii_lowercase`] leaves them.
const fn ascii_lowercase_word(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    // Bit 7 of each byte is set in `at_least_a` when its low seven bits are `A` or more, and
    // in `past_z` when they are past `Z`; neither sum carries into the next byte.
    let at_least_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low + 0x2525_2525_2525_2525;
    let capital = at_least_a & !past_z & !word & HIGH;
    word | (capital >> 2)
}

/// Whether two byte strings are equal, those of 8 to 32 bytes (Action names, colon pieces) by
/// two or four word compares that overlap instead of a call to the platform's `memcmp`,
/// whose call and length dispatch were an eighth of a decision.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let word = |bytes: &[u8], at: usize| {
        bytes
            .get(at..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map(|word| u64::from_le_bytes(*word))
    };
    let n = a.len();
    let same = |at: usize| word(a, at) == word(b, at);
    match n {
        _ if n != b.len() => false,
        8..=16 => same(0) && same(n - 8),
        17..=32 => same(0) && same(8) && same(n - 16) && same(n - 8),
        _ => a == b,
    }
}

/// Whether `text` lowered to ASCII lowercase is `lowercase`, eight bytes at a time.
fn lowers_to(text: &[u8], lowercase: &[u8]) -> bool {
    let word = |chunk: &[u8]| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(chunk);
        u64::from_le_bytes(bytes)
    };
    let (mut texts, mut lowers) = (text.chunks_exact(8), lowercase.chunks_exact(8));
    text.len() == lowercase.len()
        && (&mut texts)
            .zip(&mut lowers)
            .all(|(t, l)| ascii_lowercase_word(word(t)) == word(l))
        && texts
            .remainder()
            .iter()
            .zip(lowers.remainder())
            .all(|(t, l)| t.to_ascii_lowercase() == *l)
}

/// The positions of the `:` bytes of a text, in order, found eight bytes at a time (a third of
/// a decision's time was a byte-by-byte scan for them). A byte of a word XORed with
/// `::::::::` is zero exactly where the text has a colon; [`Self::marks`] sets the high bit of
/// each zero byte with no false mark (unlike the shorter test whose borrow can mark the byte
/// after a zero one). `:` is ASCII, so these positions are those of its characters.
struct Colons<'a> {
    bytes: &'a [u8],
    /// Where the current word starts.
    base: usize,
    /// The high bits of the current word's colons not yet returned.
    marks: u64,
}

impl<'a> Colons<'a> {
    /// The colons of a text, or of its first bytes (any number of them: a colon is a whole
    /// character wherever the bytes stop).
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            base: 0,
            marks: Self::marks(bytes),
        }
    }

    /// The high bits of the colons among the first eight bytes (fewer at the text's end).
    #[inline]
    fn marks(bytes: &[u8]) -> u64 {
        const COLONS: u64 = 0x3a3a_3a3a_3a3a_3a3a;
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let x = if let Some(word) = bytes.first_chunk::<8>() {
            u64::from_le_bytes(*word) ^ COLONS
        } else {
            // Past the text's end, bytes that are not zero after the XOR are never marked.
            let mut word = [0; 8];
            for (to, from) in word.iter_mut().zip(bytes) {
                *to = *from;
            }
            (u64::from_le_bytes(word) ^ COLONS) | (u64::MAX << (bytes.len() * 8))
        };
        !(((x & LOW7) + LOW7) | x | LOW7)
    }
}

impl Iterator for Colons<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.marks == 0 {
            self.base += 8;
            let rest = self
                .bytes
                .get(self.base..)
                .filter(|rest| !rest.is_empty())?;
            self.marks = Self::marks(rest);
        }
        let at = self.marks.trailing_zeros() as usize / 8;
        self.marks &= self.marks - 1;
        Some(self.base + at)
    }
}

/// What the engine reads of a request, from an owned [`Request`] or a borrowed
/// [`RequestRef`].
trait Asked {
    fn action(&self) -> &str;
    fn resource(&self) -> &str;
    fn group(&self) -> Option<&str>;
    fn principal(&self) -> Option<&Principal>;
    /// The values of a context key given in lowercase.
    fn values(&self, lowercase_key: &str) -> Option<&[String]>;

    fn combination(&self) -> Combination {
        Combination::of(self.action(), self.resource(), self.principal())
    }
}

impl Asked for Request {
    fn action(&self) -> &str {
        &self.action
    }

    fn resource(&self) -> &str {
        &self.resource
    }

    fn group(&self) -> Option<&str> {
        self.resource_group.as_deref()
    }

    fn principal(&self) -> Option<&Principal> {
        self.principal.as_ref()
    }

    fn values(&self, lowercase_key: &str) -> Option<&[String]> {
        self.context_lowercase(lowercase_key)
    }
}

/// A request borrowed from the caller's data, so that deciding with
/// [`CompiledSet::outcome_ref`] allocates nothing, building the request included. It asks
/// what a [`Request`] with the same fields asks, with one difference in form: a context key is
/// given once, with all its values (a [`Request`] gathers a repeated key's values itself).
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_policy::compiled::{CompiledSet, RequestRef, Scratch};
/// use ram_policy::{AttachedPolicy, Outcome, Policy};
/// let policy = Policy::parse(r#"{"Version": "1", "Statement": [{"Effect": "Allow",
///     "Action": "cr:Pull*", "Resource": "acs:cr:*:*:repository/cri-1/*",
///     "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}]}"#).unwrap();
/// let set = CompiledSet::new(vec![AttachedPolicy::identity("pull", policy)], cr::Service);
/// let ip = ["10.1.2.3".to_owned()];
/// let request = RequestRef {
///     action: "cr:PullRepository",
///     resource: "acs:cr:cn-hangzhou:1:repository/cri-1/team/web",
///     context: &[("acs:SourceIp", &ip)],
///     ..RequestRef::default()
/// };
/// assert_eq!(set.outcome_ref(&request, &mut Scratch::for_set(&set)), Outcome::Allow);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestRef<'a> {
    /// The Action (`cr:PullRepository`).
    pub action: &'a str,
    /// The resource ARN, or `*`.
    pub resource: &'a str,
    /// The resource group of the resource, if any.
    pub resource_group: Option<&'a str>,
    /// Who makes the request.
    pub principal: Option<&'a Principal>,
    /// Context keys (matched case-insensitively, each given once) with their values.
    pub context: &'a [(&'a str, &'a [String])],
}

impl Asked for RequestRef<'_> {
    fn action(&self) -> &str {
        self.action
    }

    fn resource(&self) -> &str {
        self.resource
    }

    fn group(&self) -> Option<&str> {
        self.resource_group
    }

    fn principal(&self) -> Option<&Principal> {
        self.principal
    }

    fn values(&self, lowercase_key: &str) -> Option<&[String]> {
        self.context
            .iter()
            .find(|(key, _)| {
                // ASCII keys (all the vendor's) compare without allocating; others are folded
                // as `Request` folds them, final sigma included.
                if key.is_ascii() {
                    lowers_to(key.as_bytes(), lowercase_key.as_bytes())
                } else {
                    key.to_lowercase() == lowercase_key
                }
            })
            .map(|(_, values)| *values)
    }
}

/// A Resource pattern, classified so that the common shapes avoid the general matcher.
#[derive(Debug, Clone)]
enum ResourcePattern {
    /// `*`.
    Any,
    /// No wildcard.
    Exact(Box<str>),
    /// Text then one trailing `*`.
    Prefix(Box<str>),
    /// Anything else; for a pattern of `*` only (no `?`), its literal runs split at each `*`,
    /// matched without parsing the pattern again, and for a split pattern (see
    /// [`split_colons`]) its colons before `P`.
    Glob {
        pattern: Box<str>,
        runs: Option<Box<[(u32, u32)]>>,
        split: Option<u32>,
    },
}

/// A split pattern has the shape `H*:*:…*P*`: a literal head `H`, `m` runs of a lone `:` (zero
/// or more), then a literal run `P` from a colon, then a last `*` (`acs:cr:*:*:repository/ns-1/*`
/// is `acs:cr:`, one `:`, `:repository/ns-1/`). A resource that starts with `H` and holds `P`
/// at its colon number `k` (from 0) matches it when `k` is at least the pattern's colons
/// before `P` (those of `H`, and `m`): the colons numbered from `H`'s count up to `k` lie
/// after `H` (`H`'s own are its first ones) and before `P`, so the lone `:` runs take `m` of
/// them in order, the `*`s the text between, and the last `*` the rest. The index, which
/// finds `P` at a colon whose number it knows, then proves the match with two byte compares
/// instead of a search for every run.
///
/// This returns the colons before `P` of a pattern of `*` only, given as its literal runs,
/// when it has the shape.
fn split_colons(pattern: &str, runs: &[(u32, u32)]) -> Option<u32> {
    let run = |&(start, end): &(u32, u32)| pattern.get(start as usize..end as usize);
    let [head, lone @ .., piece, last] = runs else {
        return None;
    };
    let shaped = run(last)?.is_empty()
        && run(piece)?.starts_with(':')
        && lone.iter().all(|r| run(r) == Some(":"));
    let head = run(head)?;
    shaped.then(|| index_of(head.matches(':').count() + lone.len()))
}

/// Whether a resource with a colon at byte `at`, its colon number `ordinal`, matches a split
/// pattern (see [`split_colons`]) with `P` there: `false` says nothing (the full match
/// decides).
#[inline]
fn split_proves(
    pattern: &str,
    runs: &[(u32, u32)],
    colons: u32,
    resource: &str,
    (at, ordinal): Hint,
) -> bool {
    let run = |&(start, end): &(u32, u32)| pattern.get(start as usize..end as usize);
    let (Some(head), Some(piece), Some(rest)) = (
        runs.first().and_then(run),
        runs.len()
            .checked_sub(2)
            .and_then(|i| runs.get(i))
            .and_then(run),
        resource.get(at as usize..),
    ) else {
        return false;
    };
    let starts = |text: &str, with: &str| {
        text.as_bytes()
            .get(..with.len())
            .is_some_and(|start| same_bytes(start, with.as_bytes()))
    };
    ordinal >= colons && starts(rest, piece) && starts(resource, head)
}

/// Where the index found a candidate statement by a colon piece: the byte of the colon and
/// its number among the resource's colons, or [`NO_HINT`].
type Hint = (u32, u32);

/// The hint of a candidate found otherwise.
const NO_HINT: Hint = (u32::MAX, 0);

/// A statement to check for a request, with where the index found it.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    at: (u32, u32),
    hint: Hint,
}

/// Statements found the same way, as candidates.
fn hinted(entries: &[(u32, u32)], hint: Hint) -> impl Iterator<Item = Candidate> + '_ {
    entries.iter().map(move |&at| Candidate { at, hint })
}

/// Statements found otherwise than by a colon piece, as candidates.
fn unhinted(entries: &[(u32, u32)]) -> impl Iterator<Item = Candidate> + '_ {
    hinted(entries, NO_HINT)
}

impl ResourcePattern {
    fn new(pattern: &str) -> Self {
        let wild = |s: &str| s.contains(['*', '?']);
        if pattern == "*" {
            Self::Any
        } else if !wild(pattern) {
            Self::Exact(pattern.into())
        } else if let Some(prefix) = pattern.strip_suffix('*').filter(|p| !wild(p)) {
            Self::Prefix(prefix.into())
        } else {
            let runs = (!pattern.contains('?')).then(|| star_runs(pattern));
            Self::Glob {
                pattern: pattern.into(),
                split: runs.as_deref().and_then(|runs| split_colons(pattern, runs)),
                runs,
            }
        }
    }

    /// The text before the first wildcard.
    fn literal_prefix(&self) -> &str {
        match self {
            Self::Any => "",
            Self::Exact(text) | Self::Prefix(text) => text,
            Self::Glob { pattern, .. } => pattern
                .find(['*', '?'])
                .and_then(|i| pattern.get(..i))
                .unwrap_or_default(),
        }
    }

    /// The longest literal run of a wildcard pattern that holds a colon, from its first colon
    /// on (`:repository/ns-1/` of `acs:cr:*:*:repository/ns-1/*`), with the number of colons
    /// before it in the pattern (3 there), or `None`.
    fn colon_piece(&self) -> Option<(usize, &str)> {
        let Self::Glob { pattern, .. } = self else {
            return None;
        };
        pattern
            .match_indices(':')
            .filter_map(|(start, _)| {
                // The run from this colon to the next wildcard, if this is its run's first colon.
                let run = pattern.get(start..)?;
                let run = run
                    .find(['*', '?'])
                    .and_then(|end| run.get(..end))
                    .unwrap_or(run);
                let before = pattern.get(..start)?;
                let first = !before
                    .rsplit(['*', '?'])
                    .next()
                    .is_some_and(|head| head.contains(':'));
                first.then(|| (before.matches(':').count(), run))
            })
            .max_by_key(|(_, piece)| piece.len())
    }

    /// [`Self::matches`], first by the proof of a split pattern at the index's hint.
    fn matches_hinted(&self, resource: &str, hint: Hint) -> bool {
        if hint != NO_HINT
            && let Self::Glob {
                pattern,
                runs: Some(runs),
                split: Some(colons),
            } = self
            && split_proves(pattern, runs, *colons, resource, hint)
        {
            return true;
        }
        self.matches(resource)
    }

    fn matches(&self, resource: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Exact(text) => **text == *resource,
            Self::Prefix(prefix) => resource.starts_with(&**prefix),
            Self::Glob {
                pattern,
                runs: Some(runs),
                ..
            } => matches_stars(pattern, runs, resource),
            Self::Glob { pattern, .. } => matches_resource(pattern, resource),
        }
    }
}

/// The byte ranges of the literal runs of a pattern between its `*`s (ranges rather than
/// copies, so that a compiled set holds each pattern's text once).
fn star_runs(pattern: &str) -> Box<[(u32, u32)]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (star, _) in pattern.match_indices('*').chain([(pattern.len(), "")]) {
        runs.push((index_of(start), index_of(star)));
        start = star + 1;
    }
    runs.into_boxed_slice()
}

/// Whether a resource matches a pattern of `*` only, given as its literal runs (at least two:
/// the text before the first `*` and after the last): the resource starts with the first, ends
/// with the last, and holds the others in order between them. Taking each at its leftmost place
/// is enough, because a later place leaves less room for the rest (as
/// `ram_core::wildcard::matches`). The search is by bytes, which finds only whole characters:
/// a run starts with a character's first byte, which no continuation byte equals.
fn matches_stars(pattern: &str, runs: &[(u32, u32)], resource: &str) -> bool {
    let run = |&(start, end): &(u32, u32)| pattern.get(start as usize..end as usize);
    let [head, middle @ .., tail] = runs else {
        return false;
    };
    let (Some(head), Some(tail)) = (run(head), run(tail)) else {
        return false;
    };
    // An empty run is skipped rather than compared: comparing zero bytes at an empty
    // string's dangling address costs a slow masked load in the platform's `memcmp` (it was a
    // third of the time of a decision).
    let strip = |text: &'_ str, run: &str, suffix: bool| -> Option<usize> {
        let fits = run.is_empty()
            || if suffix {
                text.ends_with(run)
            } else {
                text.starts_with(run)
            };
        fits.then_some(run.len())
    };
    let Some(mut window) = strip(resource, head, false)
        .and_then(|start| resource.get(start..))
        .and_then(|rest| {
            let end = rest.len().checked_sub(strip(rest, tail, true)?)?;
            rest.get(..end)
        })
    else {
        return false;
    };
    for needle in middle.iter().filter_map(run).filter(|run| !run.is_empty()) {
        let needle = needle.as_bytes();
        // Short resources: a scan for the run's first byte beats building a two-way searcher.
        let found = window
            .as_bytes()
            .windows(needle.len())
            .position(|w| w.first() == needle.first() && w == needle);
        match found.and_then(|at| window.get(at + needle.len()..)) {
            Some(rest) => window = rest,
            None => return false,
        }
    }
    true
}

/// Statements filed under key texts, by the texts' hashes: one flat list sorted by hash, so
/// that a compiled set holds no copy of the keys and no list per key. Two keys with the same
/// hash share their statements: a lookup may then return statements of the other key, which
/// the full match of every candidate (Resource, conditions) drops.
///
/// A hash is found without a hash table: the distinct hashes are kept sorted, with a directory
/// of where each value of their top bits starts among them (about one hash per value), so that
/// a lookup reads two neighbouring directory entries and compares the hash or two between
/// them. A general table hashes the hash again and matches control bytes: the region-wildcard
/// ImplicitDeny took 42 ns with one, 38 with this, which takes no more memory.
#[derive(Debug, Clone, Default)]
struct Buckets {
    /// (hash, statement) pairs filed while compiling, until [`Self::finish`].
    pending: Vec<(u64, (u32, u32))>,
    /// The distinct hashes, ascending.
    hashes: Vec<u64>,
    /// Where the statements of each distinct hash start in `entries`, and their end.
    starts: Vec<u32>,
    /// Where the hashes whose top [`Self::bits`] bits are each value start in `hashes`, and
    /// their end.
    directory: Vec<u32>,
    /// How many top bits of a hash pick its directory entry.
    bits: u32,
    entries: Vec<(u32, u32)>,
}

/// The hash of a key text.
fn text_hash(text: &str) -> u64 {
    bytes_hash(text.as_bytes())
}

/// The hash of a byte string.
fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// How many bytes of a colon piece [`Index`] files its length under: enough to tell apart the
/// pieces of different services and resource types (`:1234567890:proj`, `:repository/cri-`).
const HEAD: usize = 16;

impl Buckets {
    fn add(&mut self, key: &str, at: (u32, u32)) {
        self.pending.push((text_hash(key), at));
    }

    /// Builds the flat list and its directory from the filed pairs, keeping each key's
    /// statements in the order filed.
    fn finish(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|&(hash, _)| hash);
        self.entries = pending.iter().map(|&(_, at)| at).collect();
        self.hashes.clear();
        self.starts.clear();
        for (i, &(hash, _)) in pending.iter().enumerate() {
            if self.hashes.last() != Some(&hash) {
                self.hashes.push(hash);
                self.starts.push(index_of(i));
            }
        }
        self.starts.push(index_of(pending.len()));
        // About one distinct hash per directory entry: the largest power of two not above
        // their number.
        self.bits = self.hashes.len().max(1).ilog2();
        let slots = 1_usize << self.bits;
        self.directory = Vec::with_capacity(slots + 1);
        let mut at = 0;
        for slot in 0..slots {
            while self
                .hashes
                .get(at)
                .is_some_and(|&hash| self.slot(hash) < slot)
            {
                at += 1;
            }
            self.directory.push(index_of(at));
        }
        self.directory.push(index_of(self.hashes.len()));
    }

    /// The directory entry of a hash: its top bits.
    fn slot(&self, hash: u64) -> usize {
        // No bits (one hash or none) shift the whole width away: every hash is at entry 0.
        usize::try_from(hash.checked_shr(64 - self.bits).unwrap_or(0)).unwrap_or(usize::MAX)
    }

    /// The statements filed under a key (and any key of the same hash).
    fn get(&self, key: &str) -> &[(u32, u32)] {
        self.find(text_hash(key)).unwrap_or_default()
    }

    fn find(&self, hash: u64) -> Option<&[(u32, u32)]> {
        let slot = self.slot(hash);
        let (&low, &high) = (self.directory.get(slot)?, self.directory.get(slot + 1)?);
        let between = self.hashes.get(low as usize..high as usize)?;
        let k = low as usize + between.iter().position(|&h| h == hash)?;
        let (&start, &end) = (self.starts.get(k)?, self.starts.get(k + 1)?);
        self.entries.get(start as usize..end as usize)
    }
}

/// Statements indexed by what every request they match must hold: the literal prefix of their
/// Resource patterns (a resource can only match a pattern that its text starts with the
/// pattern's literal prefix, the text before the first wildcard), a literal run of the resource
/// path from a colon, or a `StringEquals` value; a request looks up its own prefixes, runs and
/// values of the lengths present instead of scanning every statement.
#[derive(Debug, Clone, Default)]
struct Index {
    /// Literal prefix -> statements with a Resource pattern starting with it.
    by_prefix: Buckets,
    /// The distinct (length, last byte) pairs of the prefixes, ascending: a length is looked
    /// up only where the request's resource has one of the prefixes' last bytes at its end.
    lengths: Vec<Ending>,
    /// Colon piece -> statements with a Resource pattern whose literal prefix stops before the
    /// resource path (`acs:cr:*:*:repository/ns-1/*` stops at `acs:cr:`) but that holds a
    /// literal run from a `:` on (`:repository/ns-1/`): every resource it matches contains that
    /// run, starting at one of its own colons.
    by_piece: Buckets,
    /// The hash of the first [`HEAD`] bytes of each piece at least that long -> the distinct
    /// lengths of those pieces, ascending: at a colon, only the lengths of pieces whose head
    /// the resource shows there are looked up (pieces of other services and paths, which
    /// differ there, are not). A collision only adds lengths. Emptied by [`Self::finish`]
    /// when all pieces have at most [`FEW_ENDINGS`] endings between them.
    piece_heads: FxHashMap<u64, Vec<Ending>>,
    /// The distinct endings of pieces shorter than [`HEAD`], looked up at every colon; after
    /// [`Self::finish`], those of all pieces when they are few.
    short_lengths: Vec<Ending>,
    /// The fewest literal colons any piece follows in its pattern: each must match a colon of
    /// the resource before the piece's own, so the piece's colon is at least that far in
    /// (the fourth of an ARN for `acs:cr:*:*:repository/…`), and earlier colons are skipped.
    /// `None` while no statement is filed by a piece, when no colon is looked at.
    piece_skip: Option<usize>,
    /// The length of the shortest piece: a piece starts no later than that many bytes before
    /// the resource's end, so the colons of its last bytes are not searched for.
    shortest_piece: usize,
    /// Lowercased condition key -> value -> statements whose Resource says little (`*`,
    /// `NotResource`, a literal prefix that stops before the resource path with no colon
    /// piece) but that hold a `StringEquals` on that key: such a statement matches only a
    /// request with one of its values under the key (`StringEquals` compares exactly, and an
    /// absent key fails it).
    by_value: FxHashMap<String, Buckets>,
    /// Statements that must always be checked (`NotResource`, or a pattern starting with a
    /// wildcard).
    always: Vec<(u32, u32)>,
}

/// The length of an indexed key and its last byte. Keys are hashed and looked up only at
/// the lengths where the request's text shows a key's last byte: the keys of one shape differ
/// mostly in length (`ns-5/`, `ns-50/`, `ns-500/`) and end alike (`/`), so most lengths are
/// passed over by one byte compare instead of a hash and a lookup.
type Ending = (usize, u8);

/// Files the ending of a key in an ascending list of distinct endings.
fn add_ending(list: &mut Vec<Ending>, key: &str) {
    let ending = (
        key.len(),
        key.as_bytes().last().copied().unwrap_or_default(),
    );
    insert_ending(list, ending);
}

/// Files an ending in an ascending list of distinct endings.
fn insert_ending(list: &mut Vec<Ending>, ending: Ending) {
    if let Err(i) = list.binary_search(&ending) {
        list.insert(i, ending);
    }
}

/// The key of `text` that an ending stands for: its first `length` bytes, when they end in the
/// ending's byte and at a character boundary.
fn ending_key(text: &str, (length, last): Ending) -> Option<&str> {
    if length == 0 || text.as_bytes().get(length - 1) != Some(&last) {
        return None;
    }
    text.get(..length)
}

/// Where [`Index`] files a Resource pattern.
enum Bucket<'a> {
    /// By its literal prefix.
    Prefix(&'a str),
    /// By its longest literal run from a colon, and the colons before that run.
    Piece(usize, &'a str),
    /// Nowhere: checked for every request.
    Always,
}

impl Bucket<'_> {
    /// Whether the bucket narrows the candidates to the resource path: a colon piece, or a
    /// literal prefix through the account's colon.
    fn selective(&self) -> bool {
        match self {
            Self::Prefix(prefix) => prefix.matches(':').count() >= 4,
            Self::Piece(..) => true,
            Self::Always => false,
        }
    }
}

impl Index {
    /// The bucket of a Resource pattern.
    fn bucket(pattern: &ResourcePattern) -> Bucket<'_> {
        let prefix = pattern.literal_prefix();
        // A prefix that stops before the account's colon says little (`acs:cr:` is every
        // statement's); a longer literal run from a colon on says more.
        if prefix.matches(':').count() < 4
            && let Some((colons, piece)) = pattern
                .colon_piece()
                .filter(|(_, p)| p.len() > prefix.len())
        {
            Bucket::Piece(colons, piece)
        } else if prefix.is_empty() {
            Bucket::Always
        } else {
            Bucket::Prefix(prefix)
        }
    }

    /// Files a statement; returns whether it went (also) to the statements always checked.
    fn add(&mut self, at: (u32, u32), statement: &CompiledStatement) -> bool {
        let weak = statement.resources_negated
            || statement
                .resources
                .iter()
                .any(|pattern| !Self::bucket(pattern).selective());
        if weak && let Some((key, values)) = statement.equality() {
            let by_value = self.by_value.entry(key.to_owned()).or_default();
            for value in values {
                by_value.add(value, at);
            }
            return false;
        }
        if statement.resources_negated {
            self.always.push(at);
            return true;
        }
        let mut always = false;
        for pattern in &statement.resources {
            match Self::bucket(pattern) {
                Bucket::Piece(colons, piece) => {
                    self.piece_skip = Some(self.piece_skip.map_or(colons, |skip| skip.min(colons)));
                    self.shortest_piece = match self.shortest_piece {
                        0 => piece.len(),
                        shortest => shortest.min(piece.len()),
                    };
                    self.by_piece.add(piece, at);
                    let endings = match piece.as_bytes().get(..HEAD) {
                        Some(head) => self.piece_heads.entry(bytes_hash(head)).or_default(),
                        None => &mut self.short_lengths,
                    };
                    add_ending(endings, piece);
                }
                Bucket::Prefix(prefix) => {
                    self.by_prefix.add(prefix, at);
                    add_ending(&mut self.lengths, prefix);
                }
                Bucket::Always => {
                    self.always.push(at);
                    always = true;
                }
            }
        }
        always
    }

    /// Adds to `out` the candidate statements the request's resource and context find, in no
    /// order and possibly repeated, with where a colon piece found them (the statements always
    /// checked are the caller's to add).
    fn candidates(&self, request: &(impl Asked + ?Sized), out: &mut Vec<Candidate>) {
        let resource = request.resource();
        for (key, by_value) in &self.by_value {
            for value in request.values(key).unwrap_or_default() {
                out.extend(unhinted(by_value.get(value)));
            }
        }
        for &ending in &self.lengths {
            if ending.0 > resource.len() {
                break;
            }
            // A length past the resource's last byte of that value, or one that ends inside
            // one of its characters, cannot be the length of a literal prefix it starts with
            // (a prefix is whole characters), but longer ones still can: skip it, never stop.
            if let Some(prefix) = ending_key(resource, ending) {
                out.extend(unhinted(self.by_prefix.get(prefix)));
            }
        }
        if let Some(skip) = self.piece_skip {
            let searched = resource.len().saturating_sub(self.shortest_piece) + 1;
            let bytes = resource.as_bytes();
            let colons = Colons::new(bytes.get(..searched).unwrap_or(bytes));
            for (ordinal, start) in colons.enumerate().skip(skip) {
                let rest = &resource[start..];
                let headed = rest
                    .as_bytes()
                    .get(..HEAD)
                    .filter(|_| !self.piece_heads.is_empty())
                    .and_then(|head| self.piece_heads.get(&bytes_hash(head)));
                let endings = self
                    .short_lengths
                    .iter()
                    .chain(headed.into_iter().flatten());
                // Too long, ending in another byte, or inside a character (as above): skipped.
                // (The two lists are each ascending, not together, so this never stops.)
                let hint = (index_of(start), index_of(ordinal));
                for piece in endings.filter_map(|&ending| ending_key(rest, ending)) {
                    out.extend(hinted(self.by_piece.get(piece), hint));
                }
            }
        }
    }

    /// How many statement entries the index holds, for sizing buffers.
    fn entries(&self) -> usize {
        self.always.len()
            + self.by_prefix.entries.len()
            + self.by_piece.entries.len()
            + self
                .by_value
                .values()
                .map(|b| b.entries.len())
                .sum::<usize>()
    }

    /// Ends compiling: builds every bucket's flat list.
    fn finish(&mut self) {
        self.by_prefix.finish();
        self.by_piece.finish();
        self.by_value.values_mut().for_each(Buckets::finish);
        // Few endings are tried at every colon for less than the hash of a head and its
        // lookup (the last byte passes over most of them).
        let mut all = self.short_lengths.clone();
        for &ending in self.piece_heads.values().flatten() {
            insert_ending(&mut all, ending);
        }
        if all.len() <= FEW_ENDINGS {
            self.short_lengths = all;
            self.piece_heads = FxHashMap::default();
        }
    }
}

/// The most piece endings that [`Index`] tries at every colon rather than by their head.
const FEW_ENDINGS: usize = 8;

#[derive(Debug, Clone)]
struct CompiledCondition {
    operator: Operator,
    key: String,
    values: Values,
}

#[derive(Debug, Clone)]
struct CompiledStatement {
    effect: Effect,
    resources: Vec<ResourcePattern>,
    resources_negated: bool,
    conditions: Vec<CompiledCondition>,
    /// Whether the statement has a `Principal` (those of trust and resource-based policies),
    /// read from the source statement when it matches otherwise.
    names_principals: bool,
    /// The position in [`CompiledSet::action_sets`] of the catalog Actions the statement
    /// grants or denies.
    action_set: u32,
}

impl CompiledStatement {
    fn resource_matches(&self, resource: &str, hint: Hint) -> bool {
        if self.resources_negated {
            !self.resources.iter().any(|p| p.matches(resource))
        } else {
            self.resources
                .iter()
                .any(|p| p.matches_hinted(resource, hint))
        }
    }

    /// The key (lowercased) and values of the statement's first `StringEquals` condition,
    /// which every request it matches carries one of.
    fn equality(&self) -> Option<(&str, &[String])> {
        self.conditions
            .iter()
            .find_map(|c| match (&c.operator, &c.values) {
                (Operator::StringEquals, Values::Strings(values)) => {
                    Some((c.key.as_str(), &values[..]))
                }
                _ => None,
            })
    }

    fn conditions_hold(&self, request: &(impl Asked + ?Sized)) -> bool {
        self.conditions
            .iter()
            .all(|c| condition::holds(c.operator, &c.values, request.values(&c.key)))
    }
}

#[derive(Debug, Clone)]
struct CompiledPolicy {
    class: PolicyClass,
    statements: Vec<CompiledStatement>,
}

/// Reusable buffers for [`CompiledSet::decide`], so that deciding allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    candidates: Vec<Candidate>,
    /// The statements that decided the last request.
    pub matched: Vec<MatchRef>,
}

impl Scratch {
    /// Buffers sized for a set, so that even the first decision does not allocate.
    #[must_use]
    pub fn for_set<C>(set: &CompiledSet<C>) -> Self {
        let statements = set.index.entries();
        Self {
            candidates: Vec::with_capacity(statements),
            matched: Vec::with_capacity(statements),
        }
    }
}

/// A statement that matched, by position: policy index and statement index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MatchRef {
    /// The policy's position in the compiled set.
    pub policy: u32,
    /// The statement's position in the policy.
    pub statement: u32,
    /// Its effect.
    pub effect: Effect,
    layer: Layer,
}

/// A compiled policy set; see the module documentation.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_policy::{AttachedPolicy, Outcome, Policy, Request};
/// use ram_policy::compiled::{CompiledSet, Scratch};
/// let policy = Policy::parse(r#"{"Version": "1", "Statement": [
///     {"Effect": "Allow", "Action": "cr:Pull*", "Resource": "acs:cr:*:*:repository/cri-1/*"}]}"#).unwrap();
/// let set = CompiledSet::new(vec![AttachedPolicy::identity("pull", policy)], cr::Service);
/// let request = Request::new("cr:PullRepository", "acs:cr:cn-hangzhou:1:repository/cri-1/team/web");
/// let mut scratch = Scratch::for_set(&set);
/// assert_eq!(set.decide(&request, &mut scratch), Outcome::Allow);
/// assert_eq!(set.named(&scratch.matched), ram_policy::evaluate(set.policies(), &request, &cr::Service).matched);
/// assert_eq!(set.explain(&request), ram_policy::evaluate(set.policies(), &request, &cr::Service));
/// ```
#[derive(Debug, Clone)]
pub struct CompiledSet<C> {
    catalog: C,
    source: Vec<AttachedPolicy>,
    policies: Vec<CompiledPolicy>,
    /// The catalog's Actions by [`caseless_hash`]: the name as the catalog spells it and the
    /// Action's index.
    lookup: FxHashMap<u64, (String, usize)>,
    /// Actions whose hash an earlier Action already took (practically none), checked in turn.
    collided: Vec<(String, usize)>,
    /// Per known Action: whether it supports resource-group-level authorization.
    rg_support: Vec<Option<bool>>,
    /// The distinct sets of catalog Actions that statements name, as bitsets over the
    /// catalog's Actions (statements usually repeat a few Action lists).
    action_sets: Vec<Vec<u64>>,
    /// Every statement by its Resource patterns and equality conditions, whatever its Actions
    /// (a candidate of another Action is dropped by one bit test); its `always` serves Actions
    /// the catalog does not know.
    index: Index,
    /// Per known Action: the statements of [`Index::always`] that name it.
    always: Vec<Vec<(u32, u32)>>,
    /// The classes of the policies not attached at a resource group, present whatever the
    /// request. A policy attached at one is an identity policy, whose layer must allow whether
    /// or not it is present, so only its matching statements are recorded, per request.
    present: Tally,
    /// Whether a control policy, or a session policy, is in the set: either can end the
    /// process before a Deny of a later step is looked at.
    has_control: bool,
    has_session: bool,
}

fn index_of(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Whether bit `i` of a bitset is set.
fn has_bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64)
        .is_some_and(|word| word & (1 << (i % 64)) != 0)
}

impl<C: Catalog> CompiledSet<C> {
    /// Compiles attached policies against a catalog.
    #[must_use]
    pub fn new(policies: Vec<AttachedPolicy>, catalog: C) -> Self {
        let actions = catalog.actions();
        let mut lookup = FxHashMap::default();
        let mut collided = Vec::new();
        for (i, action) in actions.iter().enumerate() {
            // The same folding as `matches_action` and the catalogs: ASCII only.
            let entry = ((*action).to_owned(), i);
            match lookup.entry(caseless_hash(action)) {
                std::collections::hash_map::Entry::Vacant(free) => {
                    free.insert(entry);
                }
                std::collections::hash_map::Entry::Occupied(_) => collided.push(entry),
            }
        }
        let rg_support = actions
            .iter()
            .map(|a| catalog.action_supports_resource_groups(a))
            .collect();
        // The catalog's Actions by lowercased service code: a pattern whose service part is
        // literal matches only these.
        let mut by_service: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, action) in actions.iter().enumerate() {
            if let Some((service, _)) = action.split_once(':') {
                by_service
                    .entry(service.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        let named = |name: &str| -> Vec<usize> {
            let same = |(action, _): &&(String, usize)| action.eq_ignore_ascii_case(name);
            let first = lookup.get(&caseless_hash(name)).filter(same);
            first
                .into_iter()
                .chain(collided.iter().filter(same))
                .map(|(_, i)| *i)
                .collect()
        };
        // The bitset of the catalog Actions an Action element names.
        let resolve = |element: &Patterns| -> Vec<u64> {
            let mut bits = vec![0_u64; actions.len().div_ceil(64)];
            let mut set = |i: usize| {
                if let Some(word) = bits.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
            };
            for pattern in &element.patterns {
                if !pattern.contains(['*', '?']) {
                    named(pattern).into_iter().for_each(&mut set);
                    continue;
                }
                let scope: Vec<usize> = match pattern.split_once(':') {
                    Some((service, _)) if !service.contains(['*', '?']) => by_service
                        .get(&service.to_ascii_lowercase())
                        .cloned()
                        .unwrap_or_default(),
                    _ => (0..actions.len()).collect(),
                };
                scope
                    .into_iter()
                    .filter(|&i| actions.get(i).is_some_and(|a| matches_action(pattern, a)))
                    .for_each(&mut set);
            }
            if element.negated {
                for (w, word) in bits.iter_mut().enumerate() {
                    // Only the bits of Actions that exist.
                    let live = actions.len().saturating_sub(w * 64).min(64);
                    let mask = if live == 64 {
                        u64::MAX
                    } else {
                        (1 << live) - 1
                    };
                    *word = !*word & mask;
                }
            }
            bits
        };
        let mut present = Tally::default();
        let mut compiled = Vec::with_capacity(policies.len());
        let mut action_sets: Vec<Vec<u64>> = Vec::new();
        let mut set_of: FxHashMap<(bool, &[String]), u32> = FxHashMap::default();
        let mut index = Index::default();
        let mut always: Vec<Vec<(u32, u32)>> = vec![Vec::new(); actions.len()];
        for (p, attached) in policies.iter().enumerate() {
            if attached.class.resource_group().is_none() {
                present.present(&attached.class);
            }
            let mut statements = Vec::with_capacity(attached.policy.statements.len());
            for (s, statement) in attached.policy.statements.iter().enumerate() {
                let at = (index_of(p), index_of(s));
                let element = &statement.actions;
                let action_set = *set_of
                    .entry((element.negated, &element.patterns))
                    .or_insert_with(|| {
                        action_sets.push(resolve(element));
                        index_of(action_sets.len() - 1)
                    });
                let compiled_statement = CompiledStatement {
                    effect: statement.effect,
                    resources: statement
                        .resources
                        .patterns
                        .iter()
                        .map(|r| ResourcePattern::new(r))
                        .collect(),
                    resources_negated: statement.resources.negated,
                    conditions: statement
                        .conditions
                        .iter()
                        .map(|c| CompiledCondition {
                            operator: c.operator,
                            key: c.key.to_lowercase(),
                            values: c.values.clone(),
                        })
                        .collect(),
                    names_principals: statement.principals.is_some(),
                    action_set,
                };
                if index.add(at, &compiled_statement)
                    && let Some(bits) = action_sets.get(action_set as usize)
                {
                    for (w, &word) in bits.iter().enumerate() {
                        let mut rest = word;
                        while rest != 0 {
                            let a = w * 64 + rest.trailing_zeros() as usize;
                            rest &= rest - 1;
                            if let Some(list) = always.get_mut(a) {
                                list.push(at);
                            }
                        }
                    }
                }
                statements.push(compiled_statement);
            }
            compiled.push(CompiledPolicy {
                class: attached.class.clone(),
                statements,
            });
        }
        index.finish();
        Self {
            has_control: policies.iter().any(|p| p.class == PolicyClass::Control),
            has_session: policies.iter().any(|p| p.class == PolicyClass::Session),
            catalog,
            source: policies,
            policies: compiled,
            lookup,
            collided,
            rg_support,
            action_sets,
            index,
            always,
            present,
        }
    }

    /// The policies as given.
    #[must_use]
    pub fn policies(&self) -> &[AttachedPolicy] {
        &self.source
    }

    /// The catalog index of an Action, case-insensitively, without allocating: one hash of
    /// the folded name and one comparison.
    fn action_index(&self, action: &str) -> Option<usize> {
        // Requests mostly spell an Action as the catalog does: one byte compare settles them.
        let named = |(name, _): &&(String, usize)| {
            same_bytes(name.as_bytes(), action.as_bytes()) || name.eq_ignore_ascii_case(action)
        };
        self.lookup
            .get(&caseless_hash(action))
            .filter(named)
            .or_else(|| self.collided.iter().find(named))
            .map(|(_, index)| *index)
    }

    /// Decides a request without allocating once `scratch` has grown to the set's size: the
    /// deciding statements are left in `scratch.matched`, in the plain engine's order.
    pub fn decide(&self, request: &Request, scratch: &mut Scratch) -> Outcome {
        let Scratch {
            candidates,
            matched,
        } = scratch;
        matched.clear();
        let action = self.action_index(&request.action);
        candidates.clear();
        candidates.extend(unhinted(self.always_for(action)));
        self.index.candidates(request, candidates);
        // The plain engine's order of statements needs each candidate once, in order.
        candidates.sort_unstable_by_key(|c| c.at);
        candidates.dedup_by_key(|c| c.at);
        let tally = self.scan(request, action, candidates.iter().copied(), Some(matched));
        let resolution = tally.resolve(request.combination());
        let outcome = resolution.outcome;
        // Only the statements of the decisions the process used explain the outcome.
        matched.retain(|m| {
            self.policies
                .get(m.policy as usize)
                .is_some_and(|policy| resolution.lists(&policy.class, m.effect))
        });
        if outcome != Outcome::ExplicitDeny {
            // The plain engine lists allows by layer, then in policy order.
            matched.sort_unstable_by_key(|m| (m.layer, m.policy, m.statement));
        }
        outcome
    }

    /// The outcome of [`Self::decide`] without the statements that decided it, for when no
    /// explanation is asked for: the candidates are neither sorted nor deduplicated (recording
    /// a statement twice changes nothing), and the scan stops at the first matching Deny that
    /// decides whatever else matches. Leaves `scratch.matched` empty; allocates nothing once
    /// `scratch` has grown.
    pub fn outcome(&self, request: &Request, scratch: &mut Scratch) -> Outcome {
        self.outcome_of(request, scratch)
    }

    /// [`Self::outcome`] of a borrowed request: no allocation at all, the request included.
    pub fn outcome_ref(&self, request: &RequestRef<'_>, scratch: &mut Scratch) -> Outcome {
        self.outcome_of(request, scratch)
    }

    fn outcome_of(&self, request: &(impl Asked + ?Sized), scratch: &mut Scratch) -> Outcome {
        scratch.matched.clear();
        let action = self.action_index(request.action());
        scratch.candidates.clear();
        self.index.candidates(request, &mut scratch.candidates);
        // The statements always checked are scanned where they are, not copied: a set of many
        // `NotResource` statements has many.
        let found = scratch.candidates.iter().copied();
        let candidates = unhinted(self.always_for(action)).chain(found);
        self.scan(request, action, candidates, None)
            .outcome(request.combination())
    }

    /// The statements always checked for an Action: its own, or every one for an Action the
    /// catalog does not know.
    fn always_for(&self, action: Option<usize>) -> &[(u32, u32)] {
        action
            .and_then(|a| self.always.get(a))
            .unwrap_or(&self.index.always)
    }

    /// A statement as given.
    fn source_statement(&self, policy: u32, statement: u32) -> Option<&crate::Statement> {
        self.source
            .get(policy as usize)?
            .policy
            .statements
            .get(statement as usize)
    }

    /// Records every candidate statement that matches the request, pushing each onto
    /// `matched` when given; without it, stops at the first Deny that decides alone.
    fn scan(
        &self,
        request: &(impl Asked + ?Sized),
        action: Option<usize>,
        candidates: impl IntoIterator<Item = Candidate>,
        mut matched: Option<&mut Vec<MatchRef>>,
    ) -> Tally {
        // Computed at most once per request, when an RG-scoped policy needs it.
        let mut resource_in_rg_type: Option<bool> = None;
        let mut tally = self.present;
        for Candidate { at: (p, s), hint } in candidates {
            let Some(policy) = self.policies.get(p as usize) else {
                continue;
            };
            if !self.scope_applies(&policy.class, request, action, &mut resource_in_rg_type) {
                continue;
            }
            let Some(statement) = policy.statements.get(s as usize) else {
                continue;
            };
            let named = match action {
                Some(a) => self
                    .action_sets
                    .get(statement.action_set as usize)
                    .is_some_and(|bits| has_bit(bits, a)),
                // An Action the catalog does not know: the source statement's patterns.
                None => self.source_statement(p, s).is_some_and(|source| {
                    let listed = source
                        .actions
                        .patterns
                        .iter()
                        .any(|pattern| matches_action(pattern, request.action()));
                    listed != source.actions.negated
                }),
            };
            if !named {
                continue;
            }
            if !statement.resource_matches(request.resource(), hint)
                || !statement.conditions_hold(request)
            {
                continue;
            }
            if statement.names_principals
                && !self
                    .source_statement(p, s)
                    .and_then(|source| source.principals.as_ref())
                    .is_some_and(|principals| {
                        principals.names(request.principal(), statement.effect)
                    })
            {
                continue;
            }
            tally.record(&policy.class, statement.effect);
            match matched.as_deref_mut() {
                Some(matched) => matched.push(MatchRef {
                    policy: p,
                    statement: s,
                    effect: statement.effect,
                    layer: policy.class.layer(),
                }),
                None => {
                    if statement.effect == Effect::Deny && self.deny_decides(&policy.class, request)
                    {
                        break;
                    }
                }
            }
        }
        tally
    }

    /// Whether a matching Deny of a policy of `class` gives an explicit deny whatever else
    /// matches, by the process of [`Tally::resolve`]: a control policy's Deny ends step 1; the
    /// session policy's ends step 2 when no control policy can end step 1 first (with an
    /// implicit deny); an account-class identity Deny decides step 3, and a resource-based one
    /// step 4, when neither step 1 nor 2 can end first and (for the identity one) the request
    /// has an identity step. A resource-group-class Deny never decides alone: an account-class
    /// Allow found later overrides it.
    fn deny_decides(&self, class: &PolicyClass, request: &(impl Asked + ?Sized)) -> bool {
        match class {
            PolicyClass::Control => true,
            PolicyClass::Session => !self.has_control,
            PolicyClass::IdentityAccount => {
                !self.has_control
                    && !self.has_session
                    && request.combination() != Combination::AssumeRole { identity: false }
            }
            PolicyClass::ResourceBased => !self.has_control && !self.has_session,
            PolicyClass::IdentityResourceGroup(_) => false,
        }
    }

    /// Whether a policy of a class applies to a request, by the rule of
    /// [`PolicyClass::applies`], with the Action's support looked up by its catalog index and
    /// the resource's computed once per request.
    fn scope_applies(
        &self,
        class: &PolicyClass,
        request: &(impl Asked + ?Sized),
        action: Option<usize>,
        resource_ok: &mut Option<bool>,
    ) -> bool {
        class
            .applies(
                request.group(),
                || action.and_then(|a| self.rg_support.get(a).copied().flatten()),
                || {
                    *resource_ok.get_or_insert_with(|| {
                        self.catalog
                            .resource_supports_resource_groups(request.resource())
                    })
                },
            )
            .is_ok()
    }

    /// The plain engine's decision with its explanation (allocates).
    #[must_use]
    pub fn explain(&self, request: &Request) -> Decision {
        evaluate(&self.source, request, &self.catalog)
    }

    /// The matched statements as the plain engine names them.
    #[must_use]
    pub fn named(&self, matched: &[MatchRef]) -> Vec<Matched> {
        matched
            .iter()
            .filter_map(|m| {
                let policy = self.source.get(m.policy as usize)?;
                Some(Matched {
                    policy: policy.name.clone(),
                    statement: m.statement as usize,
                    effect: m.effect,
                })
            })
            .collect()
    }
}

/// Who asks, for a [`CompiledSet`] used as an [`Authorizer`](ram_core::Authorizer): the
/// resource group of the resource, the requester, and the context keys. (Unlike
/// [`crate::Session`] it names no policies: a compiled set is evaluated whole.)
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The resource group of the requested resource.
    pub resource_group: Option<String>,
    /// Who makes the request.
    pub principal: Option<crate::Principal>,
    /// Context keys and values.
    pub context: Vec<(String, String)>,
}

/// The compiled set answers typed operations too, by [`CompiledSet::outcome`]. This builds the
/// request and fresh buffers per call; [`CompiledSet::outcome`] or [`CompiledSet::decide`] with
/// a kept [`Scratch`] is the allocation-free path.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_core::Authorizer;
/// use cr::{arn, ops};
/// use ram_policy::compiled::{Caller, CompiledSet};
/// use ram_policy::{AttachedPolicy, Outcome, Policy};
/// let policy = Policy::builder().allow::<ops::PullRepository>().on(arn::RepositoryPattern::any()).build();
/// let set = CompiledSet::new(vec![AttachedPolicy::identity("pull", policy)], cr::Service);
/// let repo = arn::Repository::new("cn-hangzhou", "1", "cri-1", "team", "web");
/// assert_eq!(set.check::<ops::PullRepository>(&Caller::default(), &repo), Outcome::Allow);
/// assert_eq!(set.check::<ops::PushRepository>(&Caller::default(), &repo), Outcome::ImplicitDeny);
/// ```
impl<C: Catalog> ram_core::Authorizer for CompiledSet<C> {
    type Principal = Caller;
    type Output = Outcome;

    fn authorize(&self, caller: &Caller, action: &str, resource: &str) -> Outcome {
        let mut request = Request::new(action, resource);
        request.resource_group.clone_from(&caller.resource_group);
        request.principal.clone_from(&caller.principal);
        for (key, value) in &caller.context {
            request = request.with_context(key, value.clone());
        }
        self.outcome(&request, &mut Scratch::for_set(self))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{
        Buckets, Colons, ResourcePattern, ascii_lowercase_word, index_of, lowers_to,
        matches_resource, same_bytes, split_proves,
    };

    /// A hash, often one of a few values at the ends and the middle of the range, so that
    /// hashes repeat and fill the first and last directory entries.
    fn hash() -> impl Strategy<Value = u64> {
        prop_oneof![
            (0_u64..4).prop_map(|k| k),
            (0_u64..4).prop_map(|k| u64::MAX - k),
            (0_u64..4).prop_map(|k| (1 << 63) + k),
            any::<u64>(),
        ]
    }

    proptest! {
        /// A bucket lookup by the directory finds exactly the statements filed under a hash,
        /// in the order filed, and none under a hash not filed: for none, one and many hashes,
        /// repeated ones, and hashes at both ends of the range.
        #[test]
        fn buckets_find_what_was_filed(
            filed in proptest::collection::vec(hash(), 0..300),
            asked in proptest::collection::vec(hash(), 0..20),
        ) {
            let mut buckets = Buckets::default();
            for (i, &hash) in filed.iter().enumerate() {
                buckets.pending.push((hash, (index_of(i), 0)));
            }
            buckets.finish();
            for &hash in filed.iter().chain(&asked) {
                let expected: Vec<(u32, u32)> = filed
                    .iter()
                    .enumerate()
                    .filter(|&(_, &h)| h == hash)
                    .map(|(i, _)| (index_of(i), 0))
                    .collect();
                let found = buckets.find(hash).unwrap_or_default();
                prop_assert_eq!(found, &expected[..], "{:#x}", hash);
            }
        }
    }

    /// Every text of up to `max` characters over an alphabet.
    fn texts(alphabet: &[&str], max: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            last = last
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// A split's proof of a match is never wrong: over every pattern of up to 7 characters of
    /// `a`, `:`, `*` and `人` that has the shape (`a*:*:a*`), every resource of up to 6 of
    /// `a`, `:` and `人`, and every colon of the resource with its number, a proof implies the
    /// full match. It also proves most of the matches it is asked about where `P` is at that
    /// colon, so that the fast path is taken (a split that never proves anything would pass
    /// the first half).
    #[test]
    fn a_split_proves_only_matches() {
        // A pattern with its runs and its colons before `P`.
        type Split = (String, Box<[(u32, u32)]>, u32);
        let patterns: Vec<Split> = texts(&["a", ":", "*", "人"], 7)
            .into_iter()
            .filter_map(|pattern| match ResourcePattern::new(&pattern) {
                ResourcePattern::Glob {
                    runs: Some(runs),
                    split: Some(colons),
                    ..
                } => Some((pattern, runs, colons)),
                _ => None,
            })
            .collect();
        let split = |text: &str| patterns.iter().any(|(p, ..)| p == text);
        assert!(split("a*:*:a*") && split("*:人*") && !split("a*:a*a") && !split("a*:*a:*"));
        let resources = texts(&["a", ":", "人"], 6);
        let (mut proved, mut asked) = (0_usize, 0_usize);
        for (pattern, runs, colons) in &patterns {
            let piece = runs
                .get(runs.len() - 2)
                .and_then(|&(start, end)| pattern.get(start as usize..end as usize))
                .unwrap_or_default();
            for resource in &resources {
                let matches = matches_resource(pattern, resource);
                for (ordinal, at) in Colons::new(resource.as_bytes()).enumerate() {
                    let hint = (index_of(at), index_of(ordinal));
                    let proves = split_proves(pattern, runs, *colons, resource, hint);
                    assert!(
                        !proves || matches,
                        "{pattern} proves {resource} at {hint:?}"
                    );
                    if matches && resource.get(at..).is_some_and(|r| r.starts_with(piece)) {
                        asked += 1;
                        proved += usize::from(proves);
                    }
                }
            }
        }
        assert!(asked > 10_000 && proved * 2 > asked, "{proved} of {asked}");
    }

    /// The word-wise colon search finds exactly the colons a byte scan finds, at every length
    /// and position, beside byte values one bit away from `:` (`;`, `8`, `z`, `\x1a`), its
    /// high-bit twin `\xba` (inside a character here) and multi-byte text.
    #[test]
    fn colons_are_found_exactly() {
        let mut texts = vec![
            String::new(),
            "acs:cr:cn-hangzhou:1234567890:repository/cri-abc/ns-0/web".to_owned(),
            "::::::::::::::::::".to_owned(),
            "acs:oss:*:*:bücket/仓库:名:x".to_owned(),
        ];
        for len in 0..20 {
            for at in 0..=len {
                for other in ["a", ";", "8", "z", "\u{1a}", "人", ":"] {
                    let mut text = other.repeat(len);
                    text.insert(other.len() * at, ':');
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 1000);
        for text in &texts {
            let expected: Vec<usize> = text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b':')
                .map(|(at, _)| at)
                .collect();
            assert_eq!(
                Colons::new(text.as_bytes()).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
            // The index skips the colons before the first a piece can start at.
            for skip in 0..expected.len() + 2 {
                let rest = expected.get(skip..).unwrap_or_default();
                let skipped: Vec<usize> = Colons::new(text.as_bytes()).skip(skip).collect();
                assert_eq!(skipped, rest, "{text:?} skipping {skip}");
            }
        }
    }

    /// The word-wise equality is the standard one at every length up to 40 (each of its
    /// branches and their edges), for equal strings, strings one byte apart at every position,
    /// and strings of other lengths.
    #[test]
    fn word_equality_is_equality() {
        let mut checked = 0;
        for n in 0..40 {
            let a: Vec<u8> = (0..n).map(|i| b"acs:cr:*:repository/"[i % 20]).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_bytes(&a, &b), "{n} {at}");
                checked += 1;
            }
            for m in [n.saturating_sub(1), n + 1] {
                let b: Vec<u8> = (0..m).map(|i| b"acs:cr:*:repository/"[i % 20]).collect();
                assert_eq!(same_bytes(&a, &b), a == b, "{n} {m}");
            }
        }
        assert!(checked > 700);
    }

    /// The word-wise comparison of a lowered text is the byte-wise one, at every length up to
    /// 20 (whole words, a remainder, both) and with the texts differing at every position, by
    /// case alone or by another letter, or in length.
    #[test]
    fn lowering_compare_is_bytewise() {
        let bytewise = |text: &[u8], lower: &[u8]| {
            text.len() == lower.len()
                && text
                    .iter()
                    .zip(lower)
                    .all(|(t, l)| t.to_ascii_lowercase() == *l)
        };
        let mut checked = 0;
        for len in 0..20 {
            let text: Vec<u8> = (0..len).map(|i| b"AcS:SourceIP-Zz@["[i % 17]).collect();
            let lower = text.to_ascii_lowercase();
            assert!(lowers_to(&text, &lower));
            assert!(len == 0 || !lowers_to(&text, &lower[..len - 1]));
            for at in 0..len {
                for other in [b'a', b'A', b'z', b'[', b'@', 0xc3] {
                    let mut changed = lower.clone();
                    changed[at] = other;
                    assert_eq!(
                        lowers_to(&text, &changed),
                        bytewise(&text, &changed),
                        "{text:?} {changed:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000);
    }

    /// The word-wide lowering is byte-wise `to_ascii_lowercase` for every pair of byte values
    /// in every pair of neighbouring positions (a carry between bytes would show there).
    #[test]
    fn word_lowering_is_bytewise_ascii_lowering() {
        for at in 0..7 {
            for first in 0..=u8::MAX {
                for second in 0..=u8::MAX {
                    let mut bytes = *b"Az[@`{\xc3\x80";
                    bytes[at] = first;
                    bytes[at + 1] = second;
                    let expected = bytes.map(|b| b.to_ascii_lowercase());
                    assert_eq!(
                        ascii_lowercase_word(u64::from_le_bytes(bytes)).to_le_bytes(),
                        expected,
                        "{bytes:?}"
                    );
                }
            }
        }
    }
}
