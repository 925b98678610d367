//! The HTML reader: turns a vendor page into the format-free [`RawPage`], with the heading each
//! table sits under, its title, language and printed "last updated" date, and the element path
//! of every table and row. Nothing here knows what the tables mean.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use crate::page::{
    Cell, Heading, RawPage, RawRow, RawTable, SourceLocation, normalize, printed_date,
};

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
    Cell { lines: values }
}

fn text_of(element: ElementRef<'_>) -> String {
    normalize(&element.text().collect::<String>())
}

/// The element's path from the document root, each step numbered among the siblings of the
/// same name (`/html/body/div[2]/table[1]`), so that a reader can find it in the source.
fn element_path(element: ElementRef<'_>) -> String {
    let mut steps: Vec<String> = Vec::new();
    let mut current = Some(element);
    while let Some(node) = current {
        let name = node.value().name();
        let position = node
            .prev_siblings()
            .filter_map(ElementRef::wrap)
            .filter(|sibling| sibling.value().name() == name)
            .count()
            + 1;
        steps.push(if name == "html" {
            name.to_owned()
        } else {
            format!("{name}[{position}]")
        });
        current = node.parent().and_then(ElementRef::wrap);
    }
    steps.reverse();
    format!("/{}", steps.join("/"))
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
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
fn grid(rows: &[ElementRef<'_>]) -> Vec<RawRow> {
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
        out.push(RawRow {
            cells: line,
            at: SourceLocation::Element(element_path(*row)),
        });
    }
    out
}

/// Reads an HTML page into the format-free model.
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
    let mut headings = Vec::new();
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
        if let Some(level) = heading_level(name) {
            section = text_of(element);
            headings.push(Heading {
                level,
                text: section.clone(),
            });
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
                        .map(|row| row.cells.iter().map(Cell::text).collect())
                        .unwrap_or_default();
                    (Some(headers), rows.get(1..).unwrap_or_default())
                }
                None => (None, rows.as_slice()),
            };
            tables.push(RawTable {
                index: tables.len() + 1,
                section: section.clone(),
                headers,
                rows: grid(body),
                at: SourceLocation::Element(element_path(element)),
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
        headings,
        tables,
    }
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
        assert_eq!(table.rows[0].cells[0].lines, ["x y"]);
        assert_eq!(
            table.rows[0].cells[1].lines,
            ["one", "two", "three", "four"]
        );
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
            .map(|r| r.cells.iter().map(Cell::text).collect())
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
    fn tables_rows_and_headings_know_where_they_are() {
        let page = read_page(
            "<html><body><h1>T</h1><div><p>x</p></div><div><h2>S</h2><table><thead><tr><th>A</th></tr></thead>\
             <tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table></div></body></html>",
        );
        let table = &page.tables[0];
        assert_eq!(
            table.at,
            SourceLocation::Element("/html/body[1]/div[2]/table[1]".into())
        );
        assert_eq!(
            table.rows[1].at,
            SourceLocation::Element("/html/body[1]/div[2]/table[1]/tbody[1]/tr[2]".into())
        );
        let headings: Vec<(u8, &str)> = page
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(headings, [(1, "T"), (2, "S")]);
    }
}
