//! The worker's side of finding (issue #6): a search index and an org tree of the people as they
//! are now, built lazily and forgotten whenever the rows change.
//!
//! Why lazily: building the index for 100k people costs about a second, and the rows change on
//! every typed cell; rebuilding after each edit would make the next edit wait for an index nobody
//! asked for. [`forget`] runs with every check (the last step of every change), and the first find
//! request after it — the page asks for the [`Overview`] when the duplicates that follow every
//! check arrive — pays the build.
//! Above [`EAGER_INDEX_MAX`] people the overview builds only the tree and the A–Z groups, and the
//! search index waits for the first search: at a million people it holds ~350 MiB, more than the
//! people themselves, and is only needed if someone searches.
//! Pure engine calls; the clock is passed in so the module also runs natively in the tests.

use crate::protocol::find::{DeptRow, FoundPerson, Overview, PeopleSet, SearchAnswer, SetRows, SEARCH_LIMIT};
use minglu::org::OrgTree;
use minglu::search::{people_under, surname_index, SearchIndex, SurnameGroup};
use minglu::Directory;
use std::cell::RefCell;

/// Up to this many people the search index is built with the overview, so the first keystroke
/// finds at once (~1 s of building at 100k); above it, at the first search (see the module docs).
pub const EAGER_INDEX_MAX: usize = 250_000;

/// What is built for the current people.
#[derive(Default)]
pub struct Built {
    /// Built with the rest up to [`EAGER_INDEX_MAX`] people, else by the first search.
    pub index: Option<SearchIndex>,
    pub tree: OrgTree,
    /// The A–Z groups, while there is no index to ask.
    letters: Vec<SurnameGroup>,
}

impl Built {
    fn new(directory: &Directory) -> Built {
        let tree = OrgTree::build(directory);
        if directory.people.len() <= EAGER_MAX.get() {
            Built { index: Some(SearchIndex::build(directory)), tree, letters: Vec::new() }
        } else {
            Built { index: None, tree, letters: surname_index(directory) }
        }
    }

    fn letters(&self) -> &[SurnameGroup] {
        self.index.as_ref().map_or(&self.letters, SearchIndex::surname_index)
    }

    /// The search index, built now if it was not.
    fn index(&mut self, directory: &Directory) -> &SearchIndex {
        if self.index.is_none() {
            self.letters = Vec::new(); // the index has its own
        }
        self.index.get_or_insert_with(|| SearchIndex::build(directory))
    }
}

thread_local! {
    static BUILT: RefCell<Option<Built>> = const { RefCell::new(None) };
    /// [`EAGER_INDEX_MAX`], lowered by the tests.
    static EAGER_MAX: std::cell::Cell<usize> = const { std::cell::Cell::new(EAGER_INDEX_MAX) };
}

/// Milliseconds from the worker's `performance.now()`: sub-millisecond, unlike `Date.now()`,
/// which would round a 0.3 ms query to 0 or 1. (Only callable in the browser.)
pub fn precise_now() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let performance = js_sys::Reflect::get(&global, &"performance".into()).ok().filter(|p| p.is_object());
    let now = performance
        .as_ref()
        .and_then(|p| js_sys::Reflect::get(p, &"now".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (performance, now) {
        (Some(p), Some(f)) => f.call0(&p).ok().and_then(|v| v.as_f64()).unwrap_or_else(js_sys::Date::now),
        _ => js_sys::Date::now(),
    }
}

/// The people changed (or another file is open): drop the index and the tree.
pub fn forget() {
    BUILT.with_borrow_mut(|b| *b = None);
}

/// Run `f` on what is built for `directory`, building the tree and the A–Z groups (and, up to
/// [`EAGER_INDEX_MAX`] people, the index) first when needed; returns `f`'s answer and the
/// milliseconds spent building.
fn with_built<R>(directory: &Directory, now: &dyn Fn() -> f64, f: impl FnOnce(&Built) -> R) -> (R, f64) {
    with_built_mut(directory, now, |b| f(b))
}

fn with_built_mut<R>(directory: &Directory, now: &dyn Fn() -> f64, f: impl FnOnce(&mut Built) -> R) -> (R, f64) {
    BUILT.with_borrow_mut(|slot| {
        let mut build_ms = 0.0;
        if slot.is_none() {
            let t0 = now();
            *slot = Some(Built::new(directory));
            build_ms = now() - t0;
        }
        let built = slot.as_mut().expect("built above");
        (f(built), build_ms)
    })
}

/// The best hits for one keystroke (the first one on a big directory builds the index).
pub fn search(directory: &Directory, query: &str, now: &dyn Fn() -> f64) -> SearchAnswer {
    let ((hits, query_ms, index_ms), build_ms) = with_built_mut(directory, now, |b| {
        let t0 = now();
        let index = b.index(directory);
        let t1 = now();
        let hits = index.search(query, SEARCH_LIMIT);
        (hits, now() - t1, t1 - t0)
    });
    let build_ms = build_ms + index_ms;
    let hits = hits
        .into_iter()
        .map(|h| FoundPerson {
            row: u32::try_from(h.row).unwrap_or(u32::MAX),
            department: directory.people.get(h.person).and_then(|p| p.departments.first()).map(|d| d.join("/")).unwrap_or_default(),
            name: h.name,
            field: h.field,
            matched: h.matched,
            score: h.score,
        })
        .collect();
    SearchAnswer { query: query.to_string(), hits, query_ms, build_ms }
}

/// The A–Z index and the department tree.
pub fn overview(directory: &Directory, now: &dyn Fn() -> f64) -> Overview {
    let ((letters, departments, unassigned), build_ms) = with_built(directory, now, |b| {
        let letters = b.letters().iter().map(|g| (g.letter, g.people.len())).collect();
        (letters, departments(&b.tree), b.tree.unassigned.len())
    });
    Overview { letters, departments, unassigned, people: directory.people.len(), build_ms }
}

/// The tree's nodes as the panel draws them, near-duplicates named on each.
fn departments(tree: &OrgTree) -> Vec<DeptRow> {
    let mut rows: Vec<DeptRow> = tree
        .nodes
        .iter()
        .map(|n| DeptRow {
            name: n.name.clone(),
            path: n.path.clone(),
            depth: n.depth,
            has_children: !n.children.is_empty(),
            direct: n.direct,
            total: n.total,
            similar: Vec::new(),
        })
        .collect();
    for group in &tree.similar {
        for &n in &group.nodes {
            let others = group.nodes.iter().filter(|&&o| o != n).map(|&o| tree.nodes[o].path.join("/"));
            rows[n].similar.extend(others);
        }
    }
    rows
}

/// The sheet rows of a letter or a department (ascending; empty for an unknown one).
pub fn set_rows(directory: &Directory, set: PeopleSet, now: &dyn Fn() -> f64) -> SetRows {
    let (people, _) = with_built(directory, now, |b| match &set {
        PeopleSet::Letter(c) => people_under(b.letters(), *c).to_vec(),
        PeopleSet::Department(path) => b.tree.filter(path),
    });
    let mut rows: Vec<u32> = people
        .into_iter()
        .filter_map(|p| directory.people.get(p))
        .map(|p| u32::try_from(p.source_row).unwrap_or(u32::MAX))
        .collect();
    rows.sort_unstable();
    rows.dedup();
    SetRows { set, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::search::MatchField;

    fn directory(csv: &str) -> Directory {
        minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap().directory
    }

    const CSV: &str = "姓名,帐号,手机,部门\n张经理,zhangjl,13800138000,总部/销售部\n单伟,shanw,13900139000,总部/研发部/平台组\n曾明,zengm,13700137000,总部/ＩＴ部;总部/研发部\n解明,xiem,13600136000,总部/IT部\n";

    #[test]
    fn search_answers_with_department_and_why() {
        forget();
        let d = directory(CSV);
        let a = search(&d, "zjl", &|| 0.0);
        assert_eq!(a.hits[0].name, "张经理");
        assert_eq!(a.hits[0].field, MatchField::Initials);
        assert_eq!(a.hits[0].matched, "zjl");
        assert_eq!(a.hits[0].department, "总部/销售部");
        assert_eq!(a.hits[0].row, 2);
        assert_eq!(search(&d, "sw", &|| 0.0).hits[0].name, "单伟");
    }

    #[test]
    fn overview_counts_letters_and_departments() {
        forget();
        let d = directory(CSV);
        let o = overview(&d, &|| 0.0);
        assert_eq!(o.people, 4);
        // 单 Shan, 曾 Zeng, 解 Xie, 张 Zhang.
        assert_eq!(o.letters, vec![('S', 1), ('X', 1), ('Z', 2)]);
        let root = &o.departments[0];
        assert_eq!((root.name.as_str(), root.direct, root.total, root.has_children), ("总部", 0, 4, true));
        let dev = o.departments.iter().find(|r| r.path == ["总部", "研发部"]).unwrap();
        assert_eq!((dev.direct, dev.total), (1, 2));
        let it = o.departments.iter().find(|r| r.path == ["总部", "IT部"]).unwrap();
        assert_eq!(it.similar, vec!["总部/ＩＴ部".to_string()]);
        assert_eq!(set_rows(&d, PeopleSet::Department(vec!["总部".into(), "研发部".into()]), &|| 0.0).rows, [3, 4]);
        assert_eq!(set_rows(&d, PeopleSet::Letter('z'), &|| 0.0).rows, [2, 4]);
        assert!(set_rows(&d, PeopleSet::Department(vec!["无".into()]), &|| 0.0).rows.is_empty());
    }

    #[test]
    fn a_big_directory_gets_its_search_index_at_the_first_search() {
        forget();
        EAGER_MAX.set(3);
        let d = directory(CSV); // 4 people: over the (lowered) limit
        let o = overview(&d, &|| 0.0);
        assert_eq!(o.letters, vec![('S', 1), ('X', 1), ('Z', 2)]);
        assert!(BUILT.with_borrow(|b| b.as_ref().is_some_and(|b| b.index.is_none())), "no index for the overview");
        assert_eq!(set_rows(&d, PeopleSet::Letter('z'), &|| 0.0).rows, [2, 4]);
        let a = search(&d, "zjl", &|| 0.0);
        assert_eq!(a.hits[0].name, "张经理");
        assert!(BUILT.with_borrow(|b| b.as_ref().is_some_and(|b| b.index.is_some() && b.letters.is_empty())));
        // The same A–Z answers from the index.
        assert_eq!(overview(&d, &|| 0.0).letters, o.letters);
        assert_eq!(set_rows(&d, PeopleSet::Letter('Z'), &|| 0.0).rows, [2, 4]);
        EAGER_MAX.set(EAGER_INDEX_MAX);
        forget();
        overview(&d, &|| 0.0);
        assert!(BUILT.with_borrow(|b| b.as_ref().is_some_and(|b| b.index.is_some())), "a small one is indexed at once");
    }

    #[test]
    fn forgetting_rebuilds_for_the_new_people() {
        forget();
        let a = directory(CSV);
        assert_eq!(search(&a, "zjl", &|| 0.0).hits.len(), 1);
        let b = directory("姓名,部门\n李四,总部\n");
        // Still the old index until the rows are said to have changed.
        assert_eq!(search(&b, "ls", &|| 0.0).hits.len(), 0);
        forget();
        assert_eq!(search(&b, "ls", &|| 0.0).hits[0].name, "李四");
    }
}
