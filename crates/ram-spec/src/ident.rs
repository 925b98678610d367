//! Splitting the vendor's code-like names into words, so that identifiers are derived the same
//! way for every service and every locale.

/// Splits a code-like name into lowercase words.
///
/// camelCase, digits, `_` and `-` separate words. A run of lowercase letters that the
/// `vocabulary` can spell entirely out of two or more of its words is split into them
/// (`chartnamespacename` -> `chart`, `namespace`, `name`), because the vendor writes some
/// parameter names glued together; a glued `id` or `name` suffix comes off a word whose rest
/// the vocabulary knows.
///
/// ```
/// use ram_spec::words_of;
/// assert_eq!(words_of("chartnamespacename", &["chart", "namespace"]), ["chart", "namespace", "name"]);
/// assert_eq!(words_of("keypairName", &[]), ["keypair", "name"]);
/// ```
#[must_use]
pub fn words_of(name: &str, vocabulary: &[&str]) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                raw.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let boundary = match previous {
            Some(p) => {
                (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                    || (p.is_ascii_digit() != c.is_ascii_digit())
            }
            None => false,
        };
        if boundary && !current.is_empty() {
            raw.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    if !current.is_empty() {
        raw.push(current);
    }
    raw.into_iter()
        .flat_map(|word| segment(&word, vocabulary))
        .collect()
}

/// Suffixes that the vendor glues to lowercase parameter names (`$instanceid`, `$namespacename`).
const GLUED_SUFFIXES: &[&str] = &["id", "name"];

/// Splits one lowercase run: a glued `id`/`name` suffix comes off first, then the rest is split
/// into vocabulary words when it can be spelt entirely out of two or more of them.
fn segment(word: &str, vocabulary: &[&str]) -> Vec<String> {
    for suffix in GLUED_SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix)
            && !rest.is_empty()
            && (vocabulary.contains(&rest) || spell(rest, vocabulary).is_some())
        {
            let mut out = spell(rest, vocabulary).unwrap_or_else(|| vec![rest.to_owned()]);
            out.push((*suffix).to_owned());
            return out;
        }
    }
    spell(word, vocabulary).unwrap_or_else(|| vec![word.to_owned()])
}

/// Spells `word` as two or more vocabulary words other than itself, with the fewest pieces, so
/// that the result does not depend on the order of the vocabulary.
fn spell(word: &str, vocabulary: &[&str]) -> Option<Vec<String>> {
    let known = |piece: &str| piece != word && vocabulary.contains(&piece);
    let n = word.len();
    // best[i] holds the cut positions of the shortest spelling of word[..i].
    let mut best: Vec<Option<Vec<usize>>> = vec![None; n + 1];
    best[0] = Some(Vec::new());
    for end in 1..=n {
        for start in 0..end {
            let (Some(Some(cuts)), Some(piece)) = (best.get(start), word.get(start..end)) else {
                continue;
            };
            if !known(piece) {
                continue;
            }
            let better = best[end]
                .as_ref()
                .is_none_or(|existing| cuts.len() + 1 < existing.len());
            if better {
                let mut cuts = cuts.clone();
                cuts.push(end);
                best[end] = Some(cuts);
            }
        }
    }
    let cuts = best.pop().flatten().filter(|cuts| cuts.len() >= 2)?;
    let mut out = Vec::with_capacity(cuts.len());
    let mut start = 0;
    for end in cuts {
        out.push(word.get(start..end)?.to_owned());
        start = end;
    }
    Some(out)
}

/// Joins words as `snake_case`.
#[must_use]
pub fn words_to_snake(words: &[String]) -> String {
    words.join("_")
}

/// Converts a `snake_case` name to `UpperCamelCase`.
///
/// ```
/// assert_eq!(ram_spec::snake_to_upper_camel("chart_namespace_all"), "ChartNamespaceAll");
/// ```
#[must_use]
pub fn snake_to_upper_camel(snake: &str) -> String {
    snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_glued_names_only_when_fully_spelt() {
        let vocab = ["chart", "namespace", "repository"];
        assert_eq!(
            words_of("chartrepositoryname", &vocab),
            ["chart", "repository", "name"]
        );
        assert_eq!(words_of("instanceid", &["instance"]), ["instance", "id"]);
        assert_eq!(words_of("namespacename", &vocab), ["namespace", "name"]);
        // `regionx` cannot be spelt from the vocabulary, so it stays whole.
        assert_eq!(words_of("regionx", &vocab), ["regionx"]);
        assert_eq!(words_of("namespace", &vocab), ["namespace"]);
    }

    #[test]
    fn splits_camel_case_digits_and_separators() {
        assert_eq!(words_of("vSwitchId", &[]), ["v", "switch", "id"]);
        assert_eq!(
            words_of("ipv6-address_pool", &[]),
            ["ipv", "6", "address", "pool"]
        );
        assert_eq!(words_of("ACLPolicy", &[]), ["aclpolicy"]);
    }

    #[test]
    fn converts_between_cases() {
        assert_eq!(snake_to_upper_camel("repository"), "Repository");
        assert_eq!(snake_to_upper_camel("all"), "All");
    }
}
