//! The vocabulary of table recognition, held as data: the header words of each column role per
//! locale, the roles each table kind needs, and the cell shapes that confirm a role from content.
//!
//! Recognizing a new page's tables should mean adding a row here, not a branch in code.

use std::fmt;

/// The role of a column: what it holds, whatever language its header is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// API operation name.
    Api,
    /// RAM Action.
    Action,
    /// Resource ARN pattern(s).
    Resource,
    /// Access level word.
    AccessLevel,
    /// Resource type label.
    ResourceType,
    /// Resources named by the labels of the page's own ARN table (`Key`, `Alias and key`):
    /// a `Resource type` column beside an Action or API column.
    ResourceTypeName,
    /// ARN format.
    ArnFormat,
    /// ARN parameter.
    Parameter,
    /// Prose description.
    Description,
    /// Cloud service (product name).
    CloudService,
    /// Cloud service code.
    CloudServiceCode,
    /// Resource-group resource type (`code : description`).
    Type,
    /// Whether an Action is read-only (`Yes`/`No`, `是`/`否`): its access level.
    ReadOnly,
    /// A system policy name.
    Policy,
    /// A condition key.
    ConditionKey,
    /// A region ID (`cn-hangzhou`).
    RegionId,
    /// An example value (`示例`: `acs:dts:cn-hangzhou:1234567890123:instance/*`): prose, never
    /// data, however much its cells look like ARNs.
    Example,
}

impl Column {
    /// Recognizes a header cell by the vocabulary ([`HEADER_WORDS`]); `None` for an extra
    /// column, which is ignored.
    #[must_use]
    pub fn from_header(text: &str) -> Option<Self> {
        role_of_header(text)
    }

    /// Every role, for messages and `SOURCES.toml` validation.
    pub const ALL: [Self; 17] = [
        Self::Api,
        Self::Action,
        Self::Resource,
        Self::AccessLevel,
        Self::ResourceType,
        Self::ResourceTypeName,
        Self::ArnFormat,
        Self::Parameter,
        Self::Description,
        Self::CloudService,
        Self::CloudServiceCode,
        Self::Type,
        Self::ReadOnly,
        Self::Policy,
        Self::ConditionKey,
        Self::RegionId,
        Self::Example,
    ];

    /// Parses the name a role has in messages and in `SOURCES.toml` (`api`, `arn format`).
    ///
    /// ```
    /// use ram_scrape::Column;
    /// assert_eq!(Column::from_name("api"), Some(Column::Api));
    /// assert_eq!(Column::from_name("arn format"), Some(Column::ArnFormat));
    /// assert_eq!(Column::from_name("apis"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.to_string() == name)
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Api => "api",
            Self::Action => "action",
            Self::Resource => "resource",
            Self::AccessLevel => "access level",
            Self::ResourceType => "resource type",
            Self::ResourceTypeName => "resource type name",
            Self::ArnFormat => "arn format",
            Self::Parameter => "parameter",
            Self::Description => "description",
            Self::CloudService => "cloud service",
            Self::CloudServiceCode => "cloud service code",
            Self::Type => "type",
            Self::ReadOnly => "read-only",
            Self::Policy => "policy",
            Self::ConditionKey => "condition key",
            Self::RegionId => "region id",
            Self::Example => "example",
        })
    }
}

/// The shapes of table the scraper understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableKind {
    /// Resource type | ARN format.
    ArnFormats,
    /// Parameter | Description.
    ArnParameters,
    /// API | Action | Resource [| Access level].
    ApiActions,
    /// Action | Resource [| Access level] [| Description]: one row per Action, no API column.
    ActionResources,
    /// [Cloud service |] Cloud service code | Type.
    RgResourceTypes,
    /// Action | Description on a resource-group page: the Actions without RG-level authorization.
    RgUnsupportedActions,
    /// Resource | Description without an Action column: the resources the page's Actions are
    /// authorized on.
    ResourceList,
    /// Policy | Description: the service's system policies.
    SystemPolicies,
    /// Condition | Description: the condition keys of the service's policies.
    ConditionKeys,
    /// Region ID [| Region]: the regions the service's pages list (where it is offered); kept
    /// in the spec's `regions`, not authorization data.
    Regions,
    /// API alone: a list of APIs whose meaning the page's prose gives, declared by
    /// `api_list` in `SOURCES.toml` (`no-authorization`: the Actions of their names need
    /// none).
    ApiList,
}

impl TableKind {
    /// Every kind, for messages and `SOURCES.toml` validation.
    pub const ALL: [Self; 11] = [
        Self::ArnFormats,
        Self::ArnParameters,
        Self::ApiActions,
        Self::ActionResources,
        Self::RgResourceTypes,
        Self::RgUnsupportedActions,
        Self::ResourceList,
        Self::SystemPolicies,
        Self::ConditionKeys,
        Self::Regions,
        Self::ApiList,
    ];

    /// The name used in `SOURCES.toml` (`api-actions`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::ArnFormats => "arn-formats",
            Self::ArnParameters => "arn-parameters",
            Self::ApiActions => "api-actions",
            Self::ActionResources => "action-resources",
            Self::RgResourceTypes => "rg-resource-types",
            Self::RgUnsupportedActions => "rg-unsupported-actions",
            Self::ResourceList => "resource-list",
            Self::SystemPolicies => "system-policies",
            Self::ConditionKeys => "condition-keys",
            Self::Regions => "regions",
            Self::ApiList => "api-list",
        }
    }

    /// Parses a `SOURCES.toml` name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// A header text that names a column role, in one locale. Headers are compared with all
/// whitespace removed and in lowercase ([`header_key`]), so `ARN フォーマット` and
/// `ARNフォーマット` are one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderWord {
    /// The locale the vendor writes it in (`en`, `ja`, `zh`); pages mix them, so every word is
    /// tried on every page.
    pub locale: &'static str,
    /// The header text, already in the form [`header_key`] gives.
    pub word: &'static str,
    /// The role it names.
    pub role: Column,
}

const fn word(locale: &'static str, word: &'static str, role: Column) -> HeaderWord {
    HeaderWord { locale, word, role }
}

/// Every header word the scraper knows.
pub const HEADER_WORDS: &[HeaderWord] = &[
    word("en", "api", Column::Api),
    word("en", "apioperation", Column::Api),
    word("en", "apiname", Column::Api),
    word("en", "operation", Column::Api),
    word("ja", "api名", Column::Api),
    word("ja", "apiオペレーション", Column::Api),
    word("zh", "api操作", Column::Api),
    word("zh", "接口", Column::Api),
    word("en", "action", Column::Action),
    word("en", "authenticatedaction", Column::Action),
    word("en", "ramaction", Column::Action),
    word("zh", "鉴权action", Column::Action),
    word("zh", "授权action", Column::Action),
    word("zh", "操作", Column::Action),
    word("ja", "アクション", Column::Action),
    word("en", "resource", Column::Resource),
    word("en", "authenticatedresource", Column::Resource),
    word("zh", "鉴权resource", Column::Resource),
    word("zh", "授权resource", Column::Resource),
    word("ja", "リソース", Column::Resource),
    word("zh", "资源", Column::Resource),
    word("en", "accesslevel", Column::AccessLevel),
    word("ja", "アクセスレベル", Column::AccessLevel),
    word("zh", "访问级别", Column::AccessLevel),
    word("en", "resourcetype", Column::ResourceType),
    word("ja", "リソースタイプ", Column::ResourceType),
    word("zh", "资源类型", Column::ResourceType),
    word("en", "arnformat", Column::ArnFormat),
    word("ja", "arnフォーマット", Column::ArnFormat),
    word("ja", "arn形式", Column::ArnFormat),
    word("zh", "arn格式", Column::ArnFormat),
    word("en", "parameter", Column::Parameter),
    word("en", "parameters", Column::Parameter),
    word("ja", "パラメーター", Column::Parameter),
    word("ja", "パラメータ", Column::Parameter),
    word("zh", "参数", Column::Parameter),
    word("en", "description", Column::Description),
    word("ja", "説明", Column::Description),
    word("zh", "描述", Column::Description),
    word("zh", "说明", Column::Description),
    word("en", "cloudservice", Column::CloudService),
    word("ja", "クラウドサービス", Column::CloudService),
    word("zh", "云服务", Column::CloudService),
    word("en", "cloudservicecode", Column::CloudServiceCode),
    word("en", "servicecode", Column::CloudServiceCode),
    word("ja", "クラウドサービスコード", Column::CloudServiceCode),
    word("zh", "云服务代码", Column::CloudServiceCode),
    word("en", "type", Column::Type),
    // Region tables (`Region | Region ID`, `地域 | 区域 | 区域ID`): the region's name is its
    // description.
    word("en", "regionid", Column::RegionId),
    word("zh", "区域id", Column::RegionId),
    word("zh", "地域id", Column::RegionId),
    word("en", "region", Column::Description),
    word("en", "elasticsearchregion", Column::Description),
    word("zh", "区域", Column::Description),
    word("en", "example", Column::Example),
    word("en", "examples", Column::Example),
    word("zh", "示例", Column::Example),
    // The Markdown sources of the vendor's repositories (2018-2021) name the same columns in
    // other words: an ARN column is an "authorization rule", a "syntax" or a "resource
    // description"; [`ROLE_RULES`] then tells an ARN-format column from a resource column by the
    // columns beside it.
    word("en", "authorizationrule", Column::Resource),
    word("en", "authenticationrule", Column::Resource),
    word("en", "authorizationaction", Column::Action),
    word("en", "authorizationresource", Column::Resource),
    word("en", "resourceformat", Column::Resource),
    word("en", "syntax", Column::Resource),
    word("en", "arn", Column::Resource),
    word(
        "en",
        "descriptionmethodinauthorizationpolicy",
        Column::Resource,
    ),
    word("en", "actions", Column::Action),
    word("en", "resources", Column::Resource),
    word("zh", "鉴权规则", Column::Resource),
    word("zh", "资源描述", Column::Resource),
    word("zh", "完整资源描述", Column::Resource),
    word("zh", "授权策略中的资源描述", Column::Resource),
    word("zh", "授权策略中的资源描述方法", Column::Resource),
    word("zh", "授权策略中的资源描述方式", Column::Resource),
    word(
        "zh",
        "授权策略中的资源描述方式（arn格式）",
        Column::Resource,
    ),
    word("zh", "资源名称（resource）", Column::Resource),
    word("zh", "访问的资源", Column::Resource),
    word("zh", "鉴权规则（resource）", Column::Resource),
    word("zh", "动作（action）", Column::Action),
    word("zh", "操作名称（action）", Column::Action),
    word("zh", "api方法", Column::Api),
    word("zh", "kms接口", Column::Api),
    word("en", "apioperation/action", Column::Api),
    word("zh", "api名称/action", Column::Api),
    word("ja", "タイプ", Column::Type),
    word("zh", "类型", Column::Type),
    word("en", "read-onlyornot", Column::ReadOnly),
    word("en", "read-only", Column::ReadOnly),
    word("zh", "是否为只读类权限", Column::ReadOnly),
    word("zh", "是否只读", Column::ReadOnly),
    word("zh", "action名称", Column::Action),
    // Message Queue for MQTT: an Action's resource in two valid forms, one column each.
    word("en", "actionname", Column::Action),
    word("en", "actiondescription", Column::Description),
    word("zh", "action说明", Column::Description),
    word("en", "namingformat(withnamespace)", Column::Resource),
    word("en", "namingformat(nonamespace)", Column::Resource),
    word("zh", "命名格式（有命名空间）", Column::Resource),
    word("zh", "命名格式（无命名空间）", Column::Resource),
    word("en", "permissiondescription", Column::Description),
    word("zh", "权限说明", Column::Description),
    word("en", "policy", Column::Policy),
    word("en", "policyname", Column::Policy),
    word("en", "systempolicy", Column::Policy),
    word("zh", "权限策略名称", Column::Policy),
    word("zh", "策略名称", Column::Policy),
    word("zh", "策略", Column::Policy),
    word("zh", "系统策略", Column::Policy),
    word("en", "condition", Column::ConditionKey),
    word("en", "conditionkey", Column::ConditionKey),
    word("zh", "条件", Column::ConditionKey),
    word("zh", "条件关键字", Column::ConditionKey),
    word("zh", "条件名称", Column::ConditionKey),
];

/// The words of a read-only column and the access level each gives: a read-only Action
/// reads, any other writes.
pub const READ_ONLY_WORDS: &[(&str, bool)] =
    &[("yes", true), ("no", false), ("是", true), ("否", false)];

/// A rule that gives a column another role by the roles of the columns beside it: the vendor
/// uses one header word for an ARN-format column and a resource column, and the columns beside
/// it tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRule {
    /// The role the header names.
    pub from: Column,
    /// The role the column takes instead.
    pub to: Column,
    /// The table has at least one of these roles (empty: no condition).
    pub with_any: &'static [Column],
    /// The table has none of these roles.
    pub without: &'static [Column],
}

/// The role rules, applied once to the roles the headers name, all at once.
pub const ROLE_RULES: &[RoleRule] = &[
    // `Resource type | Resource description` lists the ARN formats of the resource types.
    RoleRule {
        from: Column::Resource,
        to: Column::ArnFormat,
        with_any: &[Column::ResourceType],
        without: &[Column::Action, Column::Api],
    },
    // `Action | Description | ARN format` gives each Action's resources.
    RoleRule {
        from: Column::ArnFormat,
        to: Column::Resource,
        with_any: &[Column::Action, Column::Api],
        without: &[Column::ResourceType],
    },
    // `Operation | Action | Resource type` (KMS) names each row's resources by the labels of the
    // page's ARN table.
    RoleRule {
        from: Column::ResourceType,
        to: Column::ResourceTypeName,
        with_any: &[Column::Action, Column::Api],
        without: &[Column::Resource, Column::ArnFormat],
    },
    // `API | Resource description` without an Action column: these pages authorize each API as
    // the Action of the same name, so the API column is the Action column.
    RoleRule {
        from: Column::Api,
        to: Column::Action,
        with_any: &[Column::Resource],
        without: &[Column::Action],
    },
];

/// The roles after [`ROLE_RULES`]: every rule sees the roles as the headers name them.
#[must_use]
pub fn resolve_roles(roles: &[Option<Column>]) -> Vec<Option<Column>> {
    let present: Vec<Column> = roles.iter().flatten().copied().collect();
    roles
        .iter()
        .map(|role| {
            let role = (*role)?;
            let rule = ROLE_RULES.iter().find(|rule| {
                rule.from == role
                    && (rule.with_any.is_empty()
                        || rule.with_any.iter().any(|c| present.contains(c)))
                    && !rule.without.iter().any(|c| present.contains(c))
            });
            Some(rule.map_or(role, |rule| rule.to))
        })
        .collect()
}

/// Words before an ARN in a resource cell that say the resource is checked only when the request
/// names it (`(Optional) acs:ecs:...`); the ARN is kept, the word is layout.
pub const OPTIONAL_MARKERS: &[&str] = &["(Optional)", "\\(Optional\\)", "（可选）", "(可选)"];

/// Whether a line of a resource cell is a label of the ARN on the next line (`VPC:`,
/// `Virtual Border Router (VBR):`, `VPC网络实例规则：`): prose that ends with a colon, is no ARN,
/// and is followed by one. The label is layout; the ARN is read. A colon-ended line that no ARN
/// follows is not a label, and fails as the ARN it is not.
///
/// ```
/// use ram_scrape::is_resource_label;
/// assert!(is_resource_label("VPC:", Some("acs:vpc:$regionid:$accountid:vpc/$vpcid")));
/// assert!(is_resource_label("VBR网络实例规则：", Some("acs:vpc:*:*:virtualborderrouter/*")));
/// assert!(!is_resource_label("VPC:", None));
/// assert!(!is_resource_label("acs:cen:*:$accountid:", Some("ceninstance/*")));
/// ```
#[must_use]
pub fn is_resource_label(line: &str, next: Option<&str>) -> bool {
    (line.ends_with(':') || line.ends_with('：'))
        && !line.contains("acs:")
        && next.is_some_and(|next| next.starts_with("acs:"))
}

/// How a note inside a cell begins (`Note: The permissions on kms:Decrypt are required only
/// when …`, `说明： 仅当…`): the line is prose about the values above it, not a value.
pub const NOTE_MARKERS: &[&str] = &["Note:", "Notice:", "说明：", "说明:", "注意：", "注意:"];

/// Whether a line of a cell is a note ([`NOTE_MARKERS`]).
///
/// ```
/// use ram_scrape::is_note;
/// assert!(is_note("Note: The permissions on kms:Decrypt are required only when …"));
/// assert!(is_note("说明： 仅当您使用自己创建的CMK作为通用凭据的加密主密钥时，需要验证kms:Decrypt。"));
/// assert!(!is_note("kms:Decrypt"));
/// ```
#[must_use]
pub fn is_note(line: &str) -> bool {
    NOTE_MARKERS.iter().any(|marker| line.starts_with(marker))
}

/// Where a note begins inside a line ([`NOTE_MARKERS`]): at its start, or after the value
/// it qualifies when the export glued the two (`acs:…/$templateid说明： 如果…`).
///
/// ```
/// use ram_scrape::note_start;
/// assert_eq!(note_start("acs:ros:*:*:template/$id说明： 如果指定参数TemplateId，则需要鉴权。"), Some(24));
/// assert_eq!(note_start("Note: only when …"), Some(0));
/// assert_eq!(note_start("acs:ros:*:*:template/$id"), None);
/// ```
#[must_use]
pub fn note_start(line: &str) -> Option<usize> {
    NOTE_MARKERS
        .iter()
        .filter_map(|marker| line.find(marker))
        .min()
}

/// The ARN of a line that puts its label before it (`当ChangeSetType取值为CREATE时：acs:ros:…`,
/// `VPC: acs:vpc:…`): the text from `acs:` on when what precedes it ends with a colon and holds
/// no ARN; otherwise the line unchanged. A label on a line of its own is
/// [`is_resource_label`].
///
/// ```
/// use ram_scrape::strip_resource_label;
/// assert_eq!(strip_resource_label("当ResourceType取值为stack时：acs:ros:*:*:stack/*"), "acs:ros:*:*:stack/*");
/// assert_eq!(strip_resource_label("When the type is stack: acs:ros:*:*:stack/*"), "acs:ros:*:*:stack/*");
/// assert_eq!(strip_resource_label("acs:ros:*:*:stack/*"), "acs:ros:*:*:stack/*");
/// assert_eq!(strip_resource_label("ACS: ECs: $ regionid"), "ACS: ECs: $ regionid");
/// ```
#[must_use]
pub fn strip_resource_label(line: &str) -> &str {
    match line.find("acs:") {
        Some(start) if start > 0 => {
            let label = line[..start].trim_end();
            if label.ends_with(':') || label.ends_with('：') {
                &line[start..]
            } else {
                line
            }
        }
        _ => line,
    }
}

/// Words that join several resource type names in one cell (`Alias and key`, `Key or
/// secret`, `别名和密钥`); either way the row needs each type's ARN.
pub const RESOURCE_TYPE_JOINERS: &[&str] = &[" and ", " or ", "和", "或"];

/// Words that stand between two ARNs of one line of a resource cell and join them
/// (`acs:linkwan:*:*:gateway-tuple/* 与 acs:linkwan:*:*:gateway-tuple-order/${orderId}`): the
/// request needs both, so the row gets both ARNs. With `or` (`instances/* or
/// instances/$instanceId`) the request is checked against one of them, depending on the call;
/// the row lists both, as for several ARNs in one cell, never fewer than the page names. A
/// cell is split at a joiner only between two values (Chinese writes them without spaces); a
/// joiner at either end stays in the value, which then fails to parse as an ARN.
pub const ARN_JOINERS: &[&str] = &["与", "和", "及", "以及", "and", "or", "或"];

/// A resource type cell that names no type (`None`, `无`): the operation acts on no resource,
/// so it is authorized on `*`. Compared in lowercase.
pub const NO_RESOURCE_TYPE_WORDS: &[&str] = &["none", "无", "n/a"];

/// What a resource cell says when an Action needs no authorization, compared in lowercase with
/// a final period dropped: the row is recorded as such (no resources), not read as an ARN.
pub const NO_AUTHORIZATION_PHRASES: &[&str] = &[
    "no authentication required",
    "no authorization required",
    "authorization is not required",
    "无需鉴权",
    "无需授权",
    "不需要鉴权",
    "不鉴权",
    "不进行ram鉴权",
    "该接口不进行ram鉴权",
];

/// Whether a resource cell says that no authorization is needed.
#[must_use]
pub fn says_no_authorization(text: &str) -> bool {
    let key = text.trim().trim_end_matches(['.', '。']).to_lowercase();
    NO_AUTHORIZATION_PHRASES.contains(&key.as_str())
}

/// A header cell in the form the vocabulary is written in: whitespace removed, lowercase.
#[must_use]
pub fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// The role a header names, or `None` for a header the vocabulary does not know.
#[must_use]
pub fn role_of_header(text: &str) -> Option<Column> {
    let key = header_key(text);
    HEADER_WORDS
        .iter()
        .find(|entry| entry.word == key)
        .map(|entry| entry.role)
}

/// Which roles make a table of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindRule {
    /// The kind.
    pub kind: TableKind,
    /// Roles the table must have.
    pub requires: &'static [Column],
    /// Roles the table must not have.
    pub forbids: &'static [Column],
    /// Whether the kind exists only on a page that documents resource groups, which is what
    /// gives an `Action | Description` table its meaning.
    pub rg_page_only: bool,
}

/// The kinds in the order they are tried; the first whose rule the table's roles satisfy wins.
pub const KIND_RULES: &[KindRule] = &[
    KindRule {
        kind: TableKind::ApiActions,
        requires: &[Column::Api, Column::Action, Column::Resource],
        forbids: &[],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ActionResources,
        requires: &[Column::Action, Column::Resource],
        forbids: &[Column::Api],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ApiActions,
        requires: &[Column::Api, Column::Action, Column::ResourceTypeName],
        forbids: &[],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ActionResources,
        requires: &[Column::Action, Column::ResourceTypeName],
        forbids: &[Column::Api],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ArnFormats,
        requires: &[Column::ArnFormat, Column::ResourceType],
        forbids: &[],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ArnParameters,
        requires: &[Column::Parameter, Column::Description],
        forbids: &[],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::RgResourceTypes,
        requires: &[Column::CloudServiceCode, Column::Type],
        forbids: &[],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::RgUnsupportedActions,
        requires: &[Column::Action],
        forbids: &[Column::Resource, Column::Api],
        rg_page_only: true,
    },
    // An Action list without resources (`Action | Description`, `Action | Permission
    // description | Read-only or not`) on a page that does not document resource groups. An
    // Action column beside only unknown columns stays unknown: its prose would be lost.
    KindRule {
        kind: TableKind::ActionResources,
        requires: &[Column::Action, Column::Description],
        forbids: &[Column::Resource, Column::Api, Column::ResourceTypeName],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ActionResources,
        requires: &[Column::Action, Column::ReadOnly],
        forbids: &[Column::Resource, Column::Api, Column::ResourceTypeName],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ResourceList,
        requires: &[Column::Resource],
        forbids: &[Column::Action, Column::Api, Column::ResourceType],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::ConditionKeys,
        requires: &[Column::ConditionKey],
        forbids: &[Column::Action, Column::Api, Column::Resource],
        rg_page_only: false,
    },
    // `API | Action` without resources (OSS): the APIs' Actions; the resources are prose.
    KindRule {
        kind: TableKind::ApiActions,
        requires: &[Column::Api, Column::Action],
        forbids: &[Column::Resource, Column::ResourceTypeName],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::SystemPolicies,
        requires: &[Column::Policy],
        forbids: &[Column::Action, Column::Api, Column::Resource],
        rg_page_only: false,
    },
    KindRule {
        kind: TableKind::Regions,
        requires: &[Column::RegionId],
        forbids: &[Column::Action, Column::Api, Column::Resource],
        rg_page_only: false,
    },
    // `API` alone (the BaaS pages' "APIs authorized by default"): what the list means is in
    // the page's prose, so the page declares it (`api_list` in `SOURCES.toml`).
    KindRule {
        kind: TableKind::ApiList,
        requires: &[Column::Api],
        forbids: &[
            Column::Action,
            Column::Resource,
            Column::ResourceTypeName,
            Column::Description,
            Column::AccessLevel,
        ],
        rg_page_only: false,
    },
];

/// The kind a set of roles makes, if any.
#[must_use]
pub fn kind_of(roles: &[Column], rg_page: bool) -> Option<TableKind> {
    KIND_RULES
        .iter()
        .find(|rule| {
            (rg_page || !rule.rg_page_only)
                && rule.requires.iter().all(|role| roles.contains(role))
                && !rule.forbids.iter().any(|role| roles.contains(role))
        })
        .map(|rule| rule.kind)
}

/// A cell shape that shows what a column holds whatever its header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellShape {
    /// `*` or an ARN (`acs:...`).
    Arn,
    /// A qualified Action (`service:Name`).
    QualifiedAction,
}

impl CellShape {
    /// Whether one line of a cell has this shape.
    #[must_use]
    pub fn fits(self, line: &str) -> bool {
        match self {
            Self::Arn => line == "*" || line.starts_with("acs:"),
            Self::QualifiedAction => line.split_once(':').is_some_and(|(service, name)| {
                !service.is_empty()
                    && service
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            }),
        }
    }
}

/// The roles content can confirm, and the shape every line of such a column has. A column is
/// given a role from content only when its header names no role, or names one of
/// [`OVERRIDABLE_ROLES`] while every line below it has a data shape (a `Description` header
/// over a column of ARNs).
pub const CONTENT_ROLES: &[(CellShape, Column)] = &[
    (CellShape::Arn, Column::Resource),
    (CellShape::QualifiedAction, Column::Action),
];

/// Header roles that content may override: prose headers that the vendor puts over data.
pub const OVERRIDABLE_ROLES: &[Column] = &[Column::Description];

/// The role a column's cells show: every non-empty line of every body cell has one shape, and
/// there is at least one such line.
#[must_use]
pub fn role_from_content<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<Column> {
    let lines: Vec<&str> = lines.into_iter().filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return None;
    }
    CONTENT_ROLES
        .iter()
        .find(|(shape, _)| lines.iter().all(|line| shape.fits(line)))
        .map(|(_, role)| *role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognized_in_three_languages_and_any_spacing() {
        assert_eq!(
            Column::from_header("Authenticated action"),
            Some(Column::Action)
        );
        assert_eq!(Column::from_header("鉴权Action"), Some(Column::Action));
        assert_eq!(
            Column::from_header("ARN フォーマット"),
            Some(Column::ArnFormat)
        );
        assert_eq!(
            Column::from_header("ARNフォーマット"),
            Some(Column::ArnFormat)
        );
        assert_eq!(Column::from_header("访问级别"), Some(Column::AccessLevel));
        assert_eq!(
            Column::from_header("Cloud service code"),
            Some(Column::CloudServiceCode)
        );
        assert_eq!(Column::from_header("Notes"), None);
    }

    #[test]
    fn one_header_word_names_an_arn_format_or_a_resource_by_its_neighbours() {
        use Column::{Action, Api, ArnFormat, Description, Resource, ResourceType};
        let roles = |headers: &[&str]| {
            let named: Vec<Option<Column>> =
                headers.iter().map(|h| Column::from_header(h)).collect();
            resolve_roles(&named)
        };
        assert_eq!(
            roles(&["资源类型", "资源描述"]),
            [Some(ResourceType), Some(ArnFormat)]
        );
        assert_eq!(roles(&["API", "资源描述"]), [Some(Action), Some(Resource)]);
        assert_eq!(
            roles(&["Action", "Description", "ARN format"]),
            [Some(Action), Some(Description), Some(Resource)]
        );
        assert_eq!(
            roles(&["API", "Action", "Resource"]),
            [Some(Api), Some(Action), Some(Resource)]
        );
        assert_eq!(
            roles(&["Resource type", "ARN format"]),
            [Some(ResourceType), Some(ArnFormat)]
        );
    }

    #[test]
    fn table_kinds_round_trip_their_names() {
        for kind in TableKind::ALL {
            assert_eq!(TableKind::from_name(kind.name()), Some(kind));
        }
    }

    #[test]
    fn every_header_word_is_in_key_form_and_names_one_role() {
        for entry in HEADER_WORDS {
            assert_eq!(header_key(entry.word), entry.word, "{entry:?}");
            assert!(["en", "ja", "zh"].contains(&entry.locale), "{entry:?}");
            let roles: Vec<Column> = HEADER_WORDS
                .iter()
                .filter(|other| other.word == entry.word)
                .map(|other| other.role)
                .collect();
            assert_eq!(roles, [entry.role], "{entry:?}");
        }
    }

    #[test]
    fn every_table_kind_has_a_rule_and_resources_may_be_named_by_type() {
        for kind in TableKind::ALL {
            let rules = KIND_RULES.iter().filter(|rule| rule.kind == kind).count();
            assert!(rules >= 1, "{kind:?}");
        }
        use Column::{Action, Api, ResourceType, ResourceTypeName};
        assert_eq!(
            resolve_roles(&[Some(Api), Some(Action), Some(ResourceType)]),
            [Some(Api), Some(Action), Some(ResourceTypeName)]
        );
        assert_eq!(
            kind_of(&[Api, Action, ResourceTypeName], false),
            Some(TableKind::ApiActions)
        );
        assert_eq!(
            kind_of(&[Action, ResourceTypeName], false),
            Some(TableKind::ActionResources)
        );
    }

    #[test]
    fn a_kind_follows_from_the_roles_a_table_has() {
        use Column::{Action, Api, Description, Resource};
        assert_eq!(
            kind_of(&[Api, Action, Resource], false),
            Some(TableKind::ApiActions)
        );
        assert_eq!(
            kind_of(&[Description, Resource, Action], false),
            Some(TableKind::ActionResources)
        );
        // Off a resource-group page, `Action | Description` is an Action list without
        // resources (NAS); on one, the Actions without resource-group authorization.
        assert_eq!(
            kind_of(&[Action, Description], false),
            Some(TableKind::ActionResources)
        );
        assert_eq!(
            kind_of(&[Action, Description], true),
            Some(TableKind::RgUnsupportedActions)
        );
        assert_eq!(kind_of(&[Api, Resource], true), None);
    }

    #[test]
    fn content_shows_arns_and_qualified_actions() {
        assert_eq!(
            role_from_content(["acs:zoo:*:*:cage/$id", "*", ""]),
            Some(Column::Resource)
        );
        assert_eq!(
            role_from_content(["zoo:GetCage", "zoo:List_Cages"]),
            Some(Column::Action)
        );
        assert_eq!(role_from_content(["GetCage", "zoo:GetCage"]), None);
        assert_eq!(role_from_content(["Feeds an animal."]), None);
        assert_eq!(role_from_content([""]), None);
    }
}
