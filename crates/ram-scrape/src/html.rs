//! Reading a vendor page: its tables (with the heading each sits under), title, language and
//! printed "last updated" date. Nothing here knows what the tables mean.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

/// One cell: its text split into values at `<br>`, list items and paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The normalized values, empty ones dropped.
    pub values: Vec<String>,
}

impl Cell {
    /// The whole cell as one line of prose: the values joined by a space.
    #[must_use]
    pub fn text(&self) -> String {
        self.values.join(" ")
    }
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
    /// The body rows, with `rowspan` and `colspan` expanded.
    pub rows: Vec<Vec<Cell>>,
}

/// What is read off one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPage {
    /// The first `<h1>`, or the `<title>`.
    pub title: String,
    /// The `lang` attribute of `<html>`, if any.
    pub lang: Option<String>,
    /// The "last updated" date the page prints, as `YYYY-MM-DD`, if it prints one.
    pub updated: Option<String>,
    /// Every top-level table, in page order.
    pub tables: Vec<RawTable>,
}

/// Normalizes text as it becomes data: every kind of whitespace (non-breaking spaces included)
/// becomes one space, zero-width characters go, and the ends are trimmed. Entities were already
/// decoded by the HTML parser.
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

const BLOCKS: &[&str] = &[
    "p", "li", "div", "ul", "ol", "br", "pre", "table", "tr", "dl", "dt", "dd", "h1", "h2", "h3",
    "h4", "h5", "h6", "section",
];

fn collect_values(node: NodeRef<'_, Node>, values: &mut Vec<String>, current: &mut String) {
    match node.value() {
        Node::Text(text) => current.push_str(text),
        Node::Element(element) => {
            let block = BLOCKS.contains(&element.name());
            if block {
                flush(values, current);
            }
            for child in node.children() {
                collect_values(child, values, current);
            }
            if block {
                flush(values, current);
            }
        }
        _ => {}
    }
}

fn flush(values: &mut Vec<String>, current: &mut String) {
    let value = normalize(current);
    if !value.is_empty() {
        values.push(value);
    }
    current.clear();
}

fn cell_of(element: ElementRef<'_>) -> Cell {
    let mut values = Vec::new();
    let mut current = String::new();
    for child in element.children() {
        collect_values(child, &mut values, &mut current);
    }
    flush(&mut values, &mut current);
    Cell { values }
}

fn text_of(element: ElementRef<'_>) -> String {
    normalize(&element.text().collect::<String>())
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The `tr` elements of a table, not of tables nested in it.
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => {
                out.extend(
                    child
                        .children()
                        .filter_map(ElementRef::wrap)
                        .filter(|e| e.value().name() == "tr"),
                );
            }
            _ => {}
        }
    }
    out
}

fn span(element: ElementRef<'_>, attribute: &str) -> usize {
    element
        .value()
        .attr(attribute)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=1000).contains(n))
        .unwrap_or(1)
}

/// Expands the rows of a table into a grid, copying a cell with `rowspan`/`colspan` into every
/// position it covers, as a reader of the rendered page sees it.
fn grid(rows: &[ElementRef<'_>]) -> Vec<Vec<Cell>> {
    // pending[column] = (cell, rows it still covers below the current one)
    let mut pending: Vec<Option<(Cell, usize)>> = Vec::new();
    let mut out = Vec::new();
    for row in rows {
        let mut line: Vec<Cell> = Vec::new();
        let mut cells = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "td" | "th"))
            .peekable();
        let mut column = 0;
        loop {
            if let Some(Some((cell, remaining))) = pending.get_mut(column) {
                line.push(cell.clone());
                *remaining -= 1;
                if *remaining == 0 {
                    pending[column] = None;
                }
                column += 1;
                continue;
            }
            let Some(element) = cells.next() else {
                // Columns still covered from above after the row's own cells end.
                let covered = pending.iter().skip(column).any(Option::is_some);
                if covered {
                    line.push(Cell::default());
                    column += 1;
                    continue;
                }
                break;
            };
            let cell = cell_of(element);
            let (rowspan, colspan) = (span(element, "rowspan"), span(element, "colspan"));
            for _ in 0..colspan {
                if pending.len() <= column {
                    pending.resize(column + 1, None);
                }
                if rowspan > 1 {
                    pending[column] = Some((cell.clone(), rowspan - 1));
                }
                line.push(cell.clone());
                column += 1;
            }
        }
        out.push(line);
    }
    out
}

/// Reads a page.
#[must_use]
pub fn read_page(html: &str) -> RawPage {
    let document = Html::parse_document(html);
    let root = document.root_element();
    let lang = root
        .value()
        .attr("lang")
        .map(str::to_owned)
        .filter(|l| !l.is_empty());
    let mut title: Option<String> = None;
    let mut section = String::new();
    let mut tables = Vec::new();
    for node in root.descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let name = element.value().name();
        let inside_table = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "table");
        if inside_table {
            continue;
        }
        if is_heading(name) {
            section = text_of(element);
            if name == "h1" && title.is_none() {
                title = Some(section.clone());
            }
        } else if name == "table" {
            let rows = rows_of(element);
            let header_row = rows.first().filter(|row| {
                let in_thead = row
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| p.value().name() == "thead");
                let cells: Vec<_> = row
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| matches!(e.value().name(), "td" | "th"))
                    .collect();
                in_thead || (!cells.is_empty() && cells.iter().all(|c| c.value().name() == "th"))
            });
            let (headers, body) = match header_row {
                Some(header) => {
                    let headers = grid(std::slice::from_ref(header))
                        .into_iter()
                        .next()
                        .unwrap_or_default()
                        .iter()
                        .map(Cell::text)
                        .collect();
                    (Some(headers), rows.get(1..).unwrap_or_default())
                }
                None => (None, rows.as_slice()),
            };
            tables.push(RawTable {
                index: tables.len() + 1,
                section: section.clone(),
                headers,
                rows: grid(body),
            });
        }
    }
    let title = title.unwrap_or_else(|| {
        root.descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "title")
            .map(text_of)
            .unwrap_or_default()
    });
    let updated = printed_date(&text_of(root));
    RawPage {
        title,
        lang,
        updated,
        tables,
    }
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
    fn cells_split_into_values_at_br_lists_and_paragraphs() {
        let page = read_page(
            "<table><tr><th>A</th><th>B</th></tr>\
             <tr><td><p>x&nbsp; y</p></td><td>one<br>two<ul><li><p>three</p></li><li>four</li></ul></td></tr></table>",
        );
        let table = &page.tables[0];
        assert_eq!(
            table.headers.as_deref(),
            Some(&["A".to_owned(), "B".to_owned()][..])
        );
        assert_eq!(table.rows[0][0].values, ["x y"]);
        assert_eq!(table.rows[0][1].values, ["one", "two", "three", "four"]);
    }

    #[test]
    fn rowspan_and_colspan_are_expanded() {
        let page = read_page(
            "<table><thead><tr><th>T</th><th>F</th></tr></thead><tbody>\
             <tr><td rowspan=\"2\">repo</td><td>a</td></tr><tr><td>b</td></tr>\
             <tr><td colspan=\"2\">both</td></tr></tbody></table>",
        );
        let rows: Vec<Vec<String>> = page.tables[0]
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect();
        assert_eq!(rows, [["repo", "a"], ["repo", "b"], ["both", "both"]]);
    }

    #[test]
    fn tables_know_their_section_and_pages_their_date() {
        let page = read_page(
            "<html lang=\"ja\"><h1>Title</h1><p>最終更新日:Mar 18, 2026</p><h2>One</h2>\
             <table><tr><td>no header</td></tr></table><h3>Two</h3><table><tr><th>H</th></tr></table></html>",
        );
        assert_eq!(page.title, "Title");
        assert_eq!(page.lang.as_deref(), Some("ja"));
        assert_eq!(page.updated.as_deref(), Some("2026-03-18"));
        assert_eq!(page.tables[0].section, "One");
        assert_eq!(page.tables[0].headers, None);
        assert_eq!(page.tables[1].section, "Two");
        assert_eq!(page.tables[1].index, 2);
    }

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
}
