//! The org tree bar (issue #6): every department's total equals the number of people whose
//! paths fall under it, checked by brute force over generated directories (property style: many
//! random directories with people in several departments, repeated paths, shared prefixes and
//! people with none), and on the sample generator's directory read from its xlsx.

use minglu::org::OrgTree;
use minglu::sample::{generate, to_xlsx, Layout, SampleOptions};
use minglu::{Directory, OpenOptions, Person};
use std::collections::BTreeSet;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (((z ^ (z >> 31)) as u128 * n as u128) >> 64) as usize
    }
}

/// A random directory: few segment names, so paths share prefixes and collide often.
fn random_directory(seed: u64, people: usize) -> Directory {
    const SEGMENTS: [&str; 5] = ["总部", "研发", "销售", "华东", "平台"];
    let mut rng = Rng(seed);
    let people = (0..people)
        .map(|i| {
            let paths = (0..rng.below(4))
                .map(|_| (0..1 + rng.below(4)).map(|_| SEGMENTS[rng.below(SEGMENTS.len())].to_string()).collect())
                .collect();
            Person { source_row: i + 2, departments: paths, ..Person::default() }
        })
        .collect();
    Directory { people, extra_headers: Vec::new() }
}

fn under(path: &[String], prefix: &[String]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

/// Check every node against brute force.
fn check(d: &Directory) {
    let tree = OrgTree::build(d);
    let all_paths: BTreeSet<Vec<String>> = d
        .people
        .iter()
        .flat_map(|p| p.departments.iter().flat_map(|path| (1..=path.len()).map(|k| path[..k].to_vec())))
        .collect();
    assert_eq!(tree.nodes.len(), all_paths.len(), "one node per distinct path prefix");
    for (id, node) in tree.nodes.iter().enumerate() {
        let under_it: Vec<usize> =
            (0..d.people.len()).filter(|&i| d.people[i].departments.iter().any(|p| under(p, &node.path))).collect();
        let exactly: Vec<usize> =
            (0..d.people.len()).filter(|&i| d.people[i].departments.iter().any(|p| *p == node.path)).collect();
        assert_eq!(node.total, under_it.len(), "total of {:?}", node.path);
        assert_eq!(node.direct, exactly.len(), "direct of {:?}", node.path);
        assert_eq!(node.members, exactly, "members of {:?}", node.path);
        assert_eq!(tree.filter(&node.path), under_it, "filter {:?}", node.path);
        assert_eq!(tree.find(&node.path), Some(id));
        assert_eq!(node.name, *node.path.last().unwrap());
        assert_eq!(node.depth + 1, node.path.len());
        if let Some(parent) = node.parent {
            assert!(tree.nodes[parent].total >= node.total);
            assert!(parent < id, "parents come first");
        }
        assert!(node.total >= node.direct);
    }
    let unassigned: Vec<usize> = (0..d.people.len()).filter(|&i| d.people[i].departments.is_empty()).collect();
    assert_eq!(tree.unassigned, unassigned);
    let rooted: usize = tree.roots.iter().map(|&r| tree.nodes[r].total).sum();
    assert!(rooted >= d.people.len() - unassigned.len(), "every assigned person is under some root");
}

#[test]
fn totals_equal_people_under_each_department_in_random_directories() {
    for seed in 0..200 {
        check(&random_directory(seed, 1 + (seed as usize % 40)));
    }
}

#[test]
fn totals_on_a_generated_directory_read_from_xlsx() {
    let g = generate(&SampleOptions { rows: 500, seed: 42, layout: Layout::Wecom, faults: 0.0 });
    let bytes = to_xlsx(&g).unwrap();
    let opened = minglu::open(&bytes, &OpenOptions::default()).unwrap();
    let d = &opened.directory;
    assert!(d.people.iter().any(|p| p.departments.len() > 1), "some people in several departments");
    check(d);
    let tree = OrgTree::build(d);
    // The root holds everyone; the sum of direct counts exceeds the people (several departments).
    let root = tree.find(&["总部"]).unwrap();
    assert_eq!(tree.nodes[root].total, 500);
    assert!(tree.nodes.iter().map(|n| n.direct).sum::<usize>() > 500);
    assert!(tree.similar.is_empty());
}
