//! The format-free page every reader produces and every later stage reads: headings, tables of
//! rows of cells, each cell's text lines, and where in the source each table and row was found.
//!
//! A reader (HTML or Markdown) turns its format into a [`RawPage`]; recognition,
//! assembly and error reporting never see the format. Text helpers that apply to any format
//! ([`normalize`], [`printed_date`]) live here too.

use std::fmt;

/// The formats a page can be read from; each has one reader that produces a [`RawPage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// An HTML page, as the vendor's site serves it.
    #[default]
    Html,
    /// A Markdown source of a vendor documentation repository (CommonMark with GFM tables).
    Markdown,
}

impl Format {
    /// The format a file name implies: `.md` is Markdown, anything else HTML.
    #[must_use]
    pub fn of_path(path: &str) -> Self {
        let markdown = std::path::Path::new(path)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
        if markdown { Self::Markdown } else { Self::Html }
    }

    /// Reads a page of this format.
    #[must_use]
    pub fn read(self, text: &str) -> RawPage {
        match self {
            Self::Html => crate::html::read_page(text),
            Self::Markdown => crate::markdown::read_markdown(text),
        }
    }
}

/// Where in its source a table or row was read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceLocation {
    /// The element path in an HTML document (`/html/body/div[2]/table[1]/tbody[1]/tr[3]`).
    Element(String),
    /// A line of a text source such as Markdown, from 1.
    Line(usize),
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Element(path) => f.write_str(path),
            Self::Line(line) => write!(f, "line {line}"),
        }
    }
}

/// One cell: its text split into lines at line breaks, list items and paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The normalized lines, empty ones dropped.
    pub lines: Vec<String>,
}

impl Cell {
    /// The whole cell as one line of prose: the lines joined by a space.
    #[must_use]
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

/// One body row of a table, with cells that span several rows or columns already copied into
/// every position they cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// Where the row is in the source.
    pub at: SourceLocation,
}

/// A table as found on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The position of the table on the page, from 1.
    pub index: usize,
    /// The text of the nearest heading before the table (empty when there is none).
    pub section: String,
    /// The header cells' text, or `None` when the table has no header row.
    pub headers: Option<Vec<String>>,
    /// The body rows.
    pub rows: Vec<RawRow>,
    /// Where the table is in the source.
    pub at: SourceLocation,
}

/// A heading of the page, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for the page title's level, up to 6.
    pub level: u8,
    /// The heading's text.
    pub text: String,
}

/// What is read off one page, whatever its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPage {
    /// The first level-1 heading, or the document's title.
    pub title: String,
    /// The language the page declares, if any.
    pub lang: Option<String>,
    /// The "last updated" date the page prints, as `YYYY-MM-DD`, if it prints one.
    pub updated: Option<String>,
    /// Every heading outside tables, in page order.
    pub headings: Vec<Heading>,
    /// Every top-level table, in page order.
    pub tables: Vec<RawTable>,
}

/// Normalizes text as it becomes data: every kind of whitespace (non-breaking spaces included)
/// becomes one space, zero-width characters go, and the ends are trimmed.
#[must_use]
pub fn normalize(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    cleaned
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The markers the vendor prints before a page's last-updated date, in en, ja and zh.
const DATE_MARKERS: &[&str] = &[
    "Last Updated:",
    "最終更新日:",
    "最后更新时间：",
    "最后更新时间:",
    "更新时间：",
];

const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Finds the printed last-updated date and returns it as `YYYY-MM-DD`. Understands
/// `Mar 18, 2026`, `2026-03-18` and `2026年3月18日`.
#[must_use]
pub fn printed_date(text: &str) -> Option<String> {
    DATE_MARKERS.iter().find_map(|marker| {
        let at = text.find(marker)?;
        parse_date(text.get(at + marker.len()..)?.trim_start())
    })
}

fn parse_date(text: &str) -> Option<String> {
    let month_first = MONTHS
        .iter()
        .position(|m| text.starts_with(m))
        .and_then(|m| {
            let rest = text.get(3..)?.trim_start();
            let (day, rest) = rest.split_once(',')?;
            let year: String = rest.trim_start().chars().take(4).collect();
            let day: u32 = day.trim().parse().ok()?;
            let year: u32 = year.parse().ok()?;
            Some((year, u32::try_from(m).ok()? + 1, day))
        });
    let numeric = || {
        let digits: Vec<u32> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(3)
            .map(|s| s.parse().ok())
            .collect::<Option<Vec<_>>>()?;
        let starts_with_year = text.chars().take(4).all(|c| c.is_ascii_digit());
        match digits.as_slice() {
            [y, m, d] if starts_with_year => Some((*y, *m, *d)),
            _ => None,
        }
    };
    let (year, month, day) = month_first.or_else(numeric)?;
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_three_notations() {
        assert_eq!(
            printed_date("Last Updated:Apr 23, 2026 x").as_deref(),
            Some("2026-04-23")
        );
        assert_eq!(
            printed_date("更新时间：2024-06-26").as_deref(),
            Some("2024-06-26")
        );
        assert_eq!(
            printed_date("最終更新日:2024年6月26日").as_deref(),
            Some("2024-06-26")
        );
        assert_eq!(printed_date("Last Updated:soon"), None);
    }

    #[test]
    fn whitespace_of_every_kind_becomes_one_space() {
        assert_eq!(normalize(" a\u{a0}\u{200b}b \n\tc "), "a b c");
    }

    #[test]
    fn source_locations_print_as_a_reader_finds_them() {
        assert_eq!(SourceLocation::Line(12).to_string(), "line 12");
        assert_eq!(
            SourceLocation::Element("/html/body/table[1]".into()).to_string(),
            "/html/body/table[1]"
        );
    }
}
