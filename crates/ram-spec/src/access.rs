//! Access levels, with the vendor's words for them in en, ja and zh.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The access level of an API or Action.
///
/// Older vendor pages use the four coarse classes (Read, List, Write, Permissions management);
/// newer ones split Write and Read into Create, Update, Delete and Get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads data.
    Read,
    /// Reads one resource (newer pages).
    Get,
    /// Changes resources.
    Write,
    /// Creates resources (newer pages).
    Create,
    /// Updates resources (newer pages).
    Update,
    /// Deletes resources (newer pages).
    Delete,
    /// Manages permissions.
    PermissionsManagement,
}

/// A word the access-level vocabulary does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown access level `{0}`")]
pub struct UnknownAccessLevel(pub String);

/// The vendor's words, lowercased, in en, ja and zh.
const WORDS: &[(&str, AccessLevel)] = &[
    ("list", AccessLevel::List),
    ("リスト", AccessLevel::List),
    ("一覧表示", AccessLevel::List),
    ("列出", AccessLevel::List),
    ("列表", AccessLevel::List),
    ("read", AccessLevel::Read),
    ("読み取り", AccessLevel::Read),
    ("读取", AccessLevel::Read),
    ("只读", AccessLevel::Read),
    ("读", AccessLevel::Read),
    ("get", AccessLevel::Get),
    ("取得", AccessLevel::Get),
    ("获取", AccessLevel::Get),
    ("write", AccessLevel::Write),
    ("書き込み", AccessLevel::Write),
    ("写入", AccessLevel::Write),
    ("写", AccessLevel::Write),
    ("create", AccessLevel::Create),
    ("作成", AccessLevel::Create),
    ("创建", AccessLevel::Create),
    ("update", AccessLevel::Update),
    ("更新", AccessLevel::Update),
    ("delete", AccessLevel::Delete),
    ("削除", AccessLevel::Delete),
    ("删除", AccessLevel::Delete),
    ("permissions management", AccessLevel::PermissionsManagement),
    ("permission management", AccessLevel::PermissionsManagement),
    ("権限の管理", AccessLevel::PermissionsManagement),
    ("権限管理", AccessLevel::PermissionsManagement),
    ("权限管理", AccessLevel::PermissionsManagement),
];

impl AccessLevel {
    /// Every level, in order of increasing privilege class.
    pub const ALL: [Self; 8] = [
        Self::List,
        Self::Read,
        Self::Get,
        Self::Write,
        Self::Create,
        Self::Update,
        Self::Delete,
        Self::PermissionsManagement,
    ];

    /// Maps the vendor's word (en, ja or zh, any case, surrounding whitespace ignored).
    ///
    /// ```
    /// use ram_spec::AccessLevel;
    /// assert_eq!(AccessLevel::from_vendor_word("読み取り"), Ok(AccessLevel::Read));
    /// assert_eq!(AccessLevel::from_vendor_word("Permissions management"), Ok(AccessLevel::PermissionsManagement));
    /// assert!(AccessLevel::from_vendor_word("maybe").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownAccessLevel`] with the word as given.
    pub fn from_vendor_word(word: &str) -> Result<Self, UnknownAccessLevel> {
        let key = word
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        WORDS
            .iter()
            .find(|(w, _)| *w == key)
            .map(|(_, level)| *level)
            .ok_or_else(|| UnknownAccessLevel(word.to_owned()))
    }

    /// The kebab-case name used in the spec and in JSON output (`permissions-management`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Read => "read",
            Self::Get => "get",
            Self::Write => "write",
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::PermissionsManagement => "permissions-management",
        }
    }

    /// The privilege class: list 0, read 1, write 2, permissions management 3. When one Action
    /// is documented with several levels, the spec keeps the one of the highest class, so that
    /// a reviewer errs towards caution.
    #[must_use]
    pub const fn class(self) -> u8 {
        match self {
            Self::List => 0,
            Self::Read | Self::Get => 1,
            Self::Write | Self::Create | Self::Update | Self::Delete => 2,
            Self::PermissionsManagement => 3,
        }
    }

    /// Infers the level of an Action from the verb its name starts with, for Actions that no
    /// page documents a level for. `None` for a verb the table does not know.
    ///
    /// ```
    /// use ram_spec::AccessLevel;
    /// assert_eq!(AccessLevel::infer_from_action("cr:GetScanRule"), Some(AccessLevel::Read));
    /// assert_eq!(AccessLevel::infer_from_action("cr:ListUserVpc"), Some(AccessLevel::List));
    /// assert_eq!(AccessLevel::infer_from_action("cr:StopChainInstance"), Some(AccessLevel::Write));
    /// assert_eq!(AccessLevel::infer_from_action("kms:AsymmetricVerify"), Some(AccessLevel::Write));
    /// assert_eq!(AccessLevel::infer_from_action("cr:Frobnicate"), None);
    /// ```
    #[must_use]
    pub fn infer_from_action(action: &str) -> Option<Self> {
        let mut name = action.rsplit(':').next().unwrap_or(action);
        let first_word = |name: &str| -> usize {
            name.char_indices()
                .find(|(i, c)| *i > 0 && c.is_ascii_uppercase())
                .map_or(name.len(), |(i, _)| i)
        };
        // A qualifier before the verb (`AsymmetricSign`) is skipped once.
        let end = first_word(name);
        if QUALIFIERS.contains(&&name[..end]) {
            name = &name[end..];
        }
        Self::of_verb(&name[..first_word(name)])
    }

    /// The level a verb of the verb table implies (`Delete` -> write), if it is one.
    fn of_verb(word: &str) -> Option<Self> {
        VERBS
            .iter()
            .find(|(verb, _)| *verb == word)
            .map(|(_, level)| *level)
    }
}

impl AccessLevel {
    /// The level the first word of an English description implies, when it is a verb of the
    /// verb table (`Delete an instance` -> write): for Actions whose names carry no verb first
    /// (Message Queue's `mq:OnsMqttInstanceBaseInfo`, described `Query the basic information
    /// of a specified instance.`).
    ///
    /// ```
    /// use ram_spec::AccessLevel;
    /// assert_eq!(AccessLevel::infer_from_description("Query the basic information."), Some(AccessLevel::Read));
    /// assert_eq!(AccessLevel::infer_from_description("Delete an instance"), Some(AccessLevel::Write));
    /// assert_eq!(AccessLevel::infer_from_description("查询实例"), None);
    /// ```
    #[must_use]
    pub fn infer_from_description(description: &str) -> Option<Self> {
        Self::of_verb(description.split_whitespace().next()?)
    }
}

/// Words that some services put before the verb of an Action name (`kms:AsymmetricSign`,
/// `ots:BatchGetRow`).
const QUALIFIERS: &[&str] = &["Asymmetric", "Batch"];

/// Verbs of Action names and the coarse level they imply. The coarse classes are used because
/// the pages this is checked against (the Container Registry pages) use them.
const VERBS: &[(&str, AccessLevel)] = &[
    ("Check", AccessLevel::Read),
    ("Compute", AccessLevel::Read),
    ("Consume", AccessLevel::Read),
    ("Count", AccessLevel::Read),
    ("Describe", AccessLevel::Read),
    ("Download", AccessLevel::Read),
    ("Obtain", AccessLevel::Read),
    ("Get", AccessLevel::Read),
    ("Pull", AccessLevel::Read),
    ("Poll", AccessLevel::Read),
    ("Preview", AccessLevel::Read),
    ("Query", AccessLevel::Read),
    ("Search", AccessLevel::Read),
    ("Validate", AccessLevel::Read),
    ("List", AccessLevel::List),
    ("Grant", AccessLevel::PermissionsManagement),
    ("Abort", AccessLevel::Write),
    ("Accept", AccessLevel::Write),
    ("Acknowledge", AccessLevel::Write),
    ("Activate", AccessLevel::Write),
    ("Add", AccessLevel::Write),
    ("Agree", AccessLevel::Write),
    ("Allocate", AccessLevel::Write),
    ("Apply", AccessLevel::Write),
    ("Associate", AccessLevel::Write),
    ("Attach", AccessLevel::Write),
    ("Authorize", AccessLevel::Write),
    ("Bind", AccessLevel::Write),
    ("Build", AccessLevel::Write),
    ("Cancel", AccessLevel::Write),
    ("Change", AccessLevel::Write),
    ("Clear", AccessLevel::Write),
    ("Close", AccessLevel::Write),
    ("Commit", AccessLevel::Write),
    ("Configure", AccessLevel::Write),
    ("Confirm", AccessLevel::Write),
    ("Continue", AccessLevel::Write),
    ("Convert", AccessLevel::Write),
    ("Copy", AccessLevel::Write),
    ("Create", AccessLevel::Write),
    ("Deactivate", AccessLevel::Write),
    ("Decrypt", AccessLevel::Write),
    ("Delete", AccessLevel::Write),
    ("Detach", AccessLevel::Write),
    ("Diagnose", AccessLevel::Write),
    ("Disable", AccessLevel::Write),
    ("Downgrade", AccessLevel::Write),
    ("Drop", AccessLevel::Write),
    ("Empty", AccessLevel::Write),
    ("Enable", AccessLevel::Write),
    ("Encrypt", AccessLevel::Write),
    ("Execute", AccessLevel::Write),
    ("Export", AccessLevel::Write),
    ("Forbid", AccessLevel::Write),
    ("Freeze", AccessLevel::Write),
    ("Generate", AccessLevel::Write),
    ("Import", AccessLevel::Write),
    ("Insert", AccessLevel::Write),
    ("Interrupt", AccessLevel::Write),
    ("Invite", AccessLevel::Write),
    ("Install", AccessLevel::Write),
    ("Instantiate", AccessLevel::Write),
    ("Join", AccessLevel::Write),
    ("Leave", AccessLevel::Write),
    ("Migrate", AccessLevel::Write),
    ("Modify", AccessLevel::Write),
    ("Move", AccessLevel::Write),
    ("Open", AccessLevel::Write),
    ("Post", AccessLevel::Write),
    ("Process", AccessLevel::Write),
    ("Push", AccessLevel::Write),
    ("Put", AccessLevel::Write),
    ("Re", AccessLevel::Write),
    ("Reboot", AccessLevel::Write),
    ("Refresh", AccessLevel::Write),
    ("Reject", AccessLevel::Write),
    ("Release", AccessLevel::Write),
    ("Remove", AccessLevel::Write),
    ("Renew", AccessLevel::Write),
    ("Replace", AccessLevel::Write),
    ("Reset", AccessLevel::Write),
    ("Resend", AccessLevel::Write),
    ("Resize", AccessLevel::Write),
    ("Restart", AccessLevel::Write),
    ("Restore", AccessLevel::Write),
    ("Resume", AccessLevel::Write),
    ("Retry", AccessLevel::Write),
    ("Return", AccessLevel::Write),
    ("Revoke", AccessLevel::Write),
    ("Run", AccessLevel::Write),
    ("Save", AccessLevel::Write),
    ("Schedule", AccessLevel::Write),
    ("Send", AccessLevel::Write),
    ("Set", AccessLevel::Write),
    ("Sign", AccessLevel::Write),
    ("Signal", AccessLevel::Write),
    ("Start", AccessLevel::Write),
    ("Stop", AccessLevel::Write),
    ("Submit", AccessLevel::Write),
    ("Suspend", AccessLevel::Write),
    ("Synchronize", AccessLevel::Write),
    ("Tag", AccessLevel::Write),
    ("Test", AccessLevel::Write),
    ("Transfer", AccessLevel::Write),
    ("Trigger", AccessLevel::Write),
    ("Unassociate", AccessLevel::Write),
    ("Unbind", AccessLevel::Write),
    ("Unfreeze", AccessLevel::Write),
    ("Uninstall", AccessLevel::Write),
    ("Untag", AccessLevel::Write),
    ("Update", AccessLevel::Write),
    ("Upload", AccessLevel::Write),
    ("Upgrade", AccessLevel::Write),
    ("Verify", AccessLevel::Write),
    ("Write", AccessLevel::Write),
];

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_has_a_word_in_each_locale() {
        for level in AccessLevel::ALL {
            let words: Vec<_> = WORDS.iter().filter(|(_, l)| *l == level).collect();
            assert!(
                words.iter().any(|(w, _)| w.is_ascii()),
                "{level} has no en word"
            );
            assert!(
                words.iter().any(|(w, _)| !w.is_ascii()),
                "{level} has no ja/zh word"
            );
        }
    }

    #[test]
    fn vendor_words_are_case_and_space_insensitive() {
        assert_eq!(
            AccessLevel::from_vendor_word("  Permissions\u{a0}Management "),
            Ok(AccessLevel::PermissionsManagement)
        );
        assert_eq!(
            AccessLevel::from_vendor_word("リスト"),
            Ok(AccessLevel::List)
        );
        assert_eq!(
            AccessLevel::from_vendor_word("読み"),
            Err(UnknownAccessLevel("読み".to_owned()))
        );
    }

    #[test]
    fn verb_is_the_first_camel_word() {
        assert_eq!(
            AccessLevel::infer_from_action("GetRepoTagManifest"),
            Some(AccessLevel::Read)
        );
        assert_eq!(
            AccessLevel::infer_from_action("cr:Re"),
            Some(AccessLevel::Write)
        );
        assert_eq!(AccessLevel::infer_from_action("cr:Getaway"), None);
    }
}
