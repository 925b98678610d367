//! The Markdown reader: a vendor documentation source (CommonMark with GFM pipe tables, as the
//! vendor's repositories hold them) becomes the same [`RawPage`] as an HTML page, by rendering
//! it to HTML with `pulldown-cmark` and reading that with the one HTML table reader, so that
//! there is one set of recognition rules and one set of errors. Every table and row then points
//! at its Markdown line instead of an element path.
//!
//! The vendor's pages are exported from DITA, and their tables are not quite GFM: a cell may go
//! on over several source lines (a bullet list, a code fence, blank lines) until a line that
//! closes the row with `|`. GFM would end the table at the first such line, so a first pass
//! ([`join_rows`]) puts every row back on one line, the cell's lines separated by `<br>`
//! (which the HTML reader splits at), and remembers the source line each row starts on and how
//! many cells it has there: GFM pads a short row and cuts a long one, and both must stay
//! visible, since a short row is a merged cell and a long one an error.

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::page::{Cell, RawPage, SourceLocation, normalize};

/// One table row as the source has it: its first line (from 1), and its cells' text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SourceRow {
    line: usize,
    cells: Vec<String>,
}

/// The text handed to the CommonMark parser, with the source line of each of its lines, and
/// every table's rows as the source has them.
#[derive(Debug, Default)]
struct Joined {
    text: String,
    /// `lines[i]` is the source line (from 1) that line `i` of `text` comes from.
    lines: Vec<usize>,
    /// Per table in page order: the header row, then the body rows.
    tables: Vec<Vec<SourceRow>>,
}

/// Whether a line is a GFM delimiter row (`|:---|---:|`).
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('-')
        && line.contains('|')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of one row's text between its pipes: an escaped `\|` and a pipe inside a code
/// span stay in their cell.
fn split_cells(row: &str) -> Vec<String> {
    let inner = row.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = if inner.ends_with('|') && !inner.ends_with("\\|") {
        &inner[..inner.len() - 1]
    } else {
        inner
    };
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                current.push(c);
                continue;
            }
            '`' if !escaped => in_code = !in_code,
            '|' if !escaped && !in_code => {
                cells.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        escaped = false;
        current.push(c);
    }
    cells.push(current);
    cells
}

/// Escapes every lone `*` outside a code span. The vendor's cells write ARN wildcards both as
/// `\*` and as a bare `*`; CommonMark would read two bare ones (`acs:ecs:*:*:...`) as emphasis
/// and drop them, changing the ARN. A `**` pair stays bold, which the pages use inside ARNs.
fn escape_stars(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
                continue;
            }
            '`' => in_code = !in_code,
            '*' if !in_code => {
                let pair = chars.get(i + 1) == Some(&'*');
                if pair {
                    out.push_str("**");
                    i += 2;
                    continue;
                }
                out.push_str("\\*");
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Encloses in `<…>` every inline link destination that holds a space. The vendor's cells link
/// each API to its page by a relative path with spaces (`[QueryTaskList](../API 参考/….md#)`),
/// which CommonMark does not read as a link: the cell would keep the brackets and the path, and
/// the API name would be lost in them. An enclosed destination is the same link to CommonMark.
fn enclose_link_destinations(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        let (head, tail) = rest.split_at(open + 2);
        out.push_str(head);
        // The destination ends at the `)` that balances its `(`: paths hold `(New)`.
        let mut depth = 0usize;
        let close = tail.char_indices().find_map(|(i, c)| match c {
            '(' => {
                depth += 1;
                None
            }
            ')' if depth == 0 => Some(i),
            ')' => {
                depth -= 1;
                None
            }
            _ => None,
        });
        let Some(close) = close else {
            rest = tail;
            break;
        };
        let destination = &tail[..close];
        if destination.contains(' ') && !destination.contains(['<', '>']) {
            out.push('<');
            out.push_str(destination);
            out.push('>');
        } else {
            out.push_str(destination);
        }
        rest = &tail[close..];
    }
    out.push_str(rest);
    out
}

/// One continuation line of a cell as a line of the cell: a list marker and a code fence are
/// the export's layout, not text.
fn cell_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with("```") {
        return None;
    }
    let unlisted = ["- ", "* ", "+ "]
        .iter()
        .find_map(|marker| trimmed.strip_prefix(marker))
        .map_or(trimmed, str::trim_start);
    (!unlisted.is_empty()).then(|| unlisted.replace('|', "\\|"))
}

/// Whether a row's text ends its last cell with an unescaped `|`.
fn closes(text: &str) -> bool {
    text.ends_with('|') && !text.ends_with("\\|")
}

/// Reads one table row that starts at `lines[*i]`, going on over the lines of a cell that the
/// export spread over several lines, and returns it as one line; `*i` ends past the row. An open
/// cell (a row line that does not end with `|`) goes on until a line that starts with `|`
/// (the rest of that line is the row's next cells) or ends with `|`.
fn join_row(lines: &[&str], i: &mut usize) -> String {
    let first = lines[*i].trim();
    *i += 1;
    if closes(first) && first.len() > 1 {
        return first.to_owned();
    }
    let mut done = String::new();
    let mut open: Vec<String> = Vec::new();
    let begin_open = |done: &mut String, open: &mut Vec<String>, text: &str| {
        let (head, cell) = text.rsplit_once('|').unwrap_or(("", text));
        done.push_str(head);
        done.push('|');
        open.extend(cell_line(cell));
    };
    begin_open(&mut done, &mut open, first);
    while *i < lines.len() {
        let line = lines[*i].trim();
        *i += 1;
        if let Some(rest) = line.strip_prefix('|') {
            done.push_str(&open.join("<br>"));
            open.clear();
            done.push('|');
            if rest.is_empty() || closes(rest) {
                done.push_str(rest);
                return done;
            }
            begin_open(&mut done, &mut open, rest);
        } else if closes(line) {
            open.extend(cell_line(&line[..line.len() - 1]));
            done.push_str(&open.join("<br>"));
            done.push('|');
            return done;
        } else {
            open.extend(cell_line(line));
        }
    }
    done.push_str(&open.join("<br>"));
    done.push('|');
    done
}

/// Puts every table row on one line (see the module documentation).
fn join_rows(source: &str) -> Joined {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Joined::default();
    let push = |out: &mut Joined, text: &str, line: usize| {
        out.text.push_str(text);
        out.text.push('\n');
        out.lines.push(line);
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let starts_table = line.trim_start().starts_with('|')
            && lines.get(i + 1).is_some_and(|next| is_delimiter_row(next));
        if !starts_table {
            push(&mut out, line, i + 1);
            i += 1;
            continue;
        }
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let mut rows = vec![SourceRow {
            line: i + 1,
            cells: split_cells(line),
        }];
        push(&mut out, line, i + 1);
        push(&mut out, lines[i + 1], i + 2);
        i += 2;
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            let start = i;
            let text = join_row(&lines, &mut i);
            rows.push(SourceRow {
                line: start + 1,
                cells: split_cells(&text),
            });
            push(
                &mut out,
                &format!(
                    "{indent}{}",
                    escape_stars(&enclose_link_destinations(&text))
                ),
                start + 1,
            );
        }
        out.tables.push(rows);
    }
    out
}

/// The source line of a byte offset of the joined text.
fn line_of(joined: &Joined, offset: usize) -> usize {
    let index = joined.text[..offset.min(joined.text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count();
    joined
        .lines
        .get(index)
        .or(joined.lines.last())
        .copied()
        .unwrap_or(1)
}

/// Reads a Markdown page into the format-free model. Headings, tables (also those inside list
/// items) and the title come from the rendered HTML; each table and row points at its source
/// line, and each row has exactly the cells its source line has.
#[must_use]
pub fn read_markdown(source: &str) -> RawPage {
    let joined = join_rows(source);
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut table_lines: Vec<(usize, Vec<usize>)> = Vec::new();
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(&joined.text, options)
        .into_offset_iter()
        .collect();
    for (event, range) in &events {
        match event {
            Event::Start(Tag::Table(_)) => {
                table_lines.push((line_of(&joined, range.start), vec![]))
            }
            Event::Start(Tag::TableRow) => {
                if let Some((_, rows)) = table_lines.last_mut() {
                    rows.push(line_of(&joined, range.start));
                }
            }
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
    let mut page = crate::html::read_page(&html);
    for (table, (table_line, row_lines)) in page.tables.iter_mut().zip(&table_lines) {
        table.at = SourceLocation::Line(*table_line);
        let source = joined
            .tables
            .iter()
            .find(|rows| rows.first().is_some_and(|r| r.line == *table_line));
        for (row, line) in table.rows.iter_mut().zip(row_lines) {
            row.at = SourceLocation::Line(*line);
            let Some(source_row) = source.and_then(|rows| rows.iter().find(|r| r.line == *line))
            else {
                continue;
            };
            // GFM pads a short row and drops what a long row has past the header; the source
            // count is what the page says, so the row keeps exactly that many cells.
            let count = source_row.cells.len();
            if count < row.cells.len() {
                row.cells.truncate(count);
            }
            for extra in source_row.cells.iter().skip(row.cells.len()) {
                let text = normalize(extra);
                row.cells.push(Cell {
                    lines: if text.is_empty() { vec![] } else { vec![text] },
                });
            }
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &RawPage, table: usize) -> Vec<Vec<String>> {
        page.tables[table]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn a_gfm_table_becomes_the_page_model_with_markdown_lines() {
        let page = read_markdown(
            "# Zoo {#zoo .reference}\n\nIntro.\n\n## Cages\n\n|Action|Resource|\n|:--|--|\n|GetCage|acs:zoo:\\*:$accountid:cage/\\*|\n|ListCages|`*`|\n",
        );
        assert_eq!(page.title, "Zoo");
        let table = &page.tables[0];
        assert_eq!(table.section, "Cages");
        assert_eq!(table.at, SourceLocation::Line(7));
        assert_eq!(
            table.headers.as_deref(),
            Some(&["Action".to_owned(), "Resource".to_owned()][..])
        );
        assert_eq!(
            texts(&page, 0),
            [
                ["GetCage", "acs:zoo:*:$accountid:cage/*"],
                ["ListCages", "*"]
            ]
        );
        assert_eq!(table.rows[1].at, SourceLocation::Line(10));
    }

    #[test]
    fn a_dita_cell_over_several_lines_is_one_cell_of_several_lines() {
        let source = "|Action|Resource|\n|--|--|\n|AttachDisk| -   acs:ecs:*:*:instance/$a\n-   acs:ecs:*:*:disk/$b\n\n |\n|Next| ```\nacs:ecs:*:*:x/$c\n```\n\n |\n|Last|`*`|\n";
        let page = read_markdown(source);
        let rows = &page.tables[0].rows;
        assert_eq!(
            rows[0].cells[1].lines,
            ["acs:ecs:*:*:instance/$a", "acs:ecs:*:*:disk/$b"]
        );
        assert_eq!(rows[1].cells[1].lines, ["acs:ecs:*:*:x/$c"]);
        let lines: Vec<&SourceLocation> = rows.iter().map(|r| &r.at).collect();
        assert_eq!(
            lines,
            [
                &SourceLocation::Line(3),
                &SourceLocation::Line(7),
                &SourceLocation::Line(12)
            ]
        );
    }

    #[test]
    fn a_cell_over_several_lines_in_the_middle_of_a_row_ends_at_the_next_pipe() {
        let source = "|Action|Resource|Description|\n|--|--|--|\n|AttachDisk|-   acs:x:*:*:a/$a\n-   acs:x:*:*:b/$b\n\n|Attaches a disk.|\n|Next|`*`|Any.|\n";
        let page = read_markdown(source);
        assert_eq!(
            texts(&page, 0),
            [
                [
                    "AttachDisk",
                    "acs:x:*:*:a/$a acs:x:*:*:b/$b",
                    "Attaches a disk."
                ],
                ["Next", "*", "Any."]
            ]
        );
        assert_eq!(page.tables[0].rows[1].at, SourceLocation::Line(7));
    }

    #[test]
    fn short_and_long_rows_keep_the_cells_the_source_has() {
        let page = read_markdown("|A|B|C|\n|-|-|-|\n|1|2|\n|1|2|3|4|\n|1|2|3|\n");
        let counts: Vec<usize> = page.tables[0].rows.iter().map(|r| r.cells.len()).collect();
        assert_eq!(counts, [2, 4, 3]);
        assert_eq!(page.tables[0].rows[1].cells[3].lines, ["4"]);
    }

    #[test]
    fn a_table_inside_a_list_item_is_read() {
        let page = read_markdown(
            "## S\n\n-   Rules:\n\n    |Action|Resource|\n    |--|--|\n    |A|`*`|\n",
        );
        assert_eq!(page.tables.len(), 1);
        assert_eq!(texts(&page, 0), [["A", "*"]]);
        assert_eq!(page.tables[0].rows[0].at, SourceLocation::Line(7));
    }

    #[test]
    fn a_link_whose_destination_has_spaces_keeps_only_its_text() {
        let page = read_markdown(
            "|API|Action|\n|:--|:--|\n|[QueryTaskList](../../API 参考 (New)/查询任务列表.md#)|domain:QueryDomainTask|\n|[A](plain.md)|x:A|\n",
        );
        assert_eq!(
            texts(&page, 0),
            vec![
                vec![
                    "QueryTaskList".to_owned(),
                    "domain:QueryDomainTask".to_owned()
                ],
                vec!["A".to_owned(), "x:A".to_owned()],
            ]
        );
    }

    #[test]
    fn bare_stars_are_wildcards_and_pairs_are_bold() {
        assert_eq!(
            escape_stars("acs:x:*:*:a/\\* `*` **b**"),
            "acs:x:\\*:\\*:a/\\* `*` **b**"
        );
        let page = read_markdown("|A|R|\n|-|-|\n|X|acs:x:*:*:a/**$id**|\n");
        assert_eq!(page.tables[0].rows[0].cells[1].lines, ["acs:x:*:*:a/$id"]);
    }

    #[test]
    fn pipes_in_code_spans_and_escapes_stay_in_their_cell() {
        assert_eq!(split_cells("|a `x|y` b|c\\|d|"), ["a `x|y` b", "c\\|d"]);
    }
}
