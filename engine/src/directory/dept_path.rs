//! One department path, shared between the people in it.
//!
//! A `Vec<String>` per path per person cost four heap blocks (the list and three segments) and
//! ~110 bytes for every person: at 1M people, ~100 MiB of wasm memory spent on a few hundred
//! distinct paths. A [`DeptPath`] is a reference-counted slice: people read from the same cell
//! text share one list (see [`Directory::from_sheet`](crate::Directory::from_sheet)), and a
//! clone is a counter increment. It reads as a `[String]` (`iter`, `len`, `join`, indexing) and
//! serializes as a list of strings, as `Vec<String>` did.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A department path, outermost first: `公司/部门A/子部门B` → `["公司", "部门A", "子部门B"]`.
///
/// ```
/// use minglu::DeptPath;
/// let path: DeptPath = ["公司", "部门A"].into_iter().map(String::from).collect();
/// assert_eq!(path.join("/"), "公司/部门A");
/// assert_eq!(path.len(), 2);
/// assert_eq!(path, vec!["公司".to_string(), "部门A".to_string()]);
/// let shared = path.clone(); // no copy of the text
/// assert_eq!(shared, path);
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeptPath(Arc<[String]>);

impl DeptPath {
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

impl Deref for DeptPath {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl From<Vec<String>> for DeptPath {
    fn from(segments: Vec<String>) -> DeptPath {
        DeptPath(segments.into())
    }
}

impl From<&[String]> for DeptPath {
    fn from(segments: &[String]) -> DeptPath {
        DeptPath(segments.into())
    }
}

impl FromIterator<String> for DeptPath {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> DeptPath {
        DeptPath(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a DeptPath {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for DeptPath {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.0.len() == other.len() && self.0.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl PartialEq<DeptPath> for Vec<String> {
    fn eq(&self, other: &DeptPath) -> bool {
        **self == *other.0
    }
}

impl PartialEq<[String]> for DeptPath {
    fn eq(&self, other: &[String]) -> bool {
        *self.0 == *other
    }
}

impl fmt::Debug for DeptPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl Serialize for DeptPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DeptPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DeptPath, D::Error> {
        Vec::<String>::deserialize(deserializer).map(DeptPath::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compares_and_serializes_like_a_list_of_strings() {
        let path: DeptPath = vec!["总部".to_string(), "研发部".to_string()].into();
        assert_eq!(&path[..], ["总部", "研发部"]);
        assert_eq!(path.iter().map(String::len).sum::<usize>(), 15);
        let json = serde_json::to_string(&path).unwrap();
        assert_eq!(json, r#"["总部","研发部"]"#);
        assert_eq!(serde_json::from_str::<DeptPath>(&json).unwrap(), path);
        assert_eq!(format!("{path:?}"), r#"["总部", "研发部"]"#);
        let shared = path.clone();
        assert!(Arc::ptr_eq(&shared.0, &path.0), "a clone shares the segments");
        assert!(DeptPath::default().is_empty());
    }
}
