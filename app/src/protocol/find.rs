//! The finding part of the protocol (issue #6): search per keystroke, the A–Z surname index,
//! the org tree, and the rows of a letter or a department (the grid's "rows in this set" filter).
//!
//! The worker keeps a search index and an org tree of the people as they are now; both are
//! forgotten whenever the rows change (every check) and built again on the next find request, so
//! typing in the grid never pays for an index nobody asks for. Find requests do not supersede the
//! page's other requests: their answers are matched by the find state's own latest ids.

use minglu::search::MatchField;
use serde::{Deserialize, Serialize};

/// Hits sent per query: what the results list shows.
pub const SEARCH_LIMIT: usize = 20;

/// One search result, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundPerson {
    /// The person's 1-based sheet row (the grid finds its row by it).
    pub row: u32,
    pub name: String,
    /// The first department path, joined with `/` (empty without one).
    pub department: String,
    /// The field of the best match, and the value that matched (as indexed: `zjl`).
    pub field: MatchField,
    pub matched: String,
    pub score: u32,
}

/// The answer to one keystroke.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchAnswer {
    pub query: String,
    pub hits: Vec<FoundPerson>,
    /// Milliseconds of `SearchIndex::search` alone.
    pub query_ms: f64,
    /// Milliseconds spent building the index first (0 when it was ready).
    pub build_ms: f64,
}

/// One department of the tree, without its member list (the page asks for the rows on a click).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptRow {
    pub name: String,
    pub path: Vec<String>,
    pub depth: usize,
    /// Has sub-departments (the row is expandable).
    pub has_children: bool,
    /// Distinct people listing exactly this department.
    pub direct: usize,
    /// Distinct people in it or below it ("包含子部门"): the rows a click shows.
    pub total: usize,
    /// The paths (joined with `/`) of the departments whose names differ from this one only by
    /// spaces, width, case or separators: probably the same department written twice.
    pub similar: Vec<String>,
}

/// The A–Z index and the org tree of the people as they are now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// `A`–`Z` then `#`, only letters that have people, with their counts.
    pub letters: Vec<(char, usize)>,
    /// Depth-first: a parent before its children.
    pub departments: Vec<DeptRow>,
    /// People without a department.
    pub unassigned: usize,
    pub people: usize,
    /// Milliseconds spent building the index and the tree (0 when they were ready).
    pub build_ms: f64,
}

/// A set of people the grid can be narrowed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PeopleSet {
    /// Surname initial (`A`–`Z`, `#`).
    Letter(char),
    /// A department and everything below it.
    Department(Vec<String>),
}

impl PeopleSet {
    /// How the filter chip names the set.
    pub fn label(&self) -> String {
        match self {
            PeopleSet::Letter(c) => c.to_string(),
            PeopleSet::Department(path) => path.join("/"),
        }
    }
}

/// The sheet rows of one set, ascending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRows {
    pub set: PeopleSet,
    pub rows: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_round_trip_and_name_themselves() {
        for set in [PeopleSet::Letter('Z'), PeopleSet::Department(vec!["总部".into(), "研发中心".into()])] {
            let json = serde_json::to_string(&set).unwrap();
            assert_eq!(serde_json::from_str::<PeopleSet>(&json).unwrap(), set);
        }
        assert_eq!(PeopleSet::Department(vec!["总部".into(), "研发中心".into()]).label(), "总部/研发中心");
        assert_eq!(PeopleSet::Letter('#').label(), "#");
    }
}
