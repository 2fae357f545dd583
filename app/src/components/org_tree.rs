//! The org tree panel (issue #6): every department with its direct members and its total
//! including sub-departments (the "包含子部门" number DingTalk exports hide), expandable; a click
//! narrows the grid to the people under the department; near-duplicate names carry a warning.
//! The worker builds the tree (`minglu::org::OrgTree`); the panel only draws it.

use crate::check::RowFilter;
use crate::i18n::find_text;
use crate::protocol::find::{DeptRow, PeopleSet};
use crate::state::AppState;
use leptos::prelude::*;
use std::collections::HashSet;

/// Which rows of the depth-first list are visible: a row is hidden under a collapsed ancestor.
/// Top-level departments start expanded; `toggled` holds the paths flipped by the person.
pub fn visible(rows: &[DeptRow], toggled: &HashSet<String>) -> Vec<bool> {
    let mut out = Vec::with_capacity(rows.len());
    // The depth below which rows are hidden (a collapsed or hidden node's depth).
    let mut hide_below: Option<usize> = None;
    for row in rows {
        if hide_below.is_some_and(|d| row.depth <= d) {
            hide_below = None;
        }
        let shown = hide_below.is_none();
        out.push(shown);
        if shown && !expanded(row, toggled) {
            hide_below = Some(row.depth);
        }
    }
    out
}

/// Is this department open (its children shown)?
pub fn expanded(row: &DeptRow, toggled: &HashSet<String>) -> bool {
    (row.depth == 0) != toggled.contains(&row.path.join("/"))
}

#[component]
pub fn OrgTreePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let toggled = RwSignal::new(HashSet::<String>::new());
    let t = move || find_text(state.lang.get());
    let rows = move || state.find.overview.get().map(|o| o.departments.clone()).unwrap_or_default();
    let shown = Memo::new(move |_| {
        state.find.overview.with(|o| o.as_ref().map(|o| toggled.with(|t| visible(&o.departments, t))).unwrap_or_default())
    });
    let selected_path = move || {
        if let Some(PeopleSet::Department(p)) = state.find.pending.get() {
            return Some(p);
        }
        (state.filter.get() == RowFilter::Set)
            .then(|| state.find.active.with(|a| a.as_ref().map(|a| a.set.clone())))
            .flatten()
            .and_then(|s| match s {
                PeopleSet::Department(p) => Some(p),
                PeopleSet::Letter(_) => None,
            })
    };
    let has_tree = move || state.find.overview.with(|o| o.as_ref().is_some_and(|o| !o.departments.is_empty()));
    view! {
        <section
            class="panel org-tree"
            data-testid="org-tree"
            data-build-ms=move || state.find.overview.with(|o| o.as_ref().map(|o| format!("{:.1}", o.build_ms)))
        >
            <div class="org-head">
                <h2>{move || t().tree}</h2>
                <span class="org-legend">{move || t().tree_legend}</span>
            </div>
            <Show
                when=move || state.find.overview.with(Option::is_some)
                fallback=move || view! { <p class="org-waiting">{move || t().building}</p> }
            >
                <Show when=has_tree>
                    <ul class="org-list" role="tree">
                        <For each=move || rows().into_iter().enumerate() key=|(i, r)| (*i, r.path.clone(), r.direct, r.total, r.similar.len()) let:item>
                            <DeptItem index=item.0 row=item.1 shown toggled selected_path />
                        </For>
                    </ul>
                </Show>
                {move || {
                    let n = state.find.overview.with(|o| o.as_ref().map_or(0, |o| o.unassigned));
                    (n > 0).then(|| view! {
                        <p class="org-unassigned" data-testid="org-unassigned" data-count=n>
                            {t().unassigned} " " <b>{n}</b>
                        </p>
                    })
                }}
            </Show>
        </section>
    }
}

#[component]
fn DeptItem(
    index: usize,
    row: DeptRow,
    shown: Memo<Vec<bool>>,
    toggled: RwSignal<HashSet<String>>,
    selected_path: impl Fn() -> Option<Vec<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || find_text(state.lang.get());
    let key = row.path.join("/");
    let is_open = {
        let row = row.clone();
        move || toggled.with(|t| expanded(&row, t))
    };
    let path = row.path.clone();
    let is_selected = {
        let path = path.clone();
        move || selected_path().as_ref() == Some(&path)
    };
    let similar = row.similar.clone();
    let warn = (!similar.is_empty()).then(|| {
        let similar = similar.clone();
        view! {
            <span
                class="dept-warn"
                data-testid="dept-similar"
                title=move || {
                    let (a, b) = t().similar;
                    let names: Vec<String> = similar.iter().map(|s| format!("「{s}」")).collect();
                    format!("{a}{}{b}", names.join("、"))
                }
            >
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 3.5L22 20.5H2Z" />
                    <path d="M12 10v4.5" />
                    <path d="M12 17.3v.2" />
                </svg>
            </span>
        }
    });
    let toggle_key = key.clone();
    let toggle = move |_| {
        toggled.update(|t| {
            if !t.remove(&toggle_key) {
                t.insert(toggle_key.clone());
            }
        })
    };
    let select_path = path.clone();
    let selected_now = is_selected.clone();
    let select = move |_| {
        if selected_now() {
            state.clear_set();
        } else {
            state.show_set(PeopleSet::Department(select_path.clone()));
        }
    };
    let has_children = row.has_children;
    let (open_aria, open_class, open_title) = (is_open.clone(), is_open.clone(), is_open.clone());
    view! {
        <li
            class="dept"
            class:selected=is_selected.clone()
            role="treeitem"
            aria-expanded=move || has_children.then(|| open_aria().to_string())
            hidden=move || !shown.with(|s| s.get(index).copied().unwrap_or(true))
            style=("--depth", row.depth.to_string())
            data-testid="dept"
            data-path=key
            data-direct=row.direct
            data-total=row.total
        >
            {if has_children {
                view! {
                    <button
                        type="button"
                        class="dept-toggle"
                        class:open=open_class
                        data-testid="dept-toggle"
                        title=move || if open_title() { t().collapse } else { t().expand }
                        on:click=toggle
                    >
                        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M9 6l6 6-6 6" /></svg>
                    </button>
                }
                .into_any()
            } else {
                view! { <span class="dept-toggle leaf"></span> }.into_any()
            }}
            <button type="button" class="dept-name" data-testid="dept-select" title=move || t().total_title on:click=select>
                <span class="dept-label">{row.name.clone()}</span>
                {warn}
            </button>
            <span class="dept-counts">
                <span class="dept-direct" title=move || t().direct_title>{row.direct}</span>
                " / "
                <b class="dept-total" title=move || t().total_title>{row.total}</b>
            </span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &[&str], has_children: bool) -> DeptRow {
        DeptRow {
            name: path.last().unwrap().to_string(),
            path: path.iter().map(|s| s.to_string()).collect(),
            depth: path.len() - 1,
            has_children,
            direct: 0,
            total: 0,
            similar: vec![],
        }
    }

    #[test]
    fn roots_open_and_collapsed_nodes_hide_their_subtrees() {
        let rows = vec![
            row(&["总部"], true),
            row(&["总部", "研发"], true),
            row(&["总部", "研发", "平台"], false),
            row(&["总部", "销售"], false),
            row(&["分公司"], true),
            row(&["分公司", "业务"], false),
        ];
        let mut toggled = HashSet::new();
        assert_eq!(visible(&rows, &toggled), [true, true, false, true, true, true]);
        toggled.insert("总部/研发".to_string());
        assert_eq!(visible(&rows, &toggled), [true, true, true, true, true, true]);
        toggled.insert("总部".to_string()); // closing the root hides everything under it
        assert_eq!(visible(&rows, &toggled), [true, false, false, false, true, true]);
    }
}
