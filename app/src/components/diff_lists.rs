//! The comparison's lists: joiners, leavers, movers (from → to), changed fields (old → new) and
//! the ambiguous matches with their candidates. A month of a large company can list thousands:
//! each list shows its first [`CAP`] lines until the person asks for all.

use crate::i18n::diff::{key_label, reason_label, text};
use crate::i18n::field_label;
use crate::protocol::diff::{DiffView, PersonLine};
use crate::state::AppState;
use leptos::prelude::*;
use minglu::diff::Candidate;

/// Lines shown per list before "show all".
const CAP: usize = 100;

#[component]
pub fn DiffLists() -> impl IntoView {
    let state = expect_context::<AppState>();
    let v = state.diff.view;
    let lang = state.lang;
    let empty = move |s: &str| if s.is_empty() { text(lang.get()).empty.to_string() } else { s.to_string() };
    let row = move |n: usize| {
        let (a, b) = text(lang.get()).row;
        format!("{a}{n}{b}")
    };

    // Joiners and leavers: the same lines, from another list of the view.
    let people = move |kind: &'static str,
                       testid: &'static str,
                       title: fn(&crate::i18n::diff::DiffText) -> &'static str,
                       len: fn(&DiffView) -> usize,
                       list: fn(&DiffView) -> &[PersonLine]| {
        section(state, kind, title, len, move |limit| {
            v.with(|v| {
                v.as_ref().map(|v| {
                    list(v)
                        .iter()
                        .take(limit)
                        .map(|p| {
                            view! {
                                <li class="diff-line" data-testid=testid data-id=p.id.clone()>
                                    <span class="diff-id">{p.id.clone()}</span>
                                    <span class="diff-name">{p.name.clone()}</span>
                                    <span class="diff-dept">{p.departments.clone()}</span>
                                    <span class="diff-row">{row(p.row)}</span>
                                </li>
                            }
                        })
                        .collect_view()
                })
            })
        })
    };
    let joiners = people("joiners", "diff-joiner", |t| t.joiners, |v| v.joiners.len(), |v| &v.joiners);
    let leavers = people("leavers", "diff-leaver", |t| t.leavers, |v| v.leavers.len(), |v| &v.leavers);
    let movers = section(
        state,
        "movers",
        |t| t.movers,
        |v| v.movers.len(),
        move |limit| {
            v.with(|v| {
                v.as_ref().map(|v| {
                    v.movers
                        .iter()
                        .take(limit)
                        .map(|m| {
                            view! {
                                <li
                                    class="diff-line"
                                    data-testid="diff-mover"
                                    data-id=m.id.clone()
                                    data-from=m.from.clone()
                                    data-to=m.to.clone()
                                >
                                    <span class="diff-id">{m.id.clone()}</span>
                                    <span class="diff-name">{m.name.clone()}</span>
                                    <span class="diff-change">
                                        <span class="diff-old">{m.from.clone()}</span>
                                        <span class="diff-arrow">"→"</span>
                                        <span class="diff-new">{m.to.clone()}</span>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                })
            })
        },
    );
    let changed = section(
        state,
        "changed",
        |t| t.changed,
        |v| v.changed.len(),
        move |limit| {
            v.with(|v| {
                v.as_ref().map(|v| {
                    v.changed
                        .iter()
                        .take(limit)
                        .map(|c| {
                            let field = c.field;
                            view! {
                                <li
                                    class="diff-line"
                                    data-testid="diff-change"
                                    data-id=c.id.clone()
                                    data-field=c.field.key()
                                    data-old=c.old.clone()
                                    data-new=c.new.clone()
                                >
                                    <span class="diff-id">{c.id.clone()}</span>
                                    <span class="diff-name">{c.name.clone()}</span>
                                    <span class="diff-field">{move || field_label(field, lang.get())}</span>
                                    <span class="diff-change">
                                        <span class="diff-old">{empty(&c.old)}</span>
                                        <span class="diff-arrow">"→"</span>
                                        <span class="diff-new">{empty(&c.new)}</span>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                })
            })
        },
    );
    let ambiguous = section(
        state,
        "ambiguous",
        |t| t.ambiguous,
        |v| v.ambiguous.len(),
        move |limit| {
            // Shown only when there are some (above the others: they need a person's decision).
            v.with(|v| {
                v.as_ref().map(|v| {
                    v.ambiguous
                    .iter()
                    .take(limit)
                    .map(|a| {
                        let l = lang.get_untracked();
                        let keys = a.keys.iter().map(|k| key_label(*k, l)).collect::<Vec<_>>().join(" + ");
                        let t = text(l);
                        let side = |label: &'static str, list: &[Candidate]| {
                            let people = list
                                .iter()
                                .map(|c| format!("{} {} ({})", row(c.row), c.name, c.id))
                                .collect::<Vec<_>>()
                                .join("，");
                            view! {
                                <span class="diff-candidates">
                                    <span class="diff-side-tag">{label}</span>
                                    {people}
                                </span>
                            }
                        };
                        view! {
                            <li class="diff-line ambiguous" data-testid="diff-ambiguous" data-values=a.values.join(",")>
                                <span class="diff-reason">{reason_label(a.reason, l)} " · " {keys}</span>
                                <span class="diff-values">{a.values.join("，")}</span>
                                {side(t.old_file, &a.old)}
                                {side(t.new_file, &a.new)}
                            </li>
                        }
                    })
                    .collect_view()
                })
            })
        },
    );
    view! {
        <div class="diff-lists">
            {ambiguous}
            {joiners}
            {leavers}
            {movers}
            {changed}
        </div>
    }
}

/// One list: its title and count, its first [`CAP`] lines, and "show all".
fn section<V: IntoView + 'static>(
    state: AppState,
    kind: &'static str,
    title: fn(&crate::i18n::diff::DiffText) -> &'static str,
    len: fn(&DiffView) -> usize,
    lines: impl Fn(usize) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let all = RwSignal::new(false);
    let count = move || state.diff.view.with(|v| v.as_deref().map_or(0, len));
    let lang = state.lang;
    let extra = move || {
        let t = text(lang.get());
        if kind == "changed" {
            let people = state.diff.view.with(|v| v.as_ref().map_or(0, |v| v.changed_people));
            format!("{people} · {}{}{}", t.changed_fields.0, count(), t.changed_fields.1)
        } else {
            count().to_string()
        }
    };
    let hidden = move || kind == "ambiguous" && count() == 0;
    view! {
        <section class=format!("diff-list {kind}") class:hidden=hidden data-testid=format!("diff-list-{kind}")>
            <h3>{move || title(text(lang.get()))} <span class="diff-list-n">{extra}</span></h3>
            {(kind == "ambiguous").then(|| view! { <p class="hint">{move || text(lang.get()).ambiguous_hint}</p> })}
            <Show
                when=move || { count() > 0 }
                fallback=move || view! { <p class="diff-none">{move || text(lang.get()).nothing}</p> }
            >
                <ul>{
                    let lines = lines.clone();
                    move || lines(if all.get() { usize::MAX } else { CAP })
                }</ul>
                <Show when=move || { count() > CAP && !all.get() }>
                    <button
                        type="button"
                        class="link diff-show-all"
                        data-testid=format!("diff-show-all-{kind}")
                        on:click=move |_| all.set(true)
                    >
                        {move || {
                            let (a, b) = text(lang.get()).show_all;
                            format!("{a}{}{b}", count())
                        }}
                    </button>
                </Show>
            </Show>
        </section>
    }
}
