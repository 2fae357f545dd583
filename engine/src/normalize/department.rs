//! Department cells: split into paths and segments the way a platform reads them, check the
//! segments, and compute the key that finds near-identical department names.

use super::text::{clean_whitespace, fold_width};
use crate::Profile;
use serde::Serialize;

/// How a profile writes departments in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeptSyntax {
    /// Between the levels of one path (`/` or `->`).
    pub path_sep: &'static str,
    /// Between several departments of one person (the first is the main one).
    pub list_sep: &'static str,
    /// Other list separators the platform also accepts.
    pub list_alt: &'static [&'static str],
    /// Departments are numeric ids (`2;5`), not paths (the WeCom batch-sync CSV).
    pub numeric_ids: bool,
}

impl DeptSyntax {
    /// The syntax of `profile`'s template:
    /// - WeCom admin template: `公司/事业群/部门`, several joined by the full-width `；`
    ///   (the half-width `;` is read too);
    /// - WeCom batch-sync CSV: numeric department ids joined by `;`;
    /// - 企微 template: `营销中心->大客户部->工业制造`, several joined by `;`;
    /// - DingTalk, Feishu, Exmail, Alibaba Mail and the rest: `A/B/C`, several joined by `;`.
    pub fn of(profile: Profile) -> DeptSyntax {
        match profile {
            Profile::Wecom => DeptSyntax { path_sep: "/", list_sep: "；", list_alt: &[";"], numeric_ids: false },
            Profile::WecomApi => DeptSyntax { path_sep: "/", list_sep: ";", list_alt: &[], numeric_ids: true },
            Profile::Qiwei => DeptSyntax { path_sep: "->", list_sep: ";", list_alt: &["；"], numeric_ids: false },
            _ => DeptSyntax { path_sep: "/", list_sep: ";", list_alt: &["；"], numeric_ids: false },
        }
    }

    fn list_seps(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.list_sep).chain(self.list_alt.iter().copied())
    }
}

/// Split a cell into department paths exactly as the platform reads it: list separators first,
/// then the path separator. Segments are kept as written (not trimmed), empty ones included, so the
/// checks can see them. An empty cell has no departments.
pub fn split_raw(text: &str, syntax: &DeptSyntax) -> Vec<Vec<String>> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut items = vec![text.to_string()];
    for sep in syntax.list_seps() {
        items = items.iter().flat_map(|i| i.split(sep).map(str::to_string).collect::<Vec<_>>()).collect();
    }
    // A trailing list separator (`A/B;`) is common and harmless: drop a final empty item.
    if items.len() > 1 && items.last().is_some_and(|i| i.trim().is_empty()) {
        items.pop();
    }
    items.iter().map(|i| i.split(syntax.path_sep).map(str::to_string).collect()).collect()
}

/// Split a cell into clean department paths: whitespace cleaned in every segment, empty segments
/// dropped, empty paths dropped. This is what a fix writes back (joined with [`join`]).
pub fn split(text: &str, syntax: &DeptSyntax) -> Vec<Vec<String>> {
    split_raw(&normalize_separators(text, syntax), syntax)
        .into_iter()
        .map(|p| p.iter().map(|s| clean_whitespace(s).into_owned()).filter(|s| !s.is_empty()).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Join paths (a person's [`DeptPath`](crate::DeptPath)s, or split ones) with the profile's
/// separators.
pub fn join<P: std::ops::Deref<Target = [String]>>(paths: &[P], syntax: &DeptSyntax) -> String {
    paths.iter().map(|p| p.join(syntax.path_sep)).collect::<Vec<_>>().join(syntax.list_sep)
}

/// Rewrite other templates' path separators into the profile's: `->`, `－>`, `／` and `/`
/// become the profile's path separator. Only applied when the text has a *foreign* separator
/// (see [`foreign_separator`]); names are otherwise left alone.
pub fn normalize_separators(text: &str, syntax: &DeptSyntax) -> String {
    let mut t = text.replace("－>", "->").replace("-＞", "->").replace("－＞", "->").replace('／', "/");
    if syntax.path_sep == "->" {
        t = t.replace('/', "->");
    } else {
        t = t.replace("->", syntax.path_sep);
    }
    t
}

/// The foreign path separator this cell uses instead of the profile's, if any (`->` in a WeCom
/// sheet, `/` in a 企微 one, the full-width `／` anywhere).
pub fn foreign_separator(text: &str, syntax: &DeptSyntax) -> Option<&'static str> {
    if syntax.numeric_ids {
        return None;
    }
    if text.contains('／') {
        return Some("／");
    }
    if text.contains("－>") || text.contains("-＞") || text.contains("－＞") {
        return Some("->");
    }
    if syntax.path_sep == "->" {
        text.contains('/').then_some("/")
    } else {
        text.contains("->").then_some("->")
    }
}

/// Characters no platform allows in a department name: `\ : * ? " < > |` and the full-width `｜`
/// (WeCom's list; the others are stricter or equal). Returns the first one found.
pub fn forbidden_char(segment: &str) -> Option<char> {
    segment.chars().find(|c| matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '｜'))
}

/// The key that finds department names differing only by spaces, width or separator style:
/// whitespace removed (all kinds), width-folded, lowercased, `／` `->` `\` unified to `/`.
pub fn similarity_key(path_text: &str) -> String {
    let folded = fold_width(path_text);
    let unified = folded.replace("->", "/").replace('\\', "/");
    unified
        .chars()
        .filter(|c| !c.is_whitespace() && !super::text::is_invisible(*c) && !super::text::is_odd_space(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter().map(|p| p.iter().map(|x| x.to_string()).collect()).collect()
    }

    #[test]
    fn splits_per_profile() {
        let wecom = DeptSyntax::of(Profile::Wecom);
        assert_eq!(split("公司/研发部；公司/市场部", &wecom), s(&[&["公司", "研发部"], &["公司", "市场部"]]));
        assert_eq!(split("公司/研发部;公司/市场部", &wecom), s(&[&["公司", "研发部"], &["公司", "市场部"]]));
        let qiwei = DeptSyntax::of(Profile::Qiwei);
        assert_eq!(
            split("营销中心->大客户部->工业制造;市场部", &qiwei),
            s(&[&["营销中心", "大客户部", "工业制造"], &["市场部"]])
        );
        let ding = DeptSyntax::of(Profile::Dingtalk);
        assert_eq!(split("公司/部门A/子部门B;", &ding), s(&[&["公司", "部门A", "子部门B"]]));
        assert!(split("  ", &ding).is_empty());
    }

    #[test]
    fn raw_split_keeps_empty_segments() {
        let ding = DeptSyntax::of(Profile::Dingtalk);
        assert_eq!(split_raw("公司//研发部", &ding), s(&[&["公司", "", "研发部"]]));
        assert_eq!(split("公司//研发部/", &ding), s(&[&["公司", "研发部"]]));
    }

    #[test]
    fn foreign_separators_are_found_and_rewritten() {
        let wecom = DeptSyntax::of(Profile::Wecom);
        assert_eq!(foreign_separator("营销中心->大客户部", &wecom), Some("->"));
        assert_eq!(join(&split("营销中心->大客户部", &wecom), &wecom), "营销中心/大客户部");
        assert_eq!(foreign_separator("公司／研发部", &wecom), Some("／"));
        assert_eq!(foreign_separator("公司/研发部", &wecom), None);
        let qiwei = DeptSyntax::of(Profile::Qiwei);
        assert_eq!(foreign_separator("营销中心/大客户部", &qiwei), Some("/"));
        assert_eq!(join(&split("营销中心/大客户部;市场部", &qiwei), &qiwei), "营销中心->大客户部;市场部");
    }

    #[test]
    fn forbidden_and_similar() {
        assert_eq!(forbidden_char("研发:一部"), Some(':'));
        assert_eq!(forbidden_char("研发｜一部"), Some('｜'));
        assert_eq!(forbidden_char("研发一部"), None);
        assert_eq!(similarity_key("公司 / 研发部"), similarity_key("公司／研发部"));
        assert_eq!(similarity_key("公司->ＩＴ部"), similarity_key("公司/it部"));
        assert_ne!(similarity_key("公司/研发一部"), similarity_key("公司/研发二部"));
    }
}
