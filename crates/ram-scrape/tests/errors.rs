//! One test per error class, each on a small HTML input, plus the guarantee that all errors of a
//! run are reported together.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_scrape::{Page, ScrapeError, TableKind, scrape};
use ram_spec::{AccessLevel, Service};

fn service() -> Service {
    Service {
        code: "zoo".into(),
        name: "Zoo".into(),
    }
}

fn api_page(rows: &str) -> String {
    format!(
        "<html lang=\"en\"><h1>Zoo</h1><h2>Cages</h2><table><thead><tr><th>API</th><th>Action</th>\
         <th>Resource</th><th>Access level</th></tr></thead><tbody>{rows}</tbody></table></html>"
    )
}

fn row(api: &str, action: &str, resource: &str, level: &str) -> String {
    format!("<tr><td>{api}</td><td>{action}</td><td>{resource}</td><td>{level}</td></tr>")
}

fn errors_of(pages: &[Page]) -> Vec<ScrapeError> {
    match scrape(service(), pages) {
        Ok(spec) => panic!("expected errors, got a spec with {} apis", spec.apis.len()),
        Err(errors) => errors.0,
    }
}

fn messages(pages: &[Page]) -> Vec<String> {
    errors_of(pages).iter().map(ToString::to_string).collect()
}

const CAGE: &str = "acs:zoo:$regionid:$accountid:cage/$cageId";

#[test]
fn a_missing_expected_table_is_an_error() {
    let mut page = Page::new(
        "zoo.html",
        &api_page(&row("GetCage", "zoo:GetCage", CAGE, "Read")),
    );
    page.expected_tables = vec![TableKind::ApiActions, TableKind::ArnFormats];
    assert_eq!(
        messages(&[page]),
        ["zoo.html: expected a `arn-formats` table, found none"]
    );
}

#[test]
fn a_page_without_tables_is_an_error() {
    let page = Page::new("empty.html", "<h1>Nothing</h1><p>prose only</p>");
    assert_eq!(
        messages(&[page]),
        ["empty.html: no authorization table found on the page"]
    );
}

#[test]
fn an_unknown_header_set_is_an_error_naming_the_headers() {
    let page = Page::new(
        "zoo.html",
        "<h2>Prices</h2><table><tr><th>Region</th><th>Price</th></tr><tr><td>a</td><td>1</td></tr></table>",
    );
    assert_eq!(
        messages(&[page]),
        ["zoo.html, table 1 (`Prices`): unknown table header set [`Region`, `Price`]"]
    );
}

#[test]
fn a_table_without_header_row_is_an_error() {
    let page = Page::new(
        "zoo.html",
        "<table><tr><td>GetCage</td><td>zoo:GetCage</td></tr></table>",
    );
    assert_eq!(
        messages(&[page]),
        ["zoo.html, table 1: the table has no header row"]
    );
}

#[test]
fn a_duplicate_column_is_an_error() {
    let page = Page::new(
        "zoo.html",
        "<table><tr><th>Action</th><th>Authenticated action</th><th>Resource</th></tr></table>",
    );
    assert_eq!(
        messages(&[page]),
        ["zoo.html, table 1: the header has two `action` columns"]
    );
}

#[test]
fn a_row_with_too_few_cells_is_an_error() {
    let rows = row("GetCage", "zoo:GetCage", CAGE, "Read")
        + "<tr><td>ListCages</td><td>zoo:ListCages</td></tr>";
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        ["zoo.html, table 1 (`Cages`), row 2 (`ListCages`): the row has 2 cells, the header has 4"]
    );
}

#[test]
fn an_empty_required_cell_is_an_error() {
    let rows = row("GetCage", "", CAGE, "Read");
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        ["zoo.html, table 1 (`Cages`), row 1 (`GetCage`): the `Action` cell is empty"]
    );
}

#[test]
fn an_arn_that_does_not_parse_is_an_error() {
    let rows = row(
        "GetCage",
        "zoo:GetCage",
        "acs:zoo:$regionid:$accountid:",
        "Read",
    ) + &row(
        "GetPen",
        "zoo:GetPen",
        "(Deprecated) acs:zoo:*:*:pen/$penId",
        "Read",
    );
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        [
            "zoo.html, table 1 (`Cages`), row 1 (`GetCage`): `acs:zoo:$regionid:$accountid:` is not an arn template: the arn has no resource part after the account",
            "zoo.html, table 1 (`Cages`), row 2 (`GetPen`): `(Deprecated) acs:zoo:*:*:pen/$penId` is not an arn template: an arn starts with `acs:`, found `(Deprecated) acs:zoo:*:*:pen/$penId`",
        ]
    );
}

#[test]
fn a_placeholder_spelling_that_cannot_be_named_is_an_error_at_its_row() {
    let rows = row("GetCage", "zoo:GetCage", "acs:zoo:*:*:cage/%s", "Read")
        + &row("GetPen", "zoo:GetPen", "acs:zoo:{regionid:*:pen/x", "Read");
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        [
            "zoo.html, table 1 (`Cages`), row 1 (`GetCage`): `acs:zoo:*:*:cage/%s` is not an arn template: `acs:zoo:*:*:cage/%s` spells a parameter as `%s`, which is not a known placeholder spelling",
            "zoo.html, table 1 (`Cages`), row 2 (`GetPen`): `acs:zoo:{regionid:*:pen/x` is not an arn template: `acs:zoo:{regionid:*:pen/x` opens the placeholder `{regionid` without closing it",
        ]
    );
}

#[test]
fn known_placeholder_spellings_become_the_canonical_template() {
    let page = format!(
        "<h2>ARNs</h2><table><tr><th>Resource type</th><th>ARN format</th></tr>\
         <tr><td>cage</td><td>acs:zoo:{{regionid}}:[accountid]:cage/${{cageId}}</td></tr></table>{}",
        api_page(&row(
            "GetCage",
            "zoo:GetCage",
            "acs:zoo:&lt;regionid&gt;:&lt;accountid&gt;:cage/{cageId}",
            "Read"
        ))
    );
    let spec = scrape(service(), &[Page::new("zoo.html", &page)]).unwrap();
    let texts: Vec<&str> = spec
        .arn_templates
        .iter()
        .map(|t| t.template.as_str())
        .collect();
    assert_eq!(texts, [CAGE]);
    assert_eq!(spec.apis[0].resources, [CAGE]);
    assert_eq!(spec.arn_templates[0].documented.len(), 1);
}

#[test]
fn an_unknown_access_level_is_an_error() {
    let rows = row("GetCage", "zoo:GetCage", CAGE, "Peek");
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        ["zoo.html, table 1 (`Cages`), row 1 (`GetCage`): unknown access level `Peek`"]
    );
}

#[test]
fn two_rows_for_one_api_that_disagree_are_an_error() {
    let rows = row("GetCage", "zoo:GetCage", CAGE, "Read")
        + &row("GetCage", "zoo:DescribeCage", CAGE, "List");
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        [
            "zoo.html, table 1 (`Cages`), row 2 (`GetCage`): api `GetCage` disagrees with zoo.html, table 1 (`Cages`), row 1 (`GetCage`): action `zoo:GetCage` vs `zoo:DescribeCage`; the access levels differ"
        ]
    );
}

#[test]
fn two_identical_rows_for_one_api_are_merged() {
    let rows = row("GetCage", "zoo:GetCage", CAGE, "Read").repeat(2);
    let spec = scrape(service(), &[Page::new("zoo.html", &api_page(&rows))]).unwrap();
    assert_eq!(spec.apis.len(), 1);
    assert_eq!(spec.apis[0].origin.row, 1);
}

#[test]
fn bad_names_are_errors() {
    let rows = row("Get Cage", "zoo:Get-Cage", CAGE, "Read");
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        [
            "zoo.html, table 1 (`Cages`), row 1 (`Get Cage`): `Get Cage` is not a valid api name",
            "zoo.html, table 1 (`Cages`), row 1 (`Get Cage`): `zoo:Get-Cage` is not a valid action",
        ]
    );
}

#[test]
fn several_actions_in_an_api_row_all_authorize_the_api() {
    // This row was an error while an API could have only one Action; the model now lists them.
    let rows = row("GetCage", "zoo:GetPen<br>zoo:GetCage", CAGE, "Read");
    let spec = scrape(service(), &[Page::new("zoo.html", &api_page(&rows))]).unwrap();
    assert_eq!(spec.apis[0].actions, ["zoo:GetCage", "zoo:GetPen"]);
    let names: Vec<(&str, &[String])> = spec
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a.apis.as_slice()))
        .collect();
    assert_eq!(
        names,
        [
            ("zoo:GetCage", &["GetCage".to_owned()][..]),
            ("zoo:GetPen", &["GetCage".to_owned()][..])
        ]
    );
}

#[test]
fn a_bad_action_among_several_is_an_error_at_its_row() {
    let rows = row("GetCage", "zoo:GetCage<br>zoo:Get Pen", CAGE, "Read");
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        ["zoo.html, table 1 (`Cages`), row 1 (`GetCage`): `zoo:Get Pen` is not a valid action"]
    );
}

#[test]
fn an_undocumented_access_level_with_an_unknown_verb_is_an_error() {
    let page = Page::new(
        "zoo.html",
        &format!(
            "<table><tr><th>Action</th><th>Resource</th></tr><tr><td>FrobnicateCage</td><td>{CAGE}</td></tr></table>"
        ),
    );
    assert_eq!(
        messages(&[page]),
        [
            "zoo.html, table 1, row 1 (`FrobnicateCage`): cannot infer the access level of `zoo:FrobnicateCage`: no page documents one and its verb is not in the verb table"
        ]
    );
}

#[test]
fn a_printed_date_that_contradicts_the_record_is_an_error() {
    let mut page = Page::new(
        "zoo.html",
        &format!(
            "<p>Last Updated:Jan 2, 2026</p>{}",
            api_page(&row("GetCage", "zoo:GetCage", CAGE, "Read"))
        ),
    );
    page.updated = Some("2026-01-03".into());
    assert_eq!(
        messages(&[page]),
        [
            "zoo.html: the page prints last updated `2026-01-02` but SOURCES.toml records `2026-01-03`"
        ]
    );
}

#[test]
fn all_errors_of_all_pages_are_reported_together_in_page_order() {
    let first = Page::new(
        "a.html",
        &api_page(&(row("GetCage", "zoo:GetCage", CAGE, "Peek") + "<tr><td>x</td></tr>")),
    );
    let second = Page::new("b.html", "<table><tr><th>Nope</th></tr></table>");
    let errors = errors_of(&[second, first]);
    let pages: Vec<&str> = errors.iter().map(|e| e.location().page.as_str()).collect();
    assert_eq!(pages, ["a.html", "a.html", "b.html"]);
    assert!(matches!(errors[0], ScrapeError::UnknownAccessLevel { .. }));
    assert!(matches!(errors[1], ScrapeError::TooFewCells { .. }));
    assert!(matches!(errors[2], ScrapeError::UnknownHeaders { .. }));
    let report = ram_scrape::ScrapeErrors(errors).to_string();
    assert!(
        report.ends_with("3 error(s); nothing was written"),
        "{report}"
    );
}

#[test]
fn a_row_with_more_cells_than_its_header_is_an_error() {
    let rows = row("GetCage", "zoo:GetCage", CAGE, "Read")
        + "<tr><td>ListCages</td><td>zoo:ListCages</td><td>*</td><td>List</td><td>extra</td></tr>";
    assert_eq!(
        messages(&[Page::new("zoo.html", &api_page(&rows))]),
        ["zoo.html, table 1 (`Cages`), row 2 (`ListCages`): the row has 5 cells, the header has 4"]
    );
}

/// The report of a new user: deleting the access-level header cell of one real `cr` table made
/// regen succeed, read the access levels as missing and infer them from verbs. Now the table
/// gives one error that names the mismatch, and nothing is read from it.
#[test]
fn a_deleted_header_cell_of_the_real_cr_page_is_one_error() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-source/cr");
    let html = std::fs::read_to_string(dir.join("ram-authorization.ja.html")).unwrap();
    let header = "<th><p>Resource</p></th><th><p>アクセスレベル</p></th></tr></thead>";
    let at = html.find(header).unwrap();
    let broken = format!(
        "{}<th><p>Resource</p></th></tr></thead>{}",
        &html[..at],
        &html[at + header.len()..]
    );
    let cr = Service {
        code: "cr".into(),
        name: "Container Registry".into(),
    };
    let errors = match scrape(cr, &[Page::new("cr.ja.html", &broken)]) {
        Ok(_) => panic!("a deleted header cell must not scrape"),
        Err(errors) => errors.0,
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].to_string();
    assert!(
        matches!(errors[0], ScrapeError::HeaderMismatch { .. }),
        "{message}"
    );
    assert!(
        message.contains("the header has 3 cells but none of the table's")
            && message.contains("rows does (they have 4)"),
        "{message}"
    );
}

#[test]
fn markdown_errors_point_at_the_markdown_line() {
    let page = Page::new(
        "zoo.md",
        "# Zoo\n\n## Cages\n\n|Action|Resource|\n|--|--|\n|GetCage|acs:zoo:\\*:\\*:cage/$cageId|\n|ListCages|acs:zoo:\\*:\\*:cage/%s|\n",
    );
    assert_eq!(
        messages(&[page]),
        [
            "zoo.md, table 1 (`Cages`), row 2 (`ListCages`), line 8: `acs:zoo:*:*:cage/%s` is not an arn template: `acs:zoo:*:*:cage/%s` spells a parameter as `%s`, which is not a known placeholder spelling"
        ]
    );
}

/// `(Optional)` before an ARN is the vocabulary's mark of a resource checked only when the
/// request names it (ECS pages); the ARN is kept and the mark dropped. Any other prose before an
/// ARN stays an error (above).
#[test]
fn an_optional_mark_before_an_arn_is_layout() {
    let rows = row(
        "GetPen",
        "zoo:GetPen",
        "acs:zoo:*:*:cage/$cageId<br>（可选）acs:zoo:*:*:pen/$penId",
        "Read",
    );
    let spec = scrape(service(), &[Page::new("zoo.html", &api_page(&rows))]).unwrap();
    assert_eq!(
        spec.apis[0].resources,
        ["acs:zoo:*:*:cage/$cageId", "acs:zoo:*:*:pen/$penId"]
    );
}

fn md_page(file: &str, rows: &str) -> Page {
    Page::new(
        file,
        &format!("# Zoo\n\n|Action|Authorization rule|\n|--|--|\n{rows}"),
    )
}

fn text_erratum(page: &str, documented: &str, corrected: &str) -> ram_scrape::Erratum {
    ram_scrape::Erratum {
        api: None,
        action: None,
        page: Some(page.into()),
        row: None,
        field: "text".into(),
        documented: documented.into(),
        corrected: corrected.into(),
        reason: "a space inside the arn".into(),
    }
}

#[test]
fn a_text_erratum_corrects_the_cells_of_its_page_and_goes_stale_with_them() {
    let page = md_page(
        "zoo.en.md",
        "|GetCage|acs:zoo:$regionid: $accountid:cage/$cageId|\n",
    );
    let fix = [text_erratum("zoo.en.md", ": $accountid", ":$accountid")];
    let scraped = ram_scrape::scrape_report(
        service(),
        std::slice::from_ref(&page),
        &fix,
        &[],
        "errata.toml",
    )
    .unwrap();
    assert_eq!(
        scraped.spec.actions[0].resources,
        ["acs:zoo:$regionid:$accountid:cage/$cageId"]
    );
    assert_eq!(scraped.spec.errata[0].target, "page");
    assert_eq!(scraped.pages[0].rows, 1);
    let clean = md_page(
        "zoo.en.md",
        "|GetCage|acs:zoo:$regionid:$accountid:cage/$cageId|\n",
    );
    let stale = ram_scrape::scrape_report(service(), &[clean], &fix, &[], "errata.toml")
        .unwrap_err()
        .0;
    assert_eq!(
        stale.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "errata.toml: the erratum of page `zoo.en.md` (`text`) is stale: no cell of the page holds `: $accountid` any more; the vendor fixed or changed the page, so review and remove or update the erratum"
        ]
    );
}

#[test]
fn a_refused_row_is_reported_not_read_and_stale_when_gone() {
    let page = md_page(
        "zoo.en.md",
        "|GetCage|acs:zoo:*:*:cage/$cageId|\n|TagAny|acs:zoo:*:*:$resourceType/$id|\n",
    );
    let refusal = ram_scrape::Refusal {
        page: "zoo.en.md".into(),
        row: "TagAny".into(),
        reason: "the resource type is a parameter".into(),
    };
    let scraped = ram_scrape::scrape_report(
        service(),
        std::slice::from_ref(&page),
        &[],
        std::slice::from_ref(&refusal),
        "errata.toml",
    )
    .unwrap();
    assert_eq!(scraped.spec.actions.len(), 1);
    assert_eq!(scraped.pages[0].rows, 1);
    assert_eq!(scraped.pages[0].refused[0].key, "TagAny");
    assert_eq!(scraped.pages[0].refused[0].row, 2);
    let gone = md_page("zoo.en.md", "|GetCage|acs:zoo:*:*:cage/$cageId|\n");
    let errors = ram_scrape::scrape_report(service(), &[gone], &[], &[refusal], "errata.toml")
        .unwrap_err()
        .0;
    assert!(
        errors[0].to_string().contains("refusal of row `TagAny`") && errors.len() == 1,
        "{errors:?}"
    );
}

/// The en and zh pages of one product are two sources of one service: the spec keeps the
/// union, and an Action one page has and the other lacks, or a different ARN, is a finding.
#[test]
fn twin_pages_that_disagree_give_a_cross_document_finding() {
    let en = md_page(
        "zoo.en.md",
        "|GetCage|acs:zoo:*:*:cage/$cageId|\n|DeleteCage|acs:zoo:*:*:cage/$cageId|\n",
    );
    let zh = Page::new(
        "zoo.zh.md",
        "# 动物园\n\n|Action|鉴权规则|\n|--|--|\n|GetCage|acs:zoo:*:*:cage/*|\n",
    );
    let spec = scrape(service(), &[en, zh]).unwrap();
    let findings: Vec<(&str, &str)> = spec
        .findings
        .iter()
        .filter(|f| f.kind == ram_spec::FindingKind::SourcesDisagree)
        .map(|f| (f.subject.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        findings,
        [
            (
                "zoo:DeleteCage",
                "the pages disagree: not documented on `zoo.zh.md`; the spec keeps the union"
            ),
            (
                "zoo:GetCage",
                "the pages disagree: `zoo.en.md` gives `acs:zoo:*:*:cage/$cageId`; `zoo.zh.md` gives `acs:zoo:*:*:cage/*`; the spec keeps the union"
            ),
        ]
    );
}

/// A merged cell exported as a short row: with the page's `merged_column` declaration the
/// missing cell is the row above's; without it the short row is an error naming its row.
#[test]
fn a_short_row_is_a_merged_cell_only_where_the_page_declares_which_column() {
    let rows = "|AddUser|acs:zoo:*:*:cage/$cageId|\n|`acs:zoo:*:*:pen/$penId`|\n";
    let mut page = md_page("zoo.en.md", rows);
    assert_eq!(
        messages(std::slice::from_ref(&page)),
        [
            "zoo.en.md, table 1 (`Zoo`), row 2 (`acs:zoo:*:*:pen/$penId`), line 6: the row has 1 cells, the header has 2"
        ]
    );
    page.merged_column = Some(1);
    let spec = scrape(service(), &[page]).unwrap();
    assert_eq!(spec.actions.len(), 1);
    assert_eq!(
        spec.actions[0].resources,
        ["acs:zoo:*:*:cage/$cageId", "acs:zoo:*:*:pen/$penId"]
    );
}

/// A row that says no authorization is needed is recorded as such: an Action without
/// resources, flagged, never an ARN error and never dropped.
#[test]
fn a_row_that_needs_no_authorization_is_recorded_as_such() {
    let en = md_page(
        "zoo.en.md",
        "|GetCage|acs:zoo:*:*:cage/$cageId|\n|DescribeRegions|No authentication required.|\n",
    );
    let zh = Page::new(
        "zoo.zh.md",
        "|Action|鉴权规则|\n|--|--|\n|GetCage|acs:zoo:*:*:cage/$cageId|\n|DescribeRegions|无需鉴权|\n",
    );
    let spec = scrape(service(), &[en, zh]).unwrap();
    let regions = spec
        .actions
        .iter()
        .find(|a| a.name == "zoo:DescribeRegions")
        .unwrap();
    assert!(regions.no_authorization);
    assert!(regions.resources.is_empty());
    let cage = spec
        .actions
        .iter()
        .find(|a| a.name == "zoo:GetCage")
        .unwrap();
    assert!(!cage.no_authorization);
    assert!(spec.findings.is_empty(), "{:?}", spec.findings);
}

/// The Domain pages' shape: `API | Action | Resource` rows whose middle cell (the Action) is
/// merged with the row above, API names linked to pages whose paths hold spaces and
/// parentheses, and Actions named by noun (`zoo:CageModification`), whose access level then
/// comes from the verbs of the APIs that need them. The en twin lacks an API the zh one has:
/// a cross-document finding on the API.
#[test]
fn noun_named_actions_take_the_level_of_their_apis_and_api_twins_are_compared() {
    let table = |rows: &str| format!("# Zoo\n\n|API|Action|Resource|\n|:--|:--|:--|\n{rows}");
    let en_rows = "|[SaveCageName](../API Reference (New)/Save cage name.md#)|zoo:CageModification|acs:zoo:*:$accountid:cage/$cageId|\n\
                   |[QueryCage](../API Reference (New)/Query cage.md#)|zoo:CageQuery|acs:zoo:*:$accountid:cage/$cageId|\n\
                   |CageNameVerification|zoo:CageModification|acs:zoo:*:$accountid:cage/$cageId|\n";
    let zh_rows = "|[SaveCageName](../API 参考/保存.md#)|zoo:CageModification|acs:zoo:*:$accountid:cage/$cageId|\n\
                   |[DeleteCageName](../API 参考/删除.md#)|acs:zoo:*:$accountid:cage/$cageId|\n\
                   |[QueryCage](../API 参考/查询.md#)|zoo:CageQuery|acs:zoo:*:$accountid:cage/$cageId|\n\
                   |CageNameVerification|zoo:CageModification|acs:zoo:*:$accountid:cage/$cageId|\n";
    let mut en = Page::new("zoo.en.md", &table(en_rows));
    let mut zh = Page::new("zoo.zh.md", &table(zh_rows));
    en.merged_column = Some(2);
    zh.merged_column = Some(2);
    let spec = scrape(service(), &[en, zh]).unwrap();
    let apis: Vec<(&str, &[String], AccessLevel)> = spec
        .apis
        .iter()
        .map(|a| (a.name.as_str(), a.actions.as_slice(), a.access_level))
        .collect();
    let modification = ["zoo:CageModification".to_owned()];
    let query = ["zoo:CageQuery".to_owned()];
    assert_eq!(
        apis,
        [
            (
                "CageNameVerification",
                &modification[..],
                AccessLevel::Write
            ),
            ("DeleteCageName", &modification[..], AccessLevel::Write),
            ("QueryCage", &query[..], AccessLevel::Read),
            ("SaveCageName", &modification[..], AccessLevel::Write),
        ]
    );
    let levels: Vec<(&str, AccessLevel, bool)> = spec
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a.access_level, a.access_level_inferred))
        .collect();
    assert_eq!(
        levels,
        [
            ("zoo:CageModification", AccessLevel::Write, true),
            ("zoo:CageQuery", AccessLevel::Read, true),
        ]
    );
    let findings: Vec<(&str, &str)> = spec
        .findings
        .iter()
        .map(|f| (f.subject.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        findings,
        [(
            "DeleteCageName",
            "the pages disagree: not documented on `zoo.en.md`; the spec keeps the union"
        )]
    );
}

/// The CEN pages' shape: a resource cell whose ARNs are introduced by prose labels (`VPC:`,
/// `VBR网络实例规则：`) as list items. The labels are layout, every ARN is read, and a
/// colon-ended line that no ARN follows is still an error.
#[test]
fn labels_before_the_arns_of_a_cell_are_layout() {
    let rows = "|AttachCage| -   `acs:zoo:*:$accountid:cage/$cageId`\n-   VPC:\n\n`acs:vpc:$regionid:$accountid:vpc/$vpcId`\n\n-   VBR网络实例规则：\n\n`acs:vpc:$regionid:$accountid:virtualborderrouter/$vbrId`\n\n |\n";
    let spec = scrape(service(), &[md_page("zoo.en.md", rows)]).unwrap();
    assert_eq!(
        spec.actions[0].resources,
        [
            "acs:vpc:$regionid:$accountid:virtualborderrouter/$vbrId",
            "acs:vpc:$regionid:$accountid:vpc/$vpcId",
            "acs:zoo:*:$accountid:cage/$cageId",
        ]
    );
    let dangling = md_page(
        "zoo.en.md",
        "|AttachCage|acs:zoo:*:$accountid:cage/$cageId<br>VPC:|\n",
    );
    assert_eq!(
        messages(&[dangling]),
        [
            "zoo.en.md, table 1 (`Zoo`), row 1 (`AttachCage`), line 5: `VPC:` is not an arn template: an arn starts with `acs:`, found `VPC:`"
        ]
    );
}

/// The KMS pages' shape: `Operation | Action | Resource type`, whose cells name rows of the
/// page's own ARN table (`Key`, `Alias and key`, `Key or secret`, `None`), in any case; notes
/// inside the Action cell are prose; a type the table does not define is an error naming the
/// ones it does. A resource type without a path is the type's container.
#[test]
fn resources_named_by_the_page_arn_table_labels() {
    let arn_table = "|Resource type|ARN|\n|:--|:--|\n|Key container|acs:zoo:$\\{region\\}:$\\{account\\}:key|\n|Key|acs:zoo:$\\{region\\}:$\\{account\\}:key/$\\{key-id\\}|\n|Alias|acs:zoo:$\\{region\\}:$\\{account\\}:alias/$\\{alias-name\\}|\n";
    let page = |rows: &str| {
        Page::new(
            "zoo.en.md",
            &format!(
                "# Zoo\n\n{arn_table}\n|Operation|Action|Resource type|\n|:--|:--|:--|\n{rows}"
            ),
        )
    };
    let rows = "|ListKeys|zoo:ListKeys|Key container|\n|CreateAlias|zoo:CreateAlias|Alias and key|\n|GetSecretValue|    -   zoo:GetSecretValue\n    -   zoo:Decrypt\n**Note:** zoo:Decrypt is needed only with a key of one's own.\n\n|key|\n|GetRandomPassword|zoo:GetRandomPassword|None|\n";
    let spec = scrape(service(), &[page(rows)]).unwrap();
    let apis: Vec<(&str, Vec<&str>, Vec<&str>)> = spec
        .apis
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.actions.iter().map(String::as_str).collect(),
                a.resources.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        apis,
        [
            (
                "CreateAlias",
                vec!["zoo:CreateAlias"],
                vec![
                    "acs:zoo:$region:$account:alias/$alias_name",
                    "acs:zoo:$region:$account:key/$key_id"
                ]
            ),
            (
                "GetRandomPassword",
                vec!["zoo:GetRandomPassword"],
                vec!["*"]
            ),
            (
                "GetSecretValue",
                vec!["zoo:Decrypt", "zoo:GetSecretValue"],
                vec!["acs:zoo:$region:$account:key/$key_id"]
            ),
            (
                "ListKeys",
                vec!["zoo:ListKeys"],
                vec!["acs:zoo:$region:$account:key"]
            ),
        ]
    );
    let names: Vec<&str> = spec.arn_templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["alias", "key_container", "key"]);
    // An API that needs several Actions has the highest level their verbs give.
    let secret = spec
        .apis
        .iter()
        .find(|a| a.name == "GetSecretValue")
        .unwrap();
    assert_eq!(secret.access_level, AccessLevel::Write);
    assert_eq!(
        messages(&[page("|DeleteKey|zoo:DeleteKey|Secret|\n")]),
        [
            "zoo.en.md, table 2 (`Zoo`), row 1 (`DeleteKey`), line 11: the resource type `Secret` is not a row of the page's arn table (it defines `Key container`, `Key`, `Alias`)"
        ]
    );
}

/// The Kafka and NAS pages' shapes: Action lists without resources, whose access level comes
/// from a read-only column (`Yes` reads, `No` writes, in en and zh), a system-policy table kept
/// in the spec, and a `Resource | Description` table whose only `*` is every listed Action's
/// resource. An ARN in such a list is an error: it does not say which Action it is for.
#[test]
fn action_lists_read_only_columns_system_policies_and_resource_lists() {
    let en = Page::new(
        "zoo.en.md",
        "# Zoo\n\n|Policy|Description|\n|--|--|\n|AliyunZooFullAccess|Everything.|\n\n\
         |Action|Permission description|Read-only or not|\n|--|--|--|\n|ListCages|Views cages.|Yes|\n|FeedAnimal|Feeds.|No|\n",
    );
    let zh = Page::new(
        "zoo.zh.md",
        "# 动物园\n\n|权限策略名称|说明|\n|--|--|\n|AliyunZooFullAccess|全部权限|\n\n\
         |Action名称|权限说明|是否为只读类权限|\n|--|--|--|\n|ListCages|查看|是|\n|FeedAnimal|喂食|否|\n",
    );
    let spec = scrape(service(), &[en, zh]).unwrap();
    let actions: Vec<(&str, AccessLevel, bool, usize)> = spec
        .actions
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.access_level,
                a.access_level_inferred,
                a.resources.len(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("zoo:FeedAnimal", AccessLevel::Write, false, 0),
            ("zoo:ListCages", AccessLevel::Read, false, 0),
        ]
    );
    assert_eq!(spec.system_policies.len(), 1);
    assert_eq!(spec.system_policies[0].name, "AliyunZooFullAccess");
    assert_eq!(spec.system_policies[0].origins.len(), 2);
    assert!(spec.findings.is_empty(), "{:?}", spec.findings);

    let listed = |resource: &str| {
        Page::new(
            "zoo.en.md",
            &format!(
                "# Zoo\n\n|Action|Description|\n|--|--|\n|DescribeCages|Lists cages.|\n\n|Resource|Description|\n|--|--|\n|{resource}|All zoo resources.|\n"
            ),
        )
    };
    let spec = scrape(service(), &[listed("\\*")]).unwrap();
    assert_eq!(spec.actions[0].resources, ["*"]);
    assert_eq!(
        messages(&[listed("acs:zoo:*:*:cage/*")]),
        [
            "zoo.en.md, table 2 (`Zoo`), row 1 (`acs:zoo:*:*:cage/*`), line 9: `acs:zoo:*:*:cage/*` is an arn in a resource list without actions: which actions it is for is not said, so only `*` is read from such a table"
        ]
    );
}

/// The OSS pages' shape: `API | Action` without resources, the Action merged down a column
/// (`merged_column = 2`), an API with the other name it goes by (`GetService (ListBuckets)`),
/// variants of an API under a condition (`GetObject (with versionId …)`) whose Actions add to
/// the API's, several Actions on one line, and a `Condition | Description` table kept as the
/// service's condition keys (never read as Actions, though `oss:Prefix` looks like one).
#[test]
fn api_variants_aliases_and_condition_keys() {
    let rows = "|GetService \\(ListBuckets\\)|zoo:ListBuckets|\n|GetCage|zoo:GetCage|\n|HeadCage|\n\
                |CopyCage|zoo:GetCage,zoo:PutCage|\n|GetCage \\(with versionId specified in the request\\)|zoo:GetCageVersion|\n\
                |GetCage（请求参数中指定versionId）|zoo:GetCageVersion|\n";
    let text = format!(
        "# Zoo\n\n|API|Action|\n|:--|:--|\n{rows}\n|Condition|Description|\n|:--|:--|\n|zoo:Prefix|The prefix.|\n|acs:SourceIp|The address.|\n"
    );
    let mut page = Page::new("zoo.en.md", &text);
    page.merged_column = Some(2);
    let spec = scrape(service(), &[page]).unwrap();
    let apis: Vec<(&str, Vec<&str>, AccessLevel)> = spec
        .apis
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.actions.iter().map(String::as_str).collect(),
                a.access_level,
            )
        })
        .collect();
    assert_eq!(
        apis,
        [
            (
                "CopyCage",
                vec!["zoo:GetCage", "zoo:PutCage"],
                AccessLevel::Write
            ),
            (
                "GetCage",
                vec!["zoo:GetCage", "zoo:GetCageVersion"],
                AccessLevel::Read
            ),
            ("GetService", vec!["zoo:ListBuckets"], AccessLevel::List),
            ("HeadCage", vec!["zoo:GetCage"], AccessLevel::Read),
        ]
    );
    assert!(spec.apis.iter().all(|a| a.resources.is_empty()));
    let keys: Vec<&str> = spec
        .condition_keys
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(keys, ["acs:SourceIp", "zoo:Prefix"]);
    assert!(spec.actions.iter().all(|a| a.name != "zoo:Prefix"));
}

/// The Tablestore pages' shape: resource cells that leave out the ARN prefix, which the page
/// says in prose (`the resources below leave out acs:ots:[region]:[user_id]:`); the page's
/// `resource_prefix` declaration puts it back. Without it the relative resource is no ARN.
#[test]
fn a_declared_resource_prefix_completes_relative_resources() {
    let text = "# Zoo\n\n|API operation/Action|Resource|\n|:--|:--|\n|ListCages|cage/\\*|\n|GetCage|cage/\\[cage\\_name\\]|\n";
    let mut page = Page::new("zoo.en.md", text);
    page.resource_prefix = Some("acs:zoo:[region]:[user_id]:".into());
    let spec = scrape(service(), &[page]).unwrap();
    let resources: Vec<(&str, &[String])> = spec
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a.resources.as_slice()))
        .collect();
    assert_eq!(
        resources,
        [
            (
                "zoo:GetCage",
                &["acs:zoo:$region:$user_id:cage/$cage_name".to_owned()][..]
            ),
            (
                "zoo:ListCages",
                &["acs:zoo:$region:$user_id:cage/*".to_owned()][..]
            ),
        ]
    );
    let errors = messages(&[Page::new("zoo.en.md", text)]);
    assert!(
        !errors.is_empty() && errors.iter().all(|e| e.contains("is not an arn template")),
        "{errors:?}"
    );
}

/// The CDN pages' ARN table: a second ARN of a resource type exported as a one-cell row of a
/// three-column table, its type and description merged with the row above. `merged_column = 1`
/// with `merged_columns = [3]` reads it: a row short by k cells lacks the first k declared
/// columns.
#[test]
fn a_row_short_by_two_cells_takes_both_declared_columns_from_above() {
    let text = "# Zoo\n\n|Resource type|ARN format|Description|\n|--|--|--|\n|cage|acs:zoo:*:$accountid:cage/$cageId|One cage.|\n|acs:zoo:*:$accountid:cage/*|\n";
    let mut page = Page::new("zoo.en.md", text);
    page.merged_column = Some(1);
    assert_eq!(
        messages(std::slice::from_ref(&page)),
        ["zoo.en.md, table 1 (`Zoo`), row 2, line 6: the row has 1 cells, the header has 3"]
    );
    page.merged_columns = vec![3];
    let spec = scrape(service(), &[page]).unwrap();
    let templates: Vec<(&str, Option<&str>)> = spec
        .arn_templates
        .iter()
        .map(|t| (t.template.as_str(), t.label.as_deref()))
        .collect();
    assert_eq!(
        templates,
        [
            ("acs:zoo:*:$accountid:cage/$cageId", Some("cage")),
            ("acs:zoo:*:$accountid:cage/*", Some("cage")),
        ]
    );
}

/// The Link WAN page's shape: two ARNs of one line joined by a word (`与`, "and"); the request
/// needs both. A joining word anywhere else stays in the value, which then fails as an ARN.
#[test]
fn a_word_joining_two_arns_of_one_line_gives_both() {
    let page = md_page(
        "zoo.zh.md",
        "|UpdateCage|acs:zoo:*:*:cage/* 与 acs:zoo:*:*:food/${foodId}|\n|DeleteCage|acs:zoo:*:*:cage/* and acs:zoo:*:*:broom/*|\n",
    );
    let spec = scrape(service(), &[page]).unwrap();
    let resources: Vec<(&str, Vec<&str>)> = spec
        .actions
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.resources.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        resources,
        [
            (
                "zoo:DeleteCage",
                vec!["acs:zoo:*:*:broom/*", "acs:zoo:*:*:cage/*"]
            ),
            (
                "zoo:UpdateCage",
                vec!["acs:zoo:*:*:cage/*", "acs:zoo:*:*:food/$foodId"]
            ),
        ]
    );
    let dangling = md_page("zoo.zh.md", "|UpdateCage|acs:zoo:*:*:cage/* 与|\n");
    assert_eq!(
        messages(&[dangling]),
        [
            "zoo.zh.md, table 1 (`Zoo`), row 1 (`UpdateCage`), line 5: `acs:zoo:*:*:cage/* 与` is not an arn template: the segment `* 与` mixes literal text with a parameter or a wildcard"
        ]
    );
}

/// The ROS page's shapes: a condition before the ARN on its own line (`当…时：acs:…`), a note
/// glued after an ARN (`…/$id**说明：** …`), and `不鉴权` in an `API | Action | Resource` row,
/// which records the API and an Action that needs no authorization.
#[test]
fn conditions_before_arns_notes_after_them_and_api_rows_that_need_no_authorization() {
    let text = "# Zoo\n\n|API|Action|资源描述|\n|--|--|--|\n\
                |MoveCage|zoo:MoveCage|    -   当Type取值为cage时：acs:zoo:*:*:cage/\\*\n    -   When the type is pen: acs:zoo:*:*:pen/\\* |\n\
                |GetCage|zoo:GetCage|acs:zoo:*:*:cage/$cageId**说明：** 如果指定参数CageId，则需要鉴权。 |\n\
                |DescribeRegions|zoo:DescribeRegions|不鉴权|\n";
    let spec = scrape(service(), &[Page::new("zoo.zh.md", text)]).unwrap();
    let action = |name: &str| spec.actions.iter().find(|a| a.name == name).unwrap();
    assert_eq!(
        action("zoo:MoveCage").resources,
        ["acs:zoo:*:*:cage/*", "acs:zoo:*:*:pen/*"]
    );
    assert_eq!(
        action("zoo:GetCage").resources,
        ["acs:zoo:*:*:cage/$cageId"]
    );
    let regions = action("zoo:DescribeRegions");
    assert!(regions.no_authorization);
    assert!(regions.resources.is_empty());
    assert!(!action("zoo:GetCage").no_authorization);
    let api = spec
        .apis
        .iter()
        .find(|a| a.name == "DescribeRegions")
        .unwrap();
    assert_eq!(api.actions, ["zoo:DescribeRegions"]);
    assert!(api.resources.is_empty());
}

/// The BaaS pages' shape: a table of APIs alone, whose meaning ("authorized by default") only
/// the page's prose gives. Without a declaration it is an error saying what to declare; with
/// `api_list = "no-authorization"` each API is the Action of its name, needing none.
#[test]
fn a_table_of_apis_alone_needs_the_page_to_declare_what_it_means() {
    let text = "# Zoo\n\n## 默认授权的API\n\n|API|\n|---|\n|CheckCageName|\n\n## 鉴权规则\n\n|API|资源描述|\n|:--|:---|\n|UpdateCage|acs:zoo:*:*:cage/*|\n";
    let mut page = Page::new("zoo.zh.md", text);
    assert_eq!(
        messages(std::slice::from_ref(&page)),
        [
            "zoo.zh.md, table 1 (`默认授权的API`), row 1 (`CheckCageName`), line 7: a table of apis alone says nothing of their authorization; declare what the page's prose says of it (`api_list = \"no-authorization\"` in SOURCES.toml)"
        ]
    );
    page.api_list = Some(ram_scrape::ApiListMeaning::NoAuthorization);
    let spec = scrape(service(), &[page]).unwrap();
    let check = spec
        .actions
        .iter()
        .find(|a| a.name == "zoo:CheckCageName")
        .unwrap();
    assert!(check.no_authorization);
    assert_eq!(check.access_level, AccessLevel::Read);
    let feed = spec
        .actions
        .iter()
        .find(|a| a.name == "zoo:UpdateCage")
        .unwrap();
    assert!(!feed.no_authorization);
    assert_eq!(feed.resources, ["acs:zoo:*:*:cage/*"]);
}

/// The DDH page's shape: API names under a `资源类型` (resource type) header, which the page
/// declares (`[page.columns]`); the page documents part of the service (`partial`), so the
/// service's other pages are not reported as missing from it, while what it adds is.
#[test]
fn declared_column_roles_and_partial_pages() {
    let ddh = "# Zoo\n\n|资源类型|授权策略中的资源描述方法|\n|--|--|\n|AllocateCage|acs:zoo:*:*:cage/*|\n|ModifyCage|acs:zoo:*:*:cage/$cageId|\n|acs:zoo:*:*:pen/$penId|\n";
    let main = md_page(
        "zoo.en.md",
        "|GetPen|acs:zoo:*:*:pen/$penId|\n|ModifyCage|acs:zoo:*:*:cage/$cageId|\n",
    );
    let mut part = Page::new("part.zh.md", ddh);
    part.merged_column = Some(1);
    // Read as an ARN table, the API names are labels of templates, and nothing is an Action.
    let undeclared = scrape(service(), &[part.clone()]).unwrap();
    assert!(undeclared.actions.is_empty());
    part.column_roles = vec![("资源类型".into(), ram_scrape::Column::Api)];
    let spec = scrape(service(), &[main.clone(), part.clone()]).unwrap();
    let modify = spec
        .actions
        .iter()
        .find(|a| a.name == "zoo:ModifyCage")
        .unwrap();
    assert_eq!(
        modify.resources,
        ["acs:zoo:*:*:cage/$cageId", "acs:zoo:*:*:pen/$penId"]
    );
    let missing = |spec: &ram_spec::Spec| -> Vec<String> {
        spec.findings
            .iter()
            .filter(|f| f.kind == ram_spec::FindingKind::SourcesDisagree)
            .map(|f| format!("{}: {}", f.subject, f.related.join(", ")))
            .collect()
    };
    // Not partial: `GetPen` is reported as missing from the part page.
    assert_eq!(
        missing(&spec),
        [
            "zoo:AllocateCage: zoo.en.md",
            "zoo:GetPen: part.zh.md",
            "zoo:ModifyCage: "
        ]
    );
    part.partial = true;
    let spec = scrape(service(), &[main, part]).unwrap();
    assert_eq!(
        missing(&spec),
        ["zoo:AllocateCage: zoo.en.md", "zoo:ModifyCage: "]
    );
}

/// The Elasticsearch pages' shapes: an Action of another service in the page's table is an
/// error (refused in `errata.toml` with the reason); relative resources joined by `or` (or `或`
/// without spaces) are each completed with the declared prefix; a region table is kept in the
/// spec's `regions`.
#[test]
fn foreign_actions_relative_alternatives_and_region_tables() {
    let foreign = md_page("zoo.en.md", "|cms:ListAlarm|*|\n|GetCage|*|\n");
    assert_eq!(
        messages(&[foreign]),
        [
            "zoo.en.md, table 1 (`Zoo`), row 1 (`cms:ListAlarm`), line 5: `cms:ListAlarm` is an action of another service than `zoo`; a page of `zoo` cannot document it (refuse the row in errata.toml, saying why the page lists it)"
        ]
    );
    let text = "# Zoo\n\n|Action|Description|ARN|\n|--|--|--|\n\
                |GetCage|Gets a cage.|`cages/* or cages/$cageId`|\n\
                |DeleteCage|删除。|`cages/*或cages/$cageId`|\n\n\
                ## Regions\n\n|Region|Region ID|\n|--|--|\n|China (Hangzhou)|cn-hangzhou|\n";
    let mut page = Page::new("zoo.en.md", text);
    page.resource_prefix = Some("acs:zoo:$regionId:$accountId:".into());
    let spec = scrape(service(), &[page]).unwrap();
    for action in &spec.actions {
        assert_eq!(
            action.resources,
            [
                "acs:zoo:$regionId:$accountId:cages/$cageId",
                "acs:zoo:$regionId:$accountId:cages/*"
            ],
            "{}",
            action.name
        );
    }
    let regions: Vec<(&str, Option<&str>)> = spec
        .regions
        .iter()
        .map(|r| (r.name.as_str(), r.description.as_deref()))
        .collect();
    assert_eq!(regions, [("cn-hangzhou", Some("China (Hangzhou)"))]);
}

/// The DTS and SAE pages' shapes: tables under a declared prose section (console steps, example
/// policies) are counted, not read, and a declared section without a table is an error; an
/// `示例` (example) column of ARNs is prose, not a second ARN column.
#[test]
fn prose_sections_and_example_columns() {
    let text = "# Zoo\n\n## 可授权的资源类型\n\n|资源类型|授权策略中的资源描述方式|示例|\n|--|--|--|\n\
                |Cage|acs:zoo:$regionid:$accountid:cage/$cageid|acs:zoo:cn-hangzhou:123:cage/*|\n\n\
                ## 鉴权规则\n\n|Action|鉴权规则|\n|--|--|\n|GetCage|acs:zoo:$regionid:$accountid:cage/$cageid|\n\n\
                ## 创建策略\n\n|参数|说明|\n|--|--|\n|策略名称|自定义。|\n|备注|自定义。|\n";
    let mut page = Page::new("zoo.zh.md", text);
    assert_eq!(
        messages(std::slice::from_ref(&page)),
        [
            "zoo.zh.md, table 3 (`创建策略`), row 1 (`策略名称`), line 19: `策略名称` is not a valid parameter name",
            "zoo.zh.md, table 3 (`创建策略`), row 2 (`备注`), line 20: `备注` is not a valid parameter name"
        ]
    );
    page.prose_sections = vec!["创建策略".into()];
    let scraped = ram_scrape::scrape_report(
        service(),
        std::slice::from_ref(&page),
        &[],
        &[],
        "errata.toml",
    )
    .unwrap();
    assert_eq!(scraped.pages[0].rows, 2);
    assert_eq!(scraped.pages[0].prose_rows, 2);
    let templates: Vec<&str> = scraped
        .spec
        .arn_templates
        .iter()
        .map(|t| t.template.as_str())
        .collect();
    assert_eq!(templates, ["acs:zoo:$regionid:$accountid:cage/$cageid"]);
    page.prose_sections = vec!["示例策略".into()];
    assert!(
        messages(&[page])
            .iter()
            .any(|m| m.contains("declares the prose section `示例策略`, which holds no table"))
    );
}

/// The MQTT pages' shape: a resource in two valid forms, one ARN column each, beside a label
/// column the page declares a resource type; merged rows short by three and four cells; ARNs
/// without resource type, and two parameters joined by `%`; Actions whose names carry no verb
/// first, whose level comes from the verb their description starts with.
#[test]
fn several_arn_columns_joined_parameters_and_levels_from_descriptions() {
    let text = "# Zoo\n\n|Resource|Naming format \\(with namespace\\)|Naming format \\(no namespace\\)|Action name|Action description|Note|\n\
                |--|--|--|--|--|--|\n\
                |Cage|acs:zoo:\\*:\\*:\\{zooId\\}%\\{cageId\\}|acs:zoo:\\*:\\*:\\{cageId\\}|zoo:ZooCageInfo|Query a cage.|Mind the cage.|\n\
                |zoo:ZooCageDelete|Delete a cage.|None|\n\
                |zoo:ZooCageFrobnicate|Frobnicate a cage.|\n";
    let mut page = Page::new("zoo.en.md", text);
    page.merged_column = Some(1);
    page.merged_columns = vec![2, 3, 6];
    page.column_roles = vec![("Resource".into(), ram_scrape::Column::ResourceType)];
    assert_eq!(
        messages(std::slice::from_ref(&page)),
        [
            "zoo.en.md, table 1 (`Zoo`), row 3 (`zoo:ZooCageFrobnicate`), line 7: cannot infer the access level of `zoo:ZooCageFrobnicate`: no page documents one and its verb is not in the verb table"
        ]
    );
    page.content = page.content.replace("Frobnicate a cage.", "Update a cage.");
    let spec = scrape(service(), &[page]).unwrap();
    let levels: Vec<(&str, AccessLevel, Vec<&str>)> = spec
        .actions
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.access_level,
                a.resources.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let both = vec!["acs:zoo:*:*:$cageId", "acs:zoo:*:*:$zooId%$cageId"];
    assert_eq!(
        levels,
        [
            ("zoo:ZooCageDelete", AccessLevel::Write, both.clone()),
            ("zoo:ZooCageFrobnicate", AccessLevel::Write, both.clone()),
            ("zoo:ZooCageInfo", AccessLevel::Read, both),
        ]
    );
    let names: Vec<&str> = spec.arn_templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["cage", "zoo_cage"]);
}
