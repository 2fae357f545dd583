//! The org tree: departments built from the people's department paths, with direct and total
//! member counts, near-duplicate names flagged, and the people under any department (the app's
//! click-to-filter).
//!
//! # Counting
//!
//! - **direct**: the people who list exactly this department. A person in several departments
//!   counts in each of them.
//! - **total** ("包含子部门", as DingTalk's member counts are): the *distinct* people who list
//!   this department or any department below it. Someone in two teams of the same department
//!   counts once in that department, so a parent's total is not the sum of its children's totals
//!   plus its direct members when people belong to several of them — and the sum of all
//!   departments' direct counts can exceed the number of people. Distinct people is what a
//!   headcount means, and it is what [`OrgTree::filter`] returns, so the number shown on a
//!   department is the number of rows a click on it shows.
//!
//! ```
//! use minglu::org::OrgTree;
//! let csv = "姓名,部门\n甲,总部/研发/平台\n乙,总部/研发/平台;总部/研发/测试\n丙,总部\n";
//! let opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
//! let tree = OrgTree::build(&opened.directory);
//! let dev = tree.find(&["总部", "研发"]).unwrap();
//! assert_eq!((tree.nodes[dev].direct, tree.nodes[dev].total), (0, 2)); // 乙 counted once
//! assert_eq!(tree.filter(&["总部"]), vec![0, 1, 2]);
//! ```

use crate::normalize::department::similarity_key;
use crate::Directory;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptNode {
    /// The last segment of the path.
    pub name: String,
    /// The full path, root first.
    pub path: Vec<String>,
    /// 0 for a top-level department.
    pub depth: usize,
    /// Index into [`OrgTree::nodes`].
    pub parent: Option<usize>,
    /// Indices into [`OrgTree::nodes`], in the order the file first mentions them.
    pub children: Vec<usize>,
    /// Distinct people listing exactly this department.
    pub direct: usize,
    /// Distinct people listing this department or one below it.
    pub total: usize,
    /// The direct members: indices into `Directory::people`, ascending.
    pub members: Vec<usize>,
}

/// Departments whose paths differ only by spaces, full/half width, case or separator style
/// (`ＩＴ部` / `IT部`, `研发 中心` / `研发中心`): probably one department written two ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarDepartments {
    /// The shared similarity key (see [`similarity_key`]).
    pub key: String,
    /// Indices into [`OrgTree::nodes`], most people (total) first.
    pub nodes: Vec<usize>,
}

/// The department tree of a directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgTree {
    /// Every department in depth-first order (a parent before its children; siblings in the order
    /// the file first mentions them), so a flat list indented by `depth` draws the tree.
    pub nodes: Vec<DeptNode>,
    /// The top-level departments.
    pub roots: Vec<usize>,
    /// People with no department.
    pub unassigned: Vec<usize>,
    /// Near-duplicate department names.
    pub similar: Vec<SimilarDepartments>,
    /// Number of people in the directory.
    pub people: usize,
}

impl OrgTree {
    /// Build the tree from every person's department paths (`Person::departments`).
    pub fn build(directory: &Directory) -> OrgTree {
        // Nodes in the order their paths are first seen; a path's prefixes are inserted before it.
        let mut by_path: HashMap<Vec<String>, usize> = HashMap::new();
        let mut nodes: Vec<DeptNode> = Vec::new();
        let mut unassigned = Vec::new();
        let mut direct_of: Vec<Vec<usize>> = Vec::new();
        for (i, person) in directory.people.iter().enumerate() {
            if person.departments.is_empty() {
                unassigned.push(i);
            }
            for path in &person.departments {
                let mut parent = None;
                for depth in 0..path.len() {
                    let prefix = &path[..=depth];
                    let id = match by_path.get(prefix) {
                        Some(&id) => id,
                        None => {
                            let id = nodes.len();
                            by_path.insert(prefix.to_vec(), id);
                            nodes.push(DeptNode {
                                name: path[depth].clone(),
                                path: prefix.to_vec(),
                                depth,
                                parent,
                                children: Vec::new(),
                                direct: 0,
                                total: 0,
                                members: Vec::new(),
                            });
                            direct_of.push(Vec::new());
                            if let Some(p) = parent {
                                nodes[p].children.push(id);
                            }
                            id
                        }
                    };
                    parent = Some(id);
                }
                if let Some(leaf) = parent {
                    direct_of[leaf].push(i);
                }
            }
        }
        for (node, members) in nodes.iter_mut().zip(direct_of) {
            let mut members = members;
            members.dedup(); // people are visited in order, so repeats are adjacent
            node.direct = members.len();
            node.members = members;
        }

        // Totals: each person once in every department at or above one of theirs.
        let mut totals = vec![0usize; nodes.len()];
        let mut seen: Vec<usize> = vec![usize::MAX; nodes.len()];
        for (i, person) in directory.people.iter().enumerate() {
            for path in &person.departments {
                let mut id = by_path.get(path.as_slice()).copied();
                while let Some(n) = id {
                    if seen[n] == i {
                        break; // this ancestor chain is already counted for this person
                    }
                    seen[n] = i;
                    totals[n] += 1;
                    id = nodes[n].parent;
                }
            }
        }
        for (node, total) in nodes.iter_mut().zip(totals) {
            node.total = total;
        }

        let (nodes, roots) = preorder(nodes);
        let similar = similar(&nodes);
        OrgTree { nodes, roots, unassigned, similar, people: directory.people.len() }
    }

    /// The department with exactly this path.
    pub fn find<S: AsRef<str>>(&self, path: &[S]) -> Option<usize> {
        let mut level: &[usize] = &self.roots;
        let mut found = None;
        for segment in path {
            let id = *level.iter().find(|&&n| self.nodes[n].name == segment.as_ref())?;
            found = Some(id);
            level = &self.nodes[id].children;
        }
        found
    }

    /// The people in a department or any department below it (what clicking it in the tree
    /// shows): indices into `Directory::people`, ascending; empty for an unknown path. Its length
    /// is the department's `total`.
    pub fn filter<S: AsRef<str>>(&self, path: &[S]) -> Vec<usize> {
        self.find(path).map(|n| self.members_under(n)).unwrap_or_default()
    }

    /// The people in node `node`'s subtree, ascending and distinct.
    pub fn members_under(&self, node: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            let Some(d) = self.nodes.get(n) else { continue };
            out.extend_from_slice(&d.members);
            stack.extend_from_slice(&d.children);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Renumber the nodes depth-first (parents before children, siblings in first-seen order).
fn preorder(nodes: Vec<DeptNode>) -> (Vec<DeptNode>, Vec<usize>) {
    let roots: Vec<usize> = (0..nodes.len()).filter(|&n| nodes[n].parent.is_none()).collect();
    let mut order = Vec::with_capacity(nodes.len());
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        order.push(n);
        stack.extend(nodes[n].children.iter().rev());
    }
    let mut new_id = vec![0usize; nodes.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new;
    }
    let mut slots: Vec<Option<DeptNode>> = nodes.into_iter().map(Some).collect();
    let renumbered: Vec<DeptNode> = order
        .iter()
        .filter_map(|&old| slots[old].take())
        .map(|mut d| {
            d.parent = d.parent.map(|p| new_id[p]);
            d.children.iter_mut().for_each(|c| *c = new_id[*c]);
            d
        })
        .collect();
    (renumbered, roots.into_iter().map(|r| new_id[r]).collect())
}

/// Group departments by the similarity key of their full path. A group whose members all have the
/// same name differs only in an ancestor, which is already its own group: only groups where the
/// department's own name is written differently are reported.
fn similar(nodes: &[DeptNode]) -> Vec<SimilarDepartments> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (id, node) in nodes.iter().enumerate() {
        groups.entry(similarity_key(&node.path.join("/"))).or_default().push(id);
    }
    let mut out: Vec<SimilarDepartments> = groups
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1 && ids.iter().any(|&n| nodes[n].name != nodes[ids[0]].name))
        .map(|(key, mut ids)| {
            ids.sort_by(|&a, &b| nodes[b].total.cmp(&nodes[a].total).then(a.cmp(&b)));
            SimilarDepartments { key, nodes: ids }
        })
        .collect();
    out.sort_by_key(|g| g.nodes.iter().min().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Person;

    fn dir(people: &[&[&str]]) -> Directory {
        Directory {
            people: people
                .iter()
                .enumerate()
                .map(|(i, paths)| Person {
                    source_row: i + 2,
                    departments: paths.iter().map(|p| p.split('/').map(String::from).collect()).collect(),
                    ..Person::default()
                })
                .collect(),
            extra_headers: Vec::new(),
        }
    }

    fn counts(tree: &OrgTree, path: &[&str]) -> (usize, usize) {
        let n = tree.find(path).unwrap_or_else(|| panic!("{path:?} missing"));
        (tree.nodes[n].direct, tree.nodes[n].total)
    }

    #[test]
    fn direct_and_total_counts() {
        let tree = OrgTree::build(&dir(&[
            &["总部/研发/平台"],
            &["总部/研发/平台", "总部/研发/测试"],
            &["总部/研发"],
            &["总部"],
            &["总部/市场"],
            &[],
        ]));
        assert_eq!(counts(&tree, &["总部"]), (1, 5));
        assert_eq!(counts(&tree, &["总部", "研发"]), (1, 3));
        assert_eq!(counts(&tree, &["总部", "研发", "平台"]), (2, 2));
        assert_eq!(counts(&tree, &["总部", "研发", "测试"]), (1, 1));
        assert_eq!(counts(&tree, &["总部", "市场"]), (1, 1));
        assert_eq!(tree.unassigned, vec![5]);
        assert_eq!(tree.people, 6);
        // The person in two teams counts once in 研发 (1 direct + 2 in 平台 + 1 in 测试 = 4 ≠ 3).
        assert_eq!(tree.filter(&["总部", "研发"]), vec![0, 1, 2]);
        assert_eq!(tree.filter(&["总部", "研发", "测试"]), vec![1]);
        assert!(tree.filter(&["总部", "没有"]).is_empty());
        assert!(tree.filter::<&str>(&[]).is_empty());
    }

    #[test]
    fn depth_first_order_in_first_seen_order() {
        let tree = OrgTree::build(&dir(&[&["B/y"], &["A/x"], &["B/z"], &["A"]]));
        let paths: Vec<String> = tree.nodes.iter().map(|n| n.path.join("/")).collect();
        assert_eq!(paths, ["B", "B/y", "B/z", "A", "A/x"]);
        assert_eq!(tree.roots, vec![0, 3]);
        for (id, n) in tree.nodes.iter().enumerate() {
            for &c in &n.children {
                assert_eq!(tree.nodes[c].parent, Some(id));
                assert_eq!(tree.nodes[c].depth, n.depth + 1);
            }
        }
    }

    #[test]
    fn a_person_listing_one_path_twice_counts_once() {
        let tree = OrgTree::build(&dir(&[&["A/x", "A/x"]]));
        assert_eq!(counts(&tree, &["A", "x"]), (1, 1));
        assert_eq!(counts(&tree, &["A"]), (0, 1));
    }

    #[test]
    fn near_duplicate_names_are_flagged_once() {
        let tree = OrgTree::build(&dir(&[
            &["总部/ＩＴ部/运维"],
            &["总部/IT部/运维"],
            &["总部/IT部"],
            &["总部/研发 中心"],
            &["总部/研发中心"],
            &["总部/研发一部"],
        ]));
        let groups: Vec<Vec<String>> =
            tree.similar.iter().map(|g| g.nodes.iter().map(|&n| tree.nodes[n].path.join("/")).collect()).collect();
        // The 运维 teams under the two IT spellings are implied by their parents' group.
        assert_eq!(groups, vec![vec!["总部/IT部", "总部/ＩＴ部"], vec!["总部/研发 中心", "总部/研发中心"]]);
    }

    #[test]
    fn empty_directory() {
        let tree = OrgTree::build(&Directory::default());
        assert!(tree.nodes.is_empty() && tree.roots.is_empty() && tree.similar.is_empty());
        assert_eq!(tree.find(&["A"]), None);
    }
}
