//! The glob automaton behind Resource patterns and ARN templates, with the two questions that
//! comparing policies and indexing ARN structures ask of it: can some string match both of two
//! globs (intersection), and does every string one glob matches also match another
//! (containment).
//!
//! A [`Glob`] is a sequence of elements, each accepting one character of a class (one given
//! character, any character, or any character but the separators `/` and `:`) either exactly
//! once or any number of times. A policy Resource pattern ([`Glob::pattern`]) uses `*` (any run
//! of characters) and `?` (exactly one Unicode scalar value); an ARN template
//! ([`Glob::template`]) uses `$name` (a non-empty run without `/` or `:`, the value of one
//! parameter), and its other characters, `*` included, are literal. Both forms are regular
//! languages, so both questions are decided exactly, never approximated: [`Glob::intersects`]
//! by a search over pairs of positions, [`Glob::is_subset_of`] by a search over a position of
//! one glob and the set of positions the other can be in after the same text. When the answer
//! is "no", [`Glob::common_example`] and [`Glob::example_outside`] give a string that proves it.
//!
//! Matching is case-sensitive, as RAM matches Resources; Action patterns, which RAM matches
//! case-insensitively, are resolved against the catalog instead.

use std::collections::HashMap;
use std::collections::VecDeque;

use rustc_hash::FxHashSet;

/// The characters one element accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    /// Exactly this character.
    Char(char),
    /// Any character.
    Any,
    /// Any character but `/` and `:`, as in a template parameter.
    Segment,
}

/// Whether a character separates ARN segments, and so never occurs inside a parameter value.
const fn is_separator(c: char) -> bool {
    c == '/' || c == ':'
}

/// A character that no literal of either glob names and that is not a separator: every
/// element treats all such characters alike, so one stands for them all. A glob is finite, so
/// the search always ends.
fn stand_in(literals: &[char]) -> char {
    ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain('\u{E000}'..='\u{F8FF}')
        .find(|c| !literals.contains(c))
        .unwrap_or('\u{10FFFD}')
}

impl Class {
    fn accepts(self, c: char) -> bool {
        match self {
            Self::Char(own) => own == c,
            Self::Any => true,
            Self::Segment => !is_separator(c),
        }
    }

    /// A character both classes accept, if there is one.
    fn meet(self, other: Self) -> Option<char> {
        match (self, other) {
            (Self::Char(c), other) | (other, Self::Char(c)) => other.accepts(c).then_some(c),
            // Both accept every character that is not a separator.
            _ => Some('x'),
        }
    }
}

/// One element: a class of characters, once or any number of times (zero included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Element {
    class: Class,
    repeated: bool,
}

/// A glob: a Resource pattern or an ARN template as an automaton; see the module
/// documentation.
///
/// ```
/// use ram_core::glob::Glob;
/// let team = Glob::pattern("acs:cr:*:*:repository/cri-1/team-*");
/// let instance = Glob::pattern("acs:cr:*:*:repository/cri-1/*");
/// assert!(team.is_subset_of(&instance));
/// assert!(!instance.is_subset_of(&team));
/// let outside = instance.example_outside(&team).unwrap();
/// assert!(instance.matches(&outside) && !team.matches(&outside));
///
/// let repository = Glob::template("acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname");
/// assert!(team.intersects(&repository));
/// assert!(!Glob::pattern("acs:cr:*:*:chart/*").intersects(&repository));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Glob {
    elements: Vec<Element>,
}

/// A set of positions of a glob, one bit per position (the end included).
type Positions = Vec<u64>;

impl Glob {
    /// A policy Resource pattern: `*` matches any run of characters (`/` and `:` included),
    /// `?` exactly one character, anything else itself.
    #[must_use]
    pub fn pattern(pattern: &str) -> Self {
        let elements = pattern.chars().map(pattern_element).collect();
        Self { elements }
    }

    /// An ARN template: `$name` (letters, digits and `_`) matches one or more characters
    /// without `/` or `:`; anything else, `*` included, is literal text of the resources its
    /// APIs name.
    #[must_use]
    pub fn template(template: &str) -> Self {
        let is_name = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
        let mut elements = Vec::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' && chars.peek().is_some_and(is_name) {
                while chars.next_if(is_name).is_some() {}
                // One character, then any number more: a parameter value is never empty.
                for repeated in [false, true] {
                    elements.push(Element {
                        class: Class::Segment,
                        repeated,
                    });
                }
            } else {
                elements.push(Element {
                    class: Class::Char(c),
                    repeated: false,
                });
            }
        }
        Self { elements }
    }

    /// The number of positions, the end included.
    fn positions(&self) -> usize {
        self.elements.len() + 1
    }

    /// The positions reachable from `at` without reading a character: past repeated elements.
    fn skip(&self, mut at: usize, into: &mut Positions) {
        loop {
            set(into, at);
            match self.elements.get(at) {
                Some(e) if e.repeated => at += 1,
                _ => return,
            }
        }
    }

    fn start(&self) -> Positions {
        let mut start = vec![0; self.positions().div_ceil(64)];
        self.skip(0, &mut start);
        start
    }

    /// The positions after reading `c` from any of `from`.
    fn step(&self, from: &Positions, c: char) -> Positions {
        let mut next = vec![0; from.len()];
        for (at, element) in self.elements.iter().enumerate() {
            if has(from, at) && element.class.accepts(c) {
                self.skip(if element.repeated { at } else { at + 1 }, &mut next);
            }
        }
        next
    }

    fn accepts_at(&self, positions: &Positions) -> bool {
        has(positions, self.elements.len())
    }

    /// Whether the glob matches `text` exactly.
    ///
    /// ```
    /// use ram_core::glob::Glob;
    /// assert!(Glob::pattern("a?c*").matches("a名c/d"));
    /// assert!(Glob::template("instance/$id").matches("instance/cri-1"));
    /// assert!(!Glob::template("instance/$id").matches("instance/a/b"));
    /// ```
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        let mut positions = self.start();
        for c in text.chars() {
            positions = self.step(&positions, c);
            if positions.iter().all(|word| *word == 0) {
                return false;
            }
        }
        self.accepts_at(&positions)
    }

    /// Whether some string matches both globs.
    ///
    /// The same search over pairs of positions as [`Glob::common_example`], but it keeps no
    /// path, so it is made row by row: it holds one set of the shorter glob's positions, not a
    /// table of every pair, which for a Resource of a million characters against a template
    /// would be hundreds of megabytes.
    ///
    /// ```
    /// use ram_core::glob::Glob;
    /// let repository = Glob::template("acs:cr:$regionid:$accountid:repository/$repositoryname");
    /// assert!(Glob::pattern("acs:cr:*:*:repository/*").intersects(&repository));
    /// assert!(!Glob::pattern("acs:cr:*:*:repository/a/*").intersects(&repository));
    /// ```
    #[must_use]
    pub fn intersects(&self, other: &Self) -> bool {
        // Intersection is symmetric: the rows are the longer glob's, the row held the shorter's.
        if self.elements.len() >= other.elements.len() {
            intersect_rows(self.elements.iter().copied(), other)
        } else {
            intersect_rows(other.elements.iter().copied(), self)
        }
    }

    /// Whether some string matches both this glob and a policy Resource pattern (read as
    /// [`Glob::pattern`] reads it), without building the pattern's glob: the pattern's
    /// characters are read once, in order, so the memory is this glob's length whatever the
    /// pattern's.
    ///
    /// ```
    /// use ram_core::glob::Glob;
    /// let instance = Glob::template("acs:cr:$regionid:$accountid:instance/$instanceid");
    /// assert!(instance.intersects_pattern("acs:cr:*:*:instance/cri-*"));
    /// assert!(!instance.intersects_pattern("acs:cr:*:*:instance/a/b"));
    /// ```
    #[must_use]
    pub fn intersects_pattern(&self, pattern: &str) -> bool {
        intersect_rows(pattern.chars().map(pattern_element), self)
    }

    /// The shortest string that matches both globs (one of them), or `None` when none does.
    ///
    /// The search runs over pairs of positions, one in each glob, reading one character on
    /// both sides or skipping a repeated element on one: at most the product of their lengths.
    #[must_use]
    pub fn common_example(&self, other: &Self) -> Option<String> {
        let width = other.positions();
        let key = |i: usize, j: usize| i * width + j;
        // Per pair: the pair it was first reached from and the character read on the way.
        let mut parent: Vec<Option<(usize, Option<char>)>> = vec![None; self.positions() * width];
        let mut queue = VecDeque::from([(0, 0)]);
        let start = key(0, 0);
        parent[start] = Some((start, None));
        while let Some((i, j)) = queue.pop_front() {
            let here = key(i, j);
            if i == self.elements.len() && j == other.elements.len() {
                return Some(spell(&parent, here, start));
            }
            let (a, b) = (self.elements.get(i), other.elements.get(j));
            let mut moves: [Option<(usize, usize, Option<char>)>; 3] = [None; 3];
            if a.is_some_and(|e| e.repeated) {
                moves[0] = Some((i + 1, j, None));
            }
            if b.is_some_and(|e| e.repeated) {
                moves[1] = Some((i, j + 1, None));
            }
            if let (Some(a), Some(b)) = (a, b)
                && let Some(c) = a.class.meet(b.class)
            {
                let next_i = if a.repeated { i } else { i + 1 };
                let next_j = if b.repeated { j } else { j + 1 };
                moves[2] = Some((next_i, next_j, Some(c)));
            }
            for (next_i, next_j, read) in moves.into_iter().flatten() {
                let next = key(next_i, next_j);
                if let Some(slot) = parent.get_mut(next)
                    && slot.is_none()
                {
                    *slot = Some((here, read));
                    queue.push_back((next_i, next_j));
                }
            }
        }
        None
    }

    /// Whether every string this glob matches also matches `other`. Exact: `true` is a proof
    /// (no string is left out), and `false` comes with a string that shows it
    /// ([`Glob::example_outside`]).
    ///
    /// ```
    /// use ram_core::glob::Glob;
    /// let template = Glob::template("acs:cr:$regionid:$accountid:instance/$instanceid");
    /// assert!(template.is_subset_of(&Glob::pattern("acs:cr:*:*:instance/*")));
    /// // `instance/a/b` matches the pattern but names no resource of the template.
    /// assert!(!Glob::pattern("acs:cr:*:*:instance/*").is_subset_of(&template));
    /// ```
    #[must_use]
    pub fn is_subset_of(&self, other: &Self) -> bool {
        subset_rows(self.elements.iter().copied(), other)
    }

    /// Whether every string the policy Resource pattern `pattern` (read as [`Glob::pattern`]
    /// reads it) matches also matches this glob, without building the pattern's glob: the
    /// pattern's characters are read once, in order, so the memory does not grow with it.
    ///
    /// ```
    /// use ram_core::glob::Glob;
    /// let instance = Glob::pattern("acs:cr:*:*:instance/*");
    /// assert!(instance.contains_pattern("acs:cr:*:*:instance/cri-*"));
    /// assert!(!instance.contains_pattern("acs:cr:*:*:*"));
    /// ```
    #[must_use]
    pub fn contains_pattern(&self, pattern: &str) -> bool {
        subset_rows(pattern.chars().map(pattern_element), self)
    }

    /// The shortest string this glob matches and `other` does not (one of them), or `None`
    /// when every string this glob matches also matches `other`.
    ///
    /// The search runs over a position of this glob paired with the set of positions `other`
    /// can be in after the same text, reading one character of each kind that can tell the
    /// globs apart: every literal of either glob, the separators, and one stand-in for all
    /// other characters. It ends because the pairs are finite; for the globs of policies it is
    /// small, but a pattern such as `*a??????` makes the sets many (as any exact answer must).
    #[must_use]
    pub fn example_outside(&self, other: &Self) -> Option<String> {
        let alphabet = alphabet_of(self.elements.iter().chain(&other.elements));

        let mut search = Search::default();
        search.visit((0, other.start()), None);
        while let Some(index) = search.queue.pop_front() {
            let Some((i, positions)) = search.states.get(index).cloned() else {
                break;
            };
            if i == self.elements.len() && !other.accepts_at(&positions) {
                return Some(spell_states(&search.parent, index));
            }
            let Some(element) = self.elements.get(i) else {
                continue;
            };
            if element.repeated {
                search.visit((i + 1, positions.clone()), Some((index, None)));
            }
            let next_i = if element.repeated { i } else { i + 1 };
            for &c in alphabet.iter().filter(|c| element.class.accepts(**c)) {
                search.visit((next_i, other.step(&positions, c)), Some((index, Some(c))));
            }
        }
        None
    }
}

/// Several globs read side by side: the product of their automata, explored over a symbolic
/// alphabet (every literal of any glob, the separators, and one stand-in for every other
/// character), so that any Boolean combination of their languages (a union minus another, a
/// `NotResource`) is decided exactly and gets a shortest witness, without enumerating strings.
///
/// ```
/// use ram_core::glob::{Glob, GlobSet};
/// let set = GlobSet::new(vec![
///     Glob::pattern("acs:cr:*"),
///     Glob::pattern("acs:cr:*:*:instance/*"),
///     Glob::template("acs:cr:$regionid:$accountid:instance/$instanceid"),
/// ]);
/// // A string the first glob matches and the second does not.
/// let outside = set.find(|m| m[0] && !m[1]).unwrap().unwrap();
/// assert_eq!(outside, "acs:cr:");
/// // Free text is spelled with a stand-in for the characters no glob names.
/// let instance = set.find(|m| m[1] && m[2]).unwrap().unwrap();
/// assert_eq!(instance, "acs:cr:x:x:instance/x");
/// // No string matches the second and not the first.
/// assert_eq!(set.find(|m| m[1] && !m[0]).unwrap(), None);
/// ```
#[derive(Debug, Clone)]
pub struct GlobSet {
    globs: Vec<Glob>,
    alphabet: Vec<char>,
}

/// The product search of a [`GlobSet`] reached [`GlobSet::LIMIT`] states before it could
/// answer, so it gives no answer rather than a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted;

impl GlobSet {
    /// The most product states one search visits before it gives up with [`Exhausted`].
    pub const LIMIT: usize = 200_000;

    /// The product of these globs, in this order: the vectors of matches that
    /// [`GlobSet::find`] and [`GlobSet::regions`] pass around are indexed like `globs`.
    #[must_use]
    pub fn new(globs: Vec<Glob>) -> Self {
        let mut alphabet = literals_of(globs.iter().flat_map(|g| &g.elements));
        // The stand-in goes first, so that a witness spells free text with it (`x` when no
        // glob names that letter), which reads as a value rather than as punctuation.
        let other = if alphabet.contains(&'x') {
            stand_in(&alphabet)
        } else {
            'x'
        };
        alphabet.insert(0, other);
        Self { globs, alphabet }
    }

    /// The globs, in order.
    #[must_use]
    pub fn globs(&self) -> &[Glob] {
        &self.globs
    }

    /// Which globs match `text`, in order.
    #[must_use]
    pub fn matches(&self, text: &str) -> Vec<bool> {
        self.globs.iter().map(|g| g.matches(text)).collect()
    }

    /// The shortest string (one of them) whose vector of matches satisfies `wanted`, or `None`
    /// when no string does.
    ///
    /// # Errors
    ///
    /// [`Exhausted`] when the search grows past [`GlobSet::LIMIT`] states.
    pub fn find(&self, wanted: impl Fn(&[bool]) -> bool) -> Result<Option<String>, Exhausted> {
        let mut found = None;
        self.explore(|vector, text| {
            if wanted(vector) {
                found = Some(text());
                false
            } else {
                true
            }
        })?;
        Ok(found)
    }

    /// Every vector of matches that some string has, each with the shortest string that has
    /// it (one of them), in the order of those strings' lengths.
    ///
    /// # Errors
    ///
    /// [`Exhausted`] when the search grows past [`GlobSet::LIMIT`] states.
    pub fn regions(&self) -> Result<Vec<(Vec<bool>, String)>, Exhausted> {
        let mut seen: HashMap<Vec<bool>, String> = HashMap::new();
        let mut order = Vec::new();
        self.explore(|vector, text| {
            if !seen.contains_key(vector) {
                seen.insert(vector.to_vec(), text());
                order.push(vector.to_vec());
            }
            true
        })?;
        Ok(order
            .into_iter()
            .filter_map(|v| seen.remove(&v).map(|text| (v, text)))
            .collect())
    }

    /// Breadth-first over the reachable product states; `visit` gets each state's vector of
    /// matches and a way to spell its shortest string, and returns whether to go on.
    fn explore(
        &self,
        mut visit: impl FnMut(&[bool], &dyn Fn() -> String) -> bool,
    ) -> Result<(), Exhausted> {
        let start: Vec<Positions> = self.globs.iter().map(Glob::start).collect();
        let mut seen: HashMap<Vec<Positions>, usize> = HashMap::from([(start.clone(), 0)]);
        let mut states = vec![start];
        let mut parent: Vec<(usize, Option<char>)> = vec![(0, None)];
        let mut queue = VecDeque::from([0]);
        while let Some(index) = queue.pop_front() {
            let Some(state) = states.get(index).cloned() else {
                break;
            };
            let vector: Vec<bool> = self
                .globs
                .iter()
                .zip(&state)
                .map(|(g, p)| g.accepts_at(p))
                .collect();
            if !visit(&vector, &|| spell_states(&parent, index)) {
                return Ok(());
            }
            for &c in &self.alphabet {
                let next: Vec<Positions> = self
                    .globs
                    .iter()
                    .zip(&state)
                    .map(|(g, p)| g.step(p, c))
                    .collect();
                if seen.contains_key(&next) {
                    continue;
                }
                if states.len() >= Self::LIMIT {
                    return Err(Exhausted);
                }
                seen.insert(next.clone(), states.len());
                parent.push((index, Some(c)));
                queue.push_back(states.len());
                states.push(next);
            }
        }
        Ok(())
    }
}

/// A state of the containment search: a position of one glob and the positions of the other.
type State = (usize, Positions);

/// The breadth-first search of [`Glob::example_outside`].
#[derive(Default)]
struct Search {
    seen: HashMap<State, usize>,
    /// Per state: the state it was first reached from and the character read on the way (the
    /// start is its own parent).
    parent: Vec<(usize, Option<char>)>,
    states: Vec<State>,
    queue: VecDeque<usize>,
}

impl Search {
    fn visit(&mut self, state: State, from: Option<(usize, Option<char>)>) {
        if self.seen.contains_key(&state) {
            return;
        }
        let index = self.states.len();
        self.seen.insert(state.clone(), index);
        self.parent.push(from.unwrap_or((index, None)));
        self.states.push(state);
        self.queue.push_back(index);
    }
}

/// The literals of `elements` and the separators, sorted and each once: the characters a search
/// between globs must tell apart.
fn literals_of<'a>(elements: impl Iterator<Item = &'a Element>) -> Vec<char> {
    let mut literals: Vec<char> = elements
        .filter_map(|e| match e.class {
            Class::Char(c) => Some(c),
            Class::Any | Class::Segment => None,
        })
        .chain(['/', ':'])
        .collect();
    literals.sort_unstable();
    literals.dedup();
    literals
}

/// The characters a search between globs reads: [`literals_of`] `elements`, then one stand-in
/// for every character none of them names (which all behave alike).
fn alphabet_of<'a>(elements: impl Iterator<Item = &'a Element>) -> Vec<char> {
    let mut alphabet = literals_of(elements);
    alphabet.push(stand_in(&alphabet));
    alphabet
}

/// The element a character of a policy Resource pattern stands for.
const fn pattern_element(c: char) -> Element {
    match c {
        '*' => Element {
            class: Class::Any,
            repeated: true,
        },
        '?' => Element {
            class: Class::Any,
            repeated: false,
        },
        c => Element {
            class: Class::Char(c),
            repeated: false,
        },
    }
}

/// Whether some string matches both the glob whose elements `rows` yields in order and
/// `columns`: reachability of the pair of ends in the pair search of
/// [`Glob::common_example`]. Its every move (skip a repeated element of either glob, or read a
/// character both accept) leaves each position where it is or moves it forward, so the pairs
/// can be visited one row (one position of the first glob) at a time, in order: a row is
/// closed under the moves that stay in it, which only move the column forward, and then
/// gives the next row. Only the current row and the next are held, as sets of column
/// positions, and each set position is handled once per row: time is the product of the
/// lengths at worst and linear in the rows when few columns are live, as for a parameter's
/// run of characters.
fn intersect_rows(rows: impl Iterator<Item = Element>, columns: &Glob) -> bool {
    let words = columns.positions().div_ceil(64);
    let mut row: Positions = vec![0; words];
    let mut next: Positions = vec![0; words];
    set(&mut row, 0);
    for element in rows {
        close_row(&mut row, columns, Some(element));
        next.fill(0);
        let mut from = 0;
        while let Some(j) = next_set(&row, from) {
            if element.repeated {
                // Skip the row's element: the next row at the same column.
                set(&mut next, j);
            } else if let Some(column) = columns.elements.get(j)
                && element.class.meet(column.class).is_some()
            {
                // Read a character both accept.
                set(&mut next, if column.repeated { j } else { j + 1 });
            }
            from = j + 1;
        }
        std::mem::swap(&mut row, &mut next);
        if row.iter().all(|word| *word == 0) {
            return false;
        }
    }
    close_row(&mut row, columns, None);
    has(&row, columns.elements.len())
}

/// Whether every string of the glob whose elements `rows` yields in order also matches
/// `other`: the search of [`Glob::example_outside`] over a position of the first glob and the
/// set of positions `other` can be in, without the witness. A move never goes back in the
/// first glob, so the states are visited one position (row) at a time and only the sets of the
/// current row and the next are held, not every state of the search.
///
/// The characters read are fewer than `example_outside`'s, with the same states reached: a
/// literal element reads its own character, and an element of a class reads `other`'s
/// literals, the separators and one stand-in for the characters `other` does not name, which
/// all step `other` alike (the first glob's own literals tell nothing apart in `other`, and
/// the element accepts them as it accepts the stand-in). So a long pattern with many distinct
/// characters does not make each of its elements try them all.
fn subset_rows(rows: impl Iterator<Item = Element>, other: &Glob) -> bool {
    let alphabet = alphabet_of(other.elements.iter());
    let segment: Vec<char> = alphabet
        .iter()
        .copied()
        .filter(|c| Class::Segment.accepts(*c))
        .collect();

    // The sets of the current row and the next, kept from row to row so that their tables
    // are allocated once.
    let mut row: FxHashSet<Positions> = FxHashSet::default();
    let mut next: FxHashSet<Positions> = FxHashSet::default();
    let mut queue: Vec<Positions> = Vec::new();
    row.insert(other.start());
    for element in rows {
        let literal;
        let chars: &[char] = match element.class {
            Class::Char(c) => {
                literal = [c];
                &literal
            }
            Class::Any => &alphabet,
            Class::Segment => &segment,
        };
        if element.repeated {
            // A repeated element reads and stays: the row is closed under its reads, and
            // skipping the element takes every set of the row, unchanged, to the next.
            queue.extend(row.iter().cloned());
            while let Some(positions) = queue.pop() {
                for &c in chars {
                    let stepped = other.step(&positions, c);
                    if !row.contains(&stepped) {
                        row.insert(stepped.clone());
                        queue.push(stepped);
                    }
                }
            }
        } else {
            next.clear();
            for positions in row.drain() {
                next.extend(chars.iter().map(|&c| other.step(&positions, c)));
            }
            std::mem::swap(&mut row, &mut next);
        }
        // `other` can no longer match after some text that this glob can still finish (each of
        // its elements accepts some character), so that text, finished, is outside `other`.
        if row
            .iter()
            .any(|positions| positions.iter().all(|word| *word == 0))
        {
            return false;
        }
    }
    row.iter().all(|positions| other.accepts_at(positions))
}

/// Adds to `row` the columns its moves reach without leaving it: past a repeated column
/// element, or reading a character with the row's element when that is repeated (at the end
/// of the rows there is none). Each such move goes one column forward, so one pass in
/// increasing order reaches them all.
fn close_row(row: &mut Positions, columns: &Glob, element: Option<Element>) {
    let mut from = 0;
    while let Some(j) = next_set(row, from) {
        if let Some(column) = columns.elements.get(j) {
            let reads = element.is_some_and(|e| e.repeated && e.class.meet(column.class).is_some());
            if column.repeated || reads {
                set(row, j + 1);
            }
        }
        from = j + 1;
    }
}

/// The first position at or after `from` in a set.
fn next_set(positions: &Positions, from: usize) -> Option<usize> {
    let mut index = from / 64;
    let mut word = positions.get(index)? & (u64::MAX << (from % 64));
    loop {
        if word != 0 {
            return Some(index * 64 + word.trailing_zeros() as usize);
        }
        index += 1;
        word = *positions.get(index)?;
    }
}

fn set(positions: &mut Positions, at: usize) {
    if let Some(word) = positions.get_mut(at / 64) {
        *word |= 1 << (at % 64);
    }
}

fn has(positions: &Positions, at: usize) -> bool {
    positions
        .get(at / 64)
        .is_some_and(|word| word & (1 << (at % 64)) != 0)
}

/// The characters read from `start` to `end`, following the parent links back.
fn spell(parent: &[Option<(usize, Option<char>)>], end: usize, start: usize) -> String {
    let mut read = Vec::new();
    let mut at = end;
    while at != start {
        let Some(Some((from, c))) = parent.get(at) else {
            break;
        };
        read.extend(*c);
        at = *from;
    }
    read.iter().rev().collect()
}

/// The characters read to reach state `end`, following the parent links back to the state
/// that is its own parent (the start).
fn spell_states(parent: &[(usize, Option<char>)], end: usize) -> String {
    let mut read = Vec::new();
    let mut at = end;
    while let Some(&(from, c)) = parent.get(at) {
        if from == at {
            break;
        }
        read.extend(c);
        at = from;
    }
    read.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wildcard::matches_resource;

    /// Every string up to `length` characters over `alphabet`.
    fn strings(alphabet: &[char], length: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..length {
            last = last
                .iter()
                .flat_map(|s| {
                    alphabet.iter().map(move |c| {
                        let mut s = s.clone();
                        s.push(*c);
                        s
                    })
                })
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    const TEXT: [char; 5] = ['a', '/', ':', '名', '😀'];

    #[test]
    fn patterns_match_as_the_wildcard_matcher_does() {
        let texts = strings(&TEXT, 4);
        for pattern in strings(&['a', '/', '名', '*', '?'], 3) {
            let glob = Glob::pattern(&pattern);
            for text in &texts {
                assert_eq!(
                    glob.matches(text),
                    matches_resource(&pattern, text),
                    "{pattern:?} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn templates_take_non_empty_values_without_separators() {
        let id = Glob::template("i/$id");
        assert!(id.matches("i/名"));
        assert!(id.matches("i/a😀b"));
        assert!(!id.matches("i/"));
        assert!(!id.matches("i/a/b"));
        assert!(!id.matches("i/a:b"));
        // A `*` of a template is literal, and so is a `$` that starts no name.
        assert!(Glob::template("i/*").matches("i/*"));
        assert!(!Glob::template("i/*").matches("i/x"));
        assert!(Glob::template("$-$").matches("$-$"));
        assert!(Glob::template("$a_1b").matches("x"));
    }

    #[test]
    fn common_examples_match_both() {
        let cases = [
            ("a*", "*b", Some("ab")),
            ("a?", "?名", Some("a名")),
            ("a*", "b*", None),
            ("*", "", Some("")),
            ("?", "", None),
        ];
        for (a, b, expected) in cases {
            let example = Glob::pattern(a).common_example(&Glob::pattern(b));
            assert_eq!(example.as_deref(), expected, "{a:?} and {b:?}");
        }
        let template = Glob::template("r/$id");
        assert_eq!(
            Glob::pattern("r/*").common_example(&template).as_deref(),
            Some("r/x")
        );
        assert_eq!(Glob::pattern("r/:").common_example(&template), None);
        assert_eq!(Glob::pattern("r/a/*").common_example(&template), None);
    }

    #[test]
    fn containment_is_exact_and_explained() {
        let contained = [
            ("a", "a"),
            ("a", "*"),
            ("a?", "a*"),
            ("a*b", "a*"),
            ("**", "*"),
            ("*a*", "*"),
            ("?*", "*?"),
        ];
        for (a, b) in contained {
            assert!(
                Glob::pattern(a).is_subset_of(&Glob::pattern(b)),
                "{a} in {b}"
            );
        }
        let not_contained = [
            ("a*", "a?"),
            ("*", "*a*"),
            ("*", "?*"),
            ("a", "b"),
            ("", "?"),
        ];
        for (a, b) in not_contained {
            let (a_glob, b_glob) = (Glob::pattern(a), Glob::pattern(b));
            let outside = a_glob.example_outside(&b_glob);
            assert!(
                outside
                    .as_deref()
                    .is_some_and(|s| a_glob.matches(s) && !b_glob.matches(s)),
                "{a} not in {b}: {outside:?}"
            );
        }
        // A parameter holds no separator, so a pattern's `*` is wider than it.
        let template = Glob::template("i/$id");
        assert!(template.is_subset_of(&Glob::pattern("i/*")));
        assert!(template.is_subset_of(&Glob::pattern("i/?*")));
        assert!(!template.is_subset_of(&Glob::pattern("i/?")));
        assert_eq!(
            Glob::pattern("i/*").example_outside(&template).as_deref(),
            Some("i/")
        );
        assert!(!Glob::pattern("i/?").is_subset_of(&Glob::template("i/$id")));
        assert!(!Glob::pattern("i/a*").is_subset_of(&Glob::template("i/$id")));
        assert!(Glob::pattern("i/a").is_subset_of(&Glob::template("i/$id")));
    }

    /// Intersection and containment over every pair of short patterns, and of short patterns
    /// and templates, against a brute force over every string of up to four characters: a
    /// "yes" of intersection and a "no" of containment each come with a string that the plain
    /// matchers check, and a "no" of intersection and a "yes" of containment must have no
    /// counterexample among the brute-forced strings.
    #[test]
    fn intersection_and_containment_agree_with_brute_force() {
        let texts = strings(&TEXT, 4);
        let mut globs: Vec<(String, Glob)> = strings(&['a', '/', '名', '*', '?'], 2)
            .into_iter()
            .map(|p| (p.clone(), Glob::pattern(&p)))
            .collect();
        for template in ["$p", "a$p", "$p/", "$p$q", "*$p", "$p😀"] {
            globs.push((format!("template {template}"), Glob::template(template)));
        }
        let matched: Vec<Vec<bool>> = globs
            .iter()
            .map(|(_, g)| texts.iter().map(|t| g.matches(t)).collect())
            .collect();
        for ((a_text, a), a_matches) in globs.iter().zip(&matched) {
            for ((b_text, b), b_matches) in globs.iter().zip(&matched) {
                let both = a_matches.iter().zip(b_matches).any(|(x, y)| *x && *y);
                let example = a.common_example(b);
                match &example {
                    Some(s) => assert!(a.matches(s) && b.matches(s), "{a_text} {b_text} {s}"),
                    None => assert!(!both, "{a_text} and {b_text} share a string"),
                }
                assert_eq!(a.intersects(b), example.is_some(), "{a_text} and {b_text}");
                let outside = a_matches.iter().zip(b_matches).any(|(x, y)| *x && !*y);
                let witness = a.example_outside(b);
                match &witness {
                    Some(s) => assert!(a.matches(s) && !b.matches(s), "{a_text} {b_text} {s}"),
                    None => assert!(!outside, "{a_text} is not within {b_text}"),
                }
                assert_eq!(a.is_subset_of(b), witness.is_none(), "{a_text} in {b_text}");
            }
        }
    }

    /// The row-by-row intersection and containment answer as the searches that keep their
    /// witnesses do, on longer patterns than the brute force reaches: every pair of patterns of
    /// up to three characters, and every pattern of up to four against templates (both ways
    /// for containment), both as globs and read from the pattern's text.
    #[test]
    fn searches_by_rows_agree_with_the_witness_searches() {
        let templates: Vec<Glob> = [
            "$p", "a$p", "$p/", "$p$q", "*$p", "$p😀", "a/$p/$q", "名:$p",
        ]
        .into_iter()
        .map(Glob::template)
        .collect();
        let short = strings(&['a', '/', '名', '*', '?'], 3);
        for a in &short {
            let glob = Glob::pattern(a);
            for b in &short {
                let other = Glob::pattern(b);
                let expected = glob.common_example(&other).is_some();
                assert_eq!(glob.intersects(&other), expected, "{a} and {b}");
                assert_eq!(other.intersects_pattern(a), expected, "{a} and {b}");
                let within = glob.example_outside(&other).is_none();
                assert_eq!(glob.is_subset_of(&other), within, "{a} in {b}");
                assert_eq!(other.contains_pattern(a), within, "{a} in {b}");
            }
        }
        let mut found = [0, 0];
        for a in strings(&['a', '/', ':', '名', '*', '?'], 4) {
            let glob = Glob::pattern(&a);
            for template in &templates {
                let expected = glob.common_example(template).is_some();
                assert_eq!(glob.intersects(template), expected, "{a} and {template:?}");
                assert_eq!(template.intersects_pattern(&a), expected, "{a}");
                let within = glob.example_outside(template).is_none();
                assert_eq!(template.contains_pattern(&a), within, "{a} in {template:?}");
                let holds = template.example_outside(&glob).is_none();
                assert_eq!(template.is_subset_of(&glob), holds, "{template:?} in {a}");
                found[usize::from(expected)] += 1;
            }
        }
        // Both answers occur, so the agreement says something.
        assert!(found[0] > 100 && found[1] > 100, "{found:?}");
    }

    /// A pattern of a million characters against a template and a short pattern: the searches
    /// read it once and hold a row of the other glob's positions, so they answer without the
    /// pair search's table (some 16 bytes for each of about 60 million pairs) or the
    /// containment search's every state.
    #[test]
    fn a_long_pattern_intersects_a_template() {
        let template = Glob::template("acs:cr:$regionid:$accountid:repository/$repositoryname");
        let long = "名a?".repeat(333_333);
        assert!(template.intersects_pattern(&format!("acs:cr:*:*:repository/{long}")));
        assert!(template.intersects_pattern(&format!("acs:cr:*:*:repository/{long}*")));
        assert!(!template.intersects_pattern(&format!("acs:cr:*:*:repository/{long}/x")));
        assert!(!template.intersects_pattern(&format!("acs:cr:*:*:chart/{long}")));
        let wide = Glob::pattern("acs:cr:*:*:repository/*a?");
        assert!(wide.contains_pattern(&format!("acs:cr:*:*:repository/{long}")));
        assert!(!wide.contains_pattern(&format!("acs:cr:*:*:repository/{long}*")));
    }

    /// Every Boolean combination of two or three short globs: the product search finds a
    /// string exactly when the brute force over every string of up to four characters finds
    /// one (the globs are short enough that a shortest witness is that short), and each string
    /// it gives has the vector it was asked for.
    #[test]
    fn glob_sets_agree_with_brute_force() {
        let texts = strings(&TEXT, 4);
        let patterns = strings(&['a', '名', '*', '?'], 2);
        for (i, a) in patterns.iter().enumerate() {
            for b in patterns.iter().skip(i) {
                let third = Glob::template("$p");
                let set = GlobSet::new(vec![Glob::pattern(a), Glob::pattern(b), third]);
                let Ok(regions) = set.regions() else {
                    panic!("{a} {b} exhausted");
                };
                let mut brute: Vec<Vec<bool>> = texts.iter().map(|t| set.matches(t)).collect();
                brute.sort();
                brute.dedup();
                for (vector, text) in &regions {
                    assert_eq!(&set.matches(text), vector, "{a} {b} {text}");
                    assert!(
                        brute.contains(vector),
                        "{a} {b}: {vector:?} not brute-forced"
                    );
                }
                assert_eq!(regions.len(), brute.len(), "{a} {b}");
                let found = set.find(|m| m[0] && !m[1] && !m[2]);
                let expected = texts.iter().find(|t| {
                    let m = set.matches(t);
                    m[0] && !m[1] && !m[2]
                });
                match found {
                    Ok(Some(text)) => {
                        let m = set.matches(&text);
                        assert!(m[0] && !m[1] && !m[2], "{a} {b} {text}");
                        assert!(
                            expected.is_some_and(|e| e.chars().count() >= text.chars().count())
                        );
                    }
                    Ok(None) => assert_eq!(expected, None, "{a} {b}"),
                    Err(Exhausted) => panic!("{a} {b} exhausted"),
                }
            }
        }
    }

    #[test]
    fn the_stand_in_is_no_literal() {
        assert_eq!(stand_in(&['/', ':']), 'a');
        assert_eq!(stand_in(&['a', 'b']), 'c');
        let letters: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').collect();
        assert_eq!(stand_in(&letters), '\u{E000}');
    }

    #[test]
    fn a_stand_in_tells_globs_apart() {
        // A parameter and `a*` differ only on values starting with a character that neither
        // glob names, so the witness must use the stand-in for them.
        let outside = Glob::template("$p").example_outside(&Glob::pattern("a*"));
        assert_eq!(outside.as_deref(), Some("b"));
    }
}
