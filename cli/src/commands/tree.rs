//! `minglu tree FILE`: the department tree with direct and total member counts, and the
//! departments that look like one written two ways.

use super::{load, print, Failure};
use crate::args::Args;
use minglu::org::OrgTree;

const HELP: &str = "\
minglu tree — the department tree of a directory

Usage:
  minglu tree FILE [--format text|json]

Builds the tree from the department paths (公司/事业群/部门, 营销中心->大客户部, several per person)
and shows for every department its direct members (people listing exactly it) and its total
(distinct people in it or any department below it — what DingTalk calls 包含子部门). A person
in several departments counts in each; a person in two teams of one department counts once in
that department's total. Departments whose names differ only by spaces, width or case are listed
as near-duplicates.

Options:
  --format FORMAT   text (default) or json: {\"nodes\":[{\"name\",\"path\",\"depth\",\"parent\",
                    \"children\",\"direct\",\"total\",\"members\"}],\"roots\",\"unassigned\",
                    \"similar\":[{\"key\",\"nodes\"}],\"people\"} (nodes depth-first; members and
                    unassigned are 0-based indices among the file's people)

Exit status: 0; 2 with one line `minglu: <reason>` on stderr when the file cannot be used.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["format"], "tree")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = load::input(&args, "tree")?;
    let json = match args.get("format").unwrap_or("text") {
        "text" => false,
        "json" => true,
        other => return Err(Failure(format!("tree: unknown --format \"{other}\"; use text or json"))),
    };
    let opened = load::open_file(&path, &args, None)?;
    let tree = OrgTree::build(&opened.directory);
    if json {
        let text = serde_json::to_string_pretty(&tree).map_err(|e| Failure(format!("could not write JSON: {e}")))?;
        print(&format!("{text}\n"));
        return Ok(());
    }
    // People listing more than one distinct department: why direct counts add up to more.
    let several =
        opened.directory.people.iter().filter(|p| p.departments.iter().any(|d| *d != p.departments[0])).count();
    print(&text_tree(&tree, several));
    Ok(())
}

fn text_tree(tree: &OrgTree, several: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} people, {} departments; direct / total (包含子部门)\n\n", tree.people, tree.nodes.len()));
    for node in &tree.nodes {
        out.push_str(&format!("{}{}  {} / {}\n", "  ".repeat(node.depth), node.name, node.direct, node.total));
    }
    if !tree.unassigned.is_empty() {
        out.push_str(&format!("\n(no department)  {}\n", tree.unassigned.len()));
    }
    if several > 0 {
        let direct_sum: usize = tree.nodes.iter().map(|n| n.direct).sum();
        let who = if several == 1 { "1 person is".to_string() } else { format!("{several} people are") };
        out.push_str(&format!(
            "\n{who} in more than one department (counted in each): direct counts add up to {direct_sum}\n"
        ));
    }
    if !tree.similar.is_empty() {
        out.push_str("\nnear-duplicate departments (only spaces, width or case differ):\n");
        for g in &tree.similar {
            let names: Vec<String> = g
                .nodes
                .iter()
                .map(|&n| format!("「{}」({})", tree.nodes[n].path.join("/"), tree.nodes[n].total))
                .collect();
            out.push_str(&format!("  {}\n", names.join(" ≈ ")));
        }
    }
    out
}
