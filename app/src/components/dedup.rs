//! Undo/redo in the top bar (and Ctrl+Z anywhere but while typing), and the drawer with the
//! duplicate groups side by side, the history and the removed rows. The groups, the survivor,
//! the values kept and the history's labels are the engine's; this only shows them and sends
//! what the person chose.

use crate::dedup::Tab;
use crate::i18n::dedup::{dedup_t, reason_label};
use crate::i18n::field_label;
use crate::protocol::dedup::{GroupLines, GroupView};
use crate::state::AppState;
use leptos::either::Either;
use leptos::ev;
use leptos::prelude::*;
use minglu::edit::MarkKind;
use crate::i18n::Lang;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Is the key press aimed at a text field (where Ctrl+Z undoes typing, not the log)?
fn typing(ev: &ev::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable())
}

/// The undo/redo buttons and the duplicates button with its count; shown once a file is open.
#[component]
pub fn EditBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dedup;
    let loaded = move || state.summary.with(Option::is_some) && d.edits.with(Option::is_some);
    let can =
        move |f: fn(&crate::protocol::dedup::EditState) -> bool| move || d.edits.with(|e| e.as_deref().is_some_and(f));
    let can_undo = can(|e| e.can_undo);
    let can_redo = can(|e| e.can_redo);
    let keys = window_event_listener(ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || typing(&ev) {
            return;
        }
        let key = ev.key().to_lowercase();
        let action = match (key.as_str(), ev.shift_key()) {
            ("z", false) => Some(false),
            ("z", true) | ("y", false) => Some(true),
            _ => None,
        };
        let Some(redo) = action else { return };
        if state.summary.with_untracked(Option::is_none) {
            return;
        }
        ev.prevent_default();
        if state.is_working_untracked() {
            return;
        }
        if redo {
            state.redo()
        } else {
            state.undo()
        }
    });
    on_cleanup(move || keys.remove());
    let t = move || dedup_t(state.lang.get());
    view! {
        <Show when=loaded>
            <div class="edit-bar">
                <button
                    type="button"
                    class="button ghost"
                    data-testid="undo"
                    title=move || t().undo_title
                    disabled=move || !can_undo() || state.is_working()
                    on:click=move |_| state.undo()
                >
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M9 14L4 9l5-5" />
                        <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
                    </svg>
                    {move || t().undo}
                </button>
                <button
                    type="button"
                    class="button ghost"
                    data-testid="redo"
                    title=move || t().redo_title
                    disabled=move || !can_redo() || state.is_working()
                    on:click=move |_| state.redo()
                >
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M15 14l5-5-5-5" />
                        <path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />
                    </svg>
                    {move || t().redo}
                </button>
                <button
                    type="button"
                    class="button ghost dup-toggle"
                    class:active=move || d.open.get()
                    data-testid="duplicates-open"
                    data-pending=move || d.pending.get().to_string()
                    data-dedup-ms=move || d.edits.with(|e| e.as_ref().map_or(0.0, |e| e.dedup_ms).round().to_string())
                    aria-expanded=move || d.open.get().to_string()
                    on:click=move |_| d.open.update(|o| *o = !*o)
                >
                    {move || t().open_duplicates}
                    <span class="badge" class:zero=move || d.group_count() == 0 data-testid="duplicates-count">
                        {move || d.group_count()}
                    </span>
                </button>
            </div>
        </Show>
    }
}

/// The drawer: tabs for the duplicate groups, the history and the removed rows.
#[component]
pub fn DedupDrawer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dedup;
    let t = move || dedup_t(state.lang.get());
    let shown = move || d.open.get() && state.summary.with(Option::is_some);
    let tab_button = move |tab: Tab, id: &'static str, label: fn(&crate::i18n::dedup::DedupText) -> &'static str| {
        let count = move || {
            d.edits.with(|e| {
                e.as_ref().map_or(0, |e| match tab {
                    Tab::Duplicates => e.groups.len(),
                    Tab::History => e.history.len(),
                    Tab::Dropped => e.dropped.len(),
                })
            })
        };
        view! {
            <button
                type="button"
                role="tab"
                class="dup-tab"
                class:active=move || d.tab.get() == tab
                aria-selected=move || (d.tab.get() == tab).to_string()
                data-testid=id
                on:click=move |_| d.tab.set(tab)
            >
                {move || label(t())}
                <span class="tab-n">{count}</span>
            </button>
        }
    };
    view! {
        <Show when=shown>
            <aside class="dup-drawer" data-testid="duplicates-view" aria-label=move || t().drawer_title>
                <div class="dup-head">
                    <h2>{move || t().drawer_title}</h2>
                    <button
                        type="button"
                        class="button ghost"
                        data-testid="duplicates-close"
                        on:click=move |_| d.open.set(false)
                    >
                        {move || t().close}
                    </button>
                </div>
                <div class="dup-tabs" role="tablist">
                    {tab_button(Tab::Duplicates, "tab-duplicates", |t| t.tab_duplicates)}
                    {tab_button(Tab::History, "tab-history", |t| t.tab_history)}
                    {tab_button(Tab::Dropped, "tab-dropped", |t| t.tab_dropped)}
                </div>
                {move || match d.tab.get() {
                    Tab::Duplicates => view! { <GroupList /> }.into_any(),
                    Tab::History => view! { <History /> }.into_any(),
                    Tab::Dropped => view! { <DroppedList /> }.into_any(),
                }}
            </aside>
        </Show>
    }
}

/// How many group cards are rendered at a time.
const WINDOW: usize = 40;

/// The cards shown for the current group `current` of `n`: a few before it, the rest after.
fn window(current: usize, n: usize) -> (usize, usize) {
    let start = current.saturating_sub(5).min(n.saturating_sub(WINDOW));
    (start, (start + WINDOW).min(n))
}

/// The groups, one card each; the keyboard acts on the current one.
#[component]
fn GroupList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dedup;
    let t = move || dedup_t(state.lang.get());
    let list = NodeRef::<leptos::html::Div>::new();
    let groups = move || d.edits.with(|e| e.as_ref().map(Arc::clone));
    let count = move || d.group_count();
    let go = move |step: isize| {
        let n = d.group_count();
        if n == 0 {
            return;
        }
        let next = (d.current.get_untracked() as isize + step).clamp(0, n as isize - 1) as usize;
        if next != d.current.get_untracked() {
            d.current.set(next);
            d.picks.set(Default::default());
        }
    };
    let on_key = move |ev: ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        let current = d.current.get_untracked();
        let busy = state.is_working_untracked();
        match ev.key().as_str() {
            "ArrowDown" | "j" => go(1),
            "ArrowUp" | "k" => go(-1),
            "m" if !busy => state.merge_group(current),
            "s" if !busy => state.mark_group(current, MarkKind::KeepSeparate),
            "n" if !busy => state.mark_group(current, MarkKind::NotDuplicate),
            _ => return,
        }
        ev.prevent_default();
    };
    // The keys work as soon as the list shows.
    Effect::new(move |_| {
        if let Some(el) = list.get() {
            let _ = el.focus();
        }
    });
    // Ask the worker for the lines of the cards in the window (again after every answer: the
    // values may have changed).
    Effect::new(move |_| {
        let current = d.current.get();
        let wanted: Vec<Vec<usize>> = d.edits.with(|e| {
            e.as_ref().map_or_else(Vec::new, |e| {
                let (start, end) = window(current, e.groups.len());
                e.groups[start..end].iter().map(|g| g.rows.clone()).collect()
            })
        });
        state.want_lines(wanted);
    });
    // Keep the current card in view as the keyboard moves.
    Effect::new(move |_| {
        let current = d.current.get();
        // …and when a new answer replaced the cards.
        d.edits.track();
        if let Some(el) = list.get() {
            if let Ok(Some(card)) = el.query_selector(&format!("[data-index=\"{current}\"]")) {
                // Only when it is out of view (the list is the cards' offset parent).
                if let Ok(card) = card.dyn_into::<web_sys::HtmlElement>() {
                    let (top, height) = (card.offset_top(), card.offset_height());
                    let (scroll, visible) = (el.scroll_top(), el.client_height());
                    if top < scroll {
                        el.set_scroll_top(top);
                    } else if top + height > scroll + visible {
                        el.set_scroll_top(top + height - visible);
                    }
                }
            }
        }
    });
    view! {
        <p class="dup-keys" data-testid="duplicates-keys">{move || t().keys_help}</p>
        <div
            class="dup-list"
            tabindex="0"
            node_ref=list
            data-testid="duplicates-list"
            data-groups=count
            aria-busy=move || d.pending.get().to_string()
            on:keydown=on_key
        >
            <Show when=move || count() == 0>
                <p class="dup-empty" data-testid="duplicates-none">{move || t().no_groups}</p>
            </Show>
            {move || {
                // A window of cards around the current group: a big file has thousands of
                // groups, and the keyboard moves the window with it.
                let current = d.current.get();
                groups()
                    .map(|e| {
                        let (start, end) = window(current, e.groups.len());
                        (start..end)
                            .map(|i| view! { <GroupCard edits=Arc::clone(&e) index=i /> })
                            .collect_view()
                    })
            }}
            <Show when=move || { count() > WINDOW }>
                <p class="dup-window" data-testid="duplicates-window">
                    {move || {
                        let (start, end) = window(d.current.get(), count());
                        let t = t();
                        format!("{}{}–{}{} / {}", t.group_n.0, start + 1, end, t.group_n.1, count())
                    }}
                </p>
            </Show>
        </div>
    }
}

/// One group: its rows side by side (the survivor first), one line per field, the differing
/// fields marked, the values kept highlighted; a click on a value keeps it.
#[component]
fn GroupCard(edits: Arc<crate::protocol::dedup::EditState>, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dedup;
    let lang = state.lang.get_untracked();
    let t = dedup_t(lang);
    let g: GroupView = edits.groups[index].clone();
    let current = move || d.current.get() == index;
    let reasons = g.reasons.iter().map(|r| reason_label(*r, lang)).collect::<Vec<_>>().join(" · ");
    let head = g
        .rows
        .iter()
        .map(|&r| {
            let kept = r == g.into;
            view! {
                <th class:kept=kept data-row=r>
                    {format!("{}{r}{}", t.row_n.0, t.row_n.1)}
                    {kept.then(|| view! { <span class="kept-badge">{t.kept}</span> })}
                    <button
                        type="button"
                        class="remove-row"
                        data-testid="duplicate-remove-row"
                        title=t.remove_row_title
                        on:click=move |ev| {
                            ev.stop_propagation();
                            state.delete_row(r)
                        }
                    >
                        {t.remove_row}
                    </button>
                </th>
            }
        })
        .collect_view();
    // The lines come from the worker for the cards shown (see `DedupState::want_lines`).
    let key = g.rows.clone();
    let width = g.rows.len() + 1;
    let loaded = {
        let key = key.clone();
        move || d.lines.with(|m| m.contains_key(&key))
    };
    let lines = move || match d.lines.with(|m| m.get(&key).cloned()) {
        Some(lines) => Either::Left(lines_view(state, index, &lines, lang)),
        None => Either::Right(view! {
            <tr class="dup-loading">
                <td colspan=width>"…"</td>
            </tr>
        }),
    };
    let busy = move || state.is_working();
    let row_list = g.rows.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
    view! {
        <section
            class="dup-group"
            class:current=current
            data-testid="duplicate-group"
            data-index=index
            data-rows=row_list
            data-into=g.into
            data-lines=move || loaded().to_string()
            on:click=move |_| {
                if d.current.get_untracked() != index {
                    d.current.set(index);
                    d.picks.set(Default::default());
                }
            }
        >
            <header class="dup-group-head">
                <strong>{format!("{}{}{}", t.group_n.0, index + 1, t.group_n.1)}</strong>
                <span class="dup-score" data-testid="duplicate-score">
                    {format!("{} {:.2}", t.score, g.score)}
                </span>
                <span class="dup-reasons" data-testid="duplicate-reasons">{reasons}</span>
            </header>
            <div class="dup-table-wrap">
                <table class="dup-table">
                    <thead>
                        <tr>
                            <th></th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <div class="dup-actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="duplicate-merge"
                    disabled=busy
                    on:click=move |ev| {
                        ev.stop_propagation();
                        state.merge_group(index)
                    }
                >
                    {t.merge}
                    <kbd>"m"</kbd>
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="duplicate-keep-separate"
                    disabled=busy
                    on:click=move |ev| {
                        ev.stop_propagation();
                        state.mark_group(index, MarkKind::KeepSeparate)
                    }
                >
                    {t.keep_separate}
                    <kbd>"s"</kbd>
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="duplicate-not-duplicate"
                    disabled=busy
                    on:click=move |ev| {
                        ev.stop_propagation();
                        state.mark_group(index, MarkKind::NotDuplicate)
                    }
                >
                    {t.not_duplicate}
                    <kbd>"n"</kbd>
                </button>
            </div>
        </section>
    }
}

/// One line per field of a group's card: each row's value, the kept one highlighted; a click on
/// a value keeps it.
fn lines_view(state: AppState, index: usize, lines: &GroupLines, lang: Lang) -> impl IntoView {
    let d = state.dedup;
    let t = dedup_t(lang);
    let current = move || d.current.get() == index;
    let rows = lines.rows.clone();
    lines
        .fields
        .iter()
        .map(|f| {
            let field = f.field;
            let default = f.chosen;
            let cells = f
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let row = rows[i];
                    let chosen = move || {
                        let picked = d.picks.with(|p| if current() { p.get(&field).copied() } else { None });
                        match picked {
                            Some(r) => r == row,
                            None => default == Some(i),
                        }
                    };
                    let value = v.clone();
                    let empty = value.is_empty();
                    view! {
                        <td class:chosen=chosen class:empty=empty>
                            <button
                                type="button"
                                class="dup-value"
                                title=t.pick_title
                                data-testid="duplicate-value"
                                data-field=field.key()
                                data-row=row
                                disabled=empty
                                on:click=move |_| state.pick(index, field, row)
                            >
                                {if empty { "—".to_string() } else { value }}
                            </button>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class:differs=f.differs data-field=field.key()>
                    <th scope="row">
                        {field_label(field, lang)}
                        {default.is_none().then(|| view! { <span class="united" title=t.united>"∪"</span> })}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view()
}

/// Every step, newest last; undone steps greyed (a redo brings them back).
#[component]
fn History() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dedup;
    let t = move || dedup_t(state.lang.get());
    let items = move || d.edits.with(|e| e.as_ref().map(|e| e.history.clone()).unwrap_or_default());
    view! {
        <Show when=move || items().is_empty()>
            <p class="dup-empty">{move || t().no_history}</p>
        </Show>
        <ol class="history" data-testid="history-list">
            {move || {
                items()
                    .into_iter()
                    .map(|h| {
                        view! {
                            <li class:undone=!h.done data-testid="history-item" data-done=h.done.to_string()>
                                <span class="history-n">{h.index + 1}</span>
                                <span class="history-label">{h.label}</span>
                                {(!h.done).then(|| view! { <span class="history-undone">{t().undone}</span> })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        <div class="recipe">
            <button
                type="button"
                class="button"
                data-testid="recipe-download"
                disabled=move || state.is_working() || !d.edits.with(|e| e.as_ref().is_some_and(|e| e.can_undo))
                on:click=move |_| state.download_recipe()
            >
                {move || t().recipe}
            </button>
            <p class="hint">{move || t().recipe_hint}</p>
        </div>
    }
}

/// The rows merged away or deleted, and why.
#[component]
fn DroppedList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dedup;
    let t = move || dedup_t(state.lang.get());
    let items = move || d.edits.with(|e| e.as_ref().map(|e| e.dropped.clone()).unwrap_or_default());
    view! {
        <Show when=move || items().is_empty()>
            <p class="dup-empty">{move || t().no_dropped}</p>
        </Show>
        <ul class="dropped" data-testid="dropped-list">
            {move || {
                items()
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li data-testid="dropped-item" data-row=r.row>
                                <span class="dropped-row">{format!("{}{}{}", t().row_n.0, r.row, t().row_n.1)}</span>
                                <span class="dropped-name">{r.name}</span>
                                <span class="dropped-reason">{r.reason}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
