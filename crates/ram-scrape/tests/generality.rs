//! The scraper is not tied to Container Registry: a made-up service's pages in three languages
//! and a real page of another product (ECS) scrape by the same rules.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ram_scrape::{Page, ScrapeError, scrape};
use ram_spec::{AccessLevel, Service, Spec};

fn zoo() -> Service {
    Service {
        code: "zoo".into(),
        name: "Zoo".into(),
    }
}

/// An `Action | Resource | Description` page: no API column, no service prefix, several ARNs
/// per cell as a list, one ARN split by `<br>`, columns in an unusual order, an extra column.
const ZOO_ACTIONS: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Zoo auth</title></head><body>
<h1>Zoo authentication rules</h1><h2>Rules</h2>
<table><thead><tr><th>Description</th><th>Resource</th><th>Notes</th><th>Action</th></tr></thead><tbody>
<tr><td><p>Feeds an animal.</p></td>
    <td><ul><li><p>acs:zoo:$regionid:$accountid:cage/$cageId</p></li><li><p>acs:zoo:$regionid:$accountid:animal/$cageId/<br>$animalName</p></li></ul></td>
    <td>internal</td><td><p>UpdateAnimal</p></td></tr>
<tr><td>-</td><td><p>*</p></td><td></td><td><code>zoo:ListCages</code></td></tr>
</tbody></table></body></html>"#;

#[test]
fn action_resource_tables_without_prefix_or_api_column() {
    let spec = scrape(zoo(), &[Page::new("zoo.html", ZOO_ACTIONS)]).unwrap();
    let names: Vec<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["zoo:ListCages", "zoo:UpdateAnimal"]);
    let feed = &spec.actions[1];
    assert_eq!(
        feed.resources,
        [
            "acs:zoo:$regionid:$accountid:animal/$cageId/$animalName",
            "acs:zoo:$regionid:$accountid:cage/$cageId"
        ]
    );
    assert_eq!(feed.description.as_deref(), Some("Feeds an animal."));
    assert_eq!(
        (feed.access_level, feed.access_level_inferred),
        (AccessLevel::Write, true)
    );
    assert_eq!(feed.resource_group_authorization, None);
    assert_eq!(spec.actions[0].resources, ["*"]);
    assert_eq!(spec.actions[0].description, None);
    let templates: Vec<(&str, &str)> = spec
        .arn_templates
        .iter()
        .map(|t| (t.name.as_str(), t.template.as_str()))
        .collect();
    assert_eq!(
        templates,
        [
            (
                "animal",
                "acs:zoo:$regionid:$accountid:animal/$cageId/$animalName"
            ),
            ("cage", "acs:zoo:$regionid:$accountid:cage/$cageId"),
        ]
    );
    assert!(spec.apis.is_empty());
}

fn zoo_api_page(
    lang: &str,
    headings: [&str; 4],
    section: &str,
    levels: [&str; 2],
    labels: [&str; 2],
) -> String {
    format!(
        r#"<html lang="{lang}"><h1>Zoo</h1>
<h2>ARN</h2><table><tr><th>{rt}</th><th>{af}</th></tr>
<tr><td>{l0}</td><td><code>acs:zoo:$regionid:$accountid:cage/$cageid</code></td></tr>
<tr><td>{l1}</td><td>acs:zoo:$regionid:$accountid:cage/$cageid/$pennamename</td></tr></table>
<h2>{section}</h2><table><tr><th>{api}</th><th>{action}</th><th>{res}</th><th>{lvl}</th></tr>
<tr><td>GetCage</td><td>zoo:GetCage</td><td>acs:zoo:$regionid:$accountid:cage/$cageid</td><td>{r}</td></tr>
<tr><td>ListPens</td><td>zoo:ListPens</td><td>acs:zoo:$regionid:$accountid:cage/$cageid/$pennamename</td><td>{w}</td></tr>
</table></html>"#,
        rt = if lang == "en" {
            "Resource type"
        } else if lang == "ja" {
            "リソースタイプ"
        } else {
            "资源类型"
        },
        af = if lang == "en" {
            "ARN format"
        } else if lang == "ja" {
            "ARN フォーマット"
        } else {
            "ARN格式"
        },
        api = headings[0],
        action = headings[1],
        res = headings[2],
        lvl = headings[3],
        r = levels[0],
        w = levels[1],
        l0 = labels[0],
        l1 = labels[1],
    )
}

fn identifiers(spec: &Spec) -> String {
    let apis: Vec<String> = spec
        .apis
        .iter()
        .map(|a| {
            format!(
                "{} {} {:?} {}",
                a.name,
                a.actions_text(),
                a.resources,
                a.access_level
            )
        })
        .collect();
    let templates: Vec<String> = spec
        .arn_templates
        .iter()
        .map(|t| format!("{} {}", t.name, t.template))
        .collect();
    let actions: Vec<String> = spec
        .actions
        .iter()
        .map(|a| {
            format!(
                "{} {:?} {} {}",
                a.name, a.resources, a.access_level, a.access_level_inferred
            )
        })
        .collect();
    format!("{apis:?}\n{templates:?}\n{actions:?}")
}

#[test]
fn the_same_content_in_en_ja_and_zh_gives_the_same_identifiers() {
    let en = zoo_api_page(
        "en",
        [
            "API operation",
            "Authenticated action",
            "Authenticated resource",
            "Access level",
        ],
        "Cages",
        ["Read", "List"],
        ["Cage", "Pen"],
    );
    let ja = zoo_api_page(
        "ja",
        ["API", "Action", "Resource", "アクセスレベル"],
        "ケージ",
        ["読み取り", "リスト"],
        ["ケージ", "ペン"],
    );
    let zh = zoo_api_page(
        "zh",
        ["API", "鉴权Action", "鉴权Resource", "访问级别"],
        "笼子",
        ["读取", "列出"],
        ["笼子", "围栏"],
    );
    let specs: Vec<Spec> = [en, ja, zh]
        .iter()
        .map(|html| scrape(zoo(), &[Page::new("zoo.html", html)]).unwrap())
        .collect();
    assert_eq!(identifiers(&specs[0]), identifiers(&specs[1]));
    assert_eq!(identifiers(&specs[0]), identifiers(&specs[2]));
    let names: Vec<&str> = specs[0]
        .arn_templates
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["cage", "cage_penname"]);
    // The labels are prose and stay in the page's language.
    assert_eq!(specs[1].arn_templates[0].label.as_deref(), Some("ケージ"));
    assert_eq!(specs[2].sources[0].locale, "zh");
}

fn ecs_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    std::env::var_os("RAM_SHARED_DIR")
        .map_or_else(|| root.join("shared"), PathBuf::from)
        .join("data/ecs-authentication-rules")
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read `{}` ({e}); set RAM_SHARED_DIR to the shared/ folder",
            path.display()
        )
    })
}

#[derive(serde::Deserialize)]
struct ExpectedRow {
    action: String,
    resources: Vec<String>,
}

#[test]
fn the_clean_ecs_page_scrapes_to_exactly_its_rows() {
    let dir = ecs_dir();
    let html = read(&dir.join("authentication-rules.clean.en.html"));
    let expected: Vec<ExpectedRow> =
        serde_json::from_str(&read(&dir.join("rows.clean.json"))).unwrap();
    let service = Service {
        code: "ecs".into(),
        name: "Elastic Compute Service".into(),
    };
    let spec = scrape(
        service,
        &[Page::new("authentication-rules.clean.en.html", &html)],
    )
    .unwrap();
    assert_eq!(spec.actions.len(), 73);
    let got: BTreeMap<String, Vec<String>> = spec
        .actions
        .iter()
        .map(|a| (a.name.clone(), a.resources.clone()))
        .collect();
    let mut first_spelling: BTreeMap<String, String> = BTreeMap::new();
    for row in &expected {
        for resource in &row.resources {
            first_spelling
                .entry(resource.to_ascii_lowercase())
                .or_insert_with(|| resource.clone());
        }
    }
    let want: BTreeMap<String, Vec<String>> = expected
        .into_iter()
        .map(|row| {
            // A parameter spelled in two cases on the page (`$keyPairName`, `$keypairName`)
            // is one parameter, spelled as the page first writes it.
            let mut resources: Vec<String> = row
                .resources
                .iter()
                .map(|r| {
                    first_spelling
                        .get(&r.to_ascii_lowercase())
                        .cloned()
                        .unwrap_or_else(|| r.clone())
                })
                .collect();
            resources.sort();
            resources.dedup();
            (format!("ecs:{}", row.action), resources)
        })
        .collect();
    assert_eq!(got, want);
    // ARNs of another service in a cell are kept as documented.
    assert!(
        spec.arn_templates
            .iter()
            .any(|t| t.structure.service == "vpc")
    );
}

#[test]
fn the_published_ecs_page_is_refused_naming_each_defective_row() {
    let html = read(&ecs_dir().join("authentication-rules.en.html"));
    let service = Service {
        code: "ecs".into(),
        name: "ECS".into(),
    };
    let errors = scrape(service, &[Page::new("ecs.html", &html)])
        .unwrap_err()
        .0;
    let rows: Vec<(usize, String)> = errors
        .iter()
        .map(|e| {
            assert!(matches!(e, ScrapeError::BadArn { .. }), "{e}");
            let at = e.location();
            (
                at.row.unwrap_or_default(),
                at.key.clone().unwrap_or_default(),
            )
        })
        .collect();
    let keys: Vec<&str> = rows.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(keys.len(), 4, "{rows:?}");
    // The truncated ARN and the three `$resourceType` rows. The `(Optional)` mark before an ARN
    // of `CreateInstance` is vocabulary now (`OPTIONAL_MARKERS`), so that row is read.
    assert!(keys.contains(&"ModifyPrepayInstanceSpec"), "{rows:?}");
    assert!(!keys.contains(&"CreateInstance"), "{rows:?}");
    for error in &errors {
        assert!(
            error
                .to_string()
                .starts_with("ecs.html, table 1 (`Authentication list`), row "),
            "{error}"
        );
    }
}

/// A header the vocabulary does not know (`Authorization rule`) or one that lies about its
/// column (`Description` over ARNs): the cells show the role, and the table is recognized.
#[test]
fn cell_content_confirms_a_role_where_the_header_is_unknown_or_lies() {
    let page = |second: &str| {
        format!(
            "<h2>Rules</h2><table><tr><th>Action</th><th>{second}</th></tr>\
             <tr><td>zoo:GetCage</td><td>acs:zoo:*:*:cage/$cageId</td></tr>\
             <tr><td>zoo:ListCages</td><td>*</td></tr></table>"
        )
    };
    for second in ["Authorization rule", "Description", ""] {
        let spec = scrape(zoo(), &[Page::new("zoo.html", &page(second))]).unwrap();
        let actions: Vec<(&str, &[String])> = spec
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a.resources.as_slice()))
            .collect();
        assert_eq!(
            actions,
            [
                ("zoo:GetCage", &["acs:zoo:*:*:cage/$cageId".to_owned()][..]),
                ("zoo:ListCages", &["*".to_owned()][..]),
            ],
            "{second}"
        );
        assert_eq!(spec.actions[0].description, None, "{second}");
    }
}

/// Content only fills in roles; prose under an unknown header leaves the table unknown.
#[test]
fn prose_under_unknown_headers_is_still_an_unknown_table() {
    let html = "<table><tr><th>Action</th><th>Rule</th></tr>\
                <tr><td>zoo:GetCage</td><td>anyone may look</td></tr></table>";
    let errors = scrape(zoo(), &[Page::new("zoo.html", html)]).unwrap_err().0;
    assert!(
        matches!(errors.as_slice(), [ScrapeError::UnknownHeaders { .. }]),
        "{errors:?}"
    );
}

/// A product page never seen before, in zh, in the vendor's Markdown export (a made-up
/// product): the ARN table, an `API | 鉴权规则` table whose APIs are their own Actions, a cell
/// spread over several lines as a bullet list, `{#regionId}` and `\*`, an `（可选）` mark. It goes
/// through with no code change: every shape here is vocabulary.
#[test]
fn a_made_up_zh_product_page_goes_through_with_no_code_change() {
    let page = "# 熊猫云RAM鉴权 {#concept_panda .concept}\n\n\
        RAM 用户调用熊猫云 API 前需要授权。\n\n\
        ## 资源类型 {#section_a}\n\n\
        |资源类型|授权策略中的资源描述方法|\n\
        |:---|:---|\n\
        |竹林|acs:panda:{#regionId}:$accountid:grove/$groveId|\n\
        |熊猫|acs:panda:$regionid:$accountid:grove/$groveId/panda/$pandaId|\n\n\
        ## API 鉴权规则\n\n\
        |API|鉴权规则|\n\
        |---|--------|\n\
        |CreateGrove|acs:panda:$regionid:$accountid:grove/\\*|\n\
        |UpdatePanda| -   acs:panda:$regionid:$accountid:grove/$groveId\n\
        -   （可选）acs:panda:$regionid:$accountid:grove/$groveId/panda/$pandaId\n\n |\n\
        |ListGroves|\\*|\n";
    let service = Service {
        code: "panda".into(),
        name: "熊猫云".into(),
    };
    let spec = scrape(service, &[Page::new("ram-authorization.zh.md", page)]).unwrap();
    assert_eq!(spec.sources[0].title, "熊猫云RAM鉴权");
    let actions: Vec<(&str, Vec<&str>)> = spec
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
        actions,
        [
            (
                "panda:CreateGrove",
                vec!["acs:panda:$regionid:$accountid:grove/*"]
            ),
            ("panda:ListGroves", vec!["*"]),
            (
                "panda:UpdatePanda",
                vec![
                    // One parameter in two spellings: the ARN table's, read first, is kept.
                    "acs:panda:$regionId:$accountid:grove/$groveId",
                    "acs:panda:$regionid:$accountid:grove/$groveId/panda/$pandaId"
                ]
            ),
        ]
    );
    let documented: Vec<(&str, &str)> = spec
        .arn_templates
        .iter()
        .filter(|t| !t.documented.is_empty())
        .map(|t| (t.template.as_str(), t.label.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(
        documented,
        [
            ("acs:panda:$regionId:$accountid:grove/$groveId", "竹林"),
            (
                "acs:panda:$regionid:$accountid:grove/$groveId/panda/$pandaId",
                "熊猫"
            ),
        ]
    );
}
