//! Find anyone (issue #6): the search box with its ranked hits, the A–Z surname strip, and the
//! chip that names the grid's set filter. Every keystroke goes to the worker, which answers the
//! top hits with the field that matched; a click (or Enter) brings the person's row into view.
//! `/` or Ctrl+K focuses the box from anywhere but a text field.

use crate::find::ActiveSet;
use crate::i18n::{find_text, match_field_label, FindText};
use crate::protocol::find::{FoundPerson, PeopleSet};
use crate::state::AppState;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

/// Quiet time after a change to the rows before the A–Z counts and the tree are asked for again.
const REFRESH_PAUSE: std::time::Duration = std::time::Duration::from_millis(600);

/// The letters of the strip, in order; `#` for names without one.
const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ#";

fn ft(state: &AppState) -> &'static FindText {
    find_text(state.lang.get())
}

/// Is the key event's target a place where `/` is typed rather than a shortcut?
fn typing_target(ev: &ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
}

/// Search box and A–Z strip, above the workspace.
#[component]
pub fn FindBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let input = NodeRef::<html::Input>::new();
    // The hits list is open while the box has a query and was not dismissed.
    let open = RwSignal::new(false);
    let highlighted = RwSignal::new(0usize);

    // A new check means the people may have changed: ask for the A–Z counts and the tree again
    // (the worker rebuilds its index for them). Right away for a new file; after a pause in
    // editing otherwise, so a burst of typed cells costs one rebuild, not one per cell. Asked
    // once both the check and the duplicates are in (a new file's duplicates may come first,
    // from the helper worker), so that building them never delays the duplicates of a new file.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        state.dedup.edits.track();
        state.check.track();
        if !state.check.with_untracked(Option::is_some) || !state.dedup.edits.with_untracked(Option::is_some) {
            return;
        }
        generation.update_value(|g| *g += 1);
        if state.find.overview.with_untracked(Option::is_none) {
            state.refresh_find();
            return;
        }
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    state.refresh_find();
                }
            },
            REFRESH_PAUSE,
        );
    });

    let shortcut = window_event_listener(ev::keydown, move |ev: ev::KeyboardEvent| {
        let ctrl_k = (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k");
        if ctrl_k || (ev.key() == "/" && !typing_target(&ev)) {
            if let Some(el) = input.get_untracked() {
                ev.prevent_default();
                let _ = el.focus();
                el.select();
                open.set(true);
            }
        }
    });
    on_cleanup(move || shortcut.remove());

    let hits = move || state.find.hits.get().map(|a| a.hits.clone()).unwrap_or_default();
    let choose = move |hit: &FoundPerson| {
        state.reveal_sheet_row(hit.row);
        open.set(false);
    };
    let on_key = move |ev: ev::KeyboardEvent| {
        let n = state.find.hits.with_untracked(|h| h.as_ref().map_or(0, |h| h.hits.len()));
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                highlighted.update(|h| *h = (*h + 1).min(n - 1));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = h.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                let hit = state.find.hits.with_untracked(|h| h.as_ref().and_then(|h| h.hits.get(highlighted.get_untracked()).cloned()));
                if let Some(hit) = hit {
                    choose(&hit);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    open.set(false);
                } else {
                    state.search(String::new());
                }
            }
            _ => {}
        }
    };
    let on_input = move |ev| {
        highlighted.set(0);
        open.set(true);
        state.search(event_target_value(&ev));
    };
    let showing = move || open.get() && !state.find.query.with(|q| q.trim().is_empty());

    view! {
        <section class="panel find-bar" data-testid="find-bar">
            <div class="find-search">
                <label class="find-box">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <circle cx="10.5" cy="10.5" r="6.5" />
                        <path d="M15.5 15.5L20 20" />
                    </svg>
                    <span class="visually-hidden">{move || ft(&state).search_label}</span>
                    <input
                        type="search"
                        data-testid="find-input"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder=move || ft(&state).search_placeholder
                        prop:value=move || state.find.query.get()
                        node_ref=input
                        on:input=on_input
                        on:keydown=on_key
                        on:focus=move |_| open.set(true)
                        // Clicking elsewhere closes the list (a hit's mousedown keeps the focus).
                        on:blur=move |_| open.set(false)
                    />
                    <kbd aria-hidden="true">{move || ft(&state).shortcut}</kbd>
                </label>
                <Show when=showing>
                    <div
                        class="find-hits"
                        data-testid="find-hits"
                        data-query=move || state.find.hits.with(|h| h.as_ref().map(|h| h.query.clone()))
                        data-query-ms=move || state.find.hits.with(|h| h.as_ref().map(|h| format!("{:.3}", h.query_ms)))
                        data-build-ms=move || state.find.hits.with(|h| h.as_ref().map(|h| format!("{:.1}", h.build_ms)))
                        class:stale=move || !state.find.answered()
                    >
                        <ol>
                            <For
                                each=move || hits().into_iter().enumerate()
                                key=|(i, h)| (*i, h.row, h.matched.clone())
                                let:item
                            >
                                <HitRow index=item.0 hit=item.1 highlighted on_choose=choose />
                            </For>
                        </ol>
                        // Waiting for this query's answer: said only past 0.3 s (style/find.css),
                        // so the usual answer in a few milliseconds never flashes it.
                        <Show when=move || !state.find.answered()>
                            <p class="find-pending" data-testid="find-pending" role="status">{move || ft(&state).searching}</p>
                        </Show>
                        <Show when=move || state.find.answered() && state.find.hits.with(|h| h.as_ref().is_some_and(|h| h.hits.is_empty()))>
                            <p class="find-none" data-testid="find-none">{move || ft(&state).no_hits}</p>
                        </Show>
                        <p class="find-time">
                            {move || {
                                let t = ft(&state).query_time;
                                state.find.hits.with(|h| h.as_ref().map(|h| format!("{}{:.2}{}", t.0, h.query_ms, t.1)))
                            }}
                        </p>
                    </div>
                </Show>
            </div>
            <LetterStrip />
        </section>
    }
}

/// One hit: name, department, and why it matched.
#[component]
fn HitRow(
    index: usize,
    hit: FoundPerson,
    highlighted: RwSignal<usize>,
    on_choose: impl Fn(&FoundPerson) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (field, matched) = (hit.field, hit.matched.clone());
    let why = move || format!("{} {}", match_field_label(field, state.lang.get()), matched);
    let (name, department, row) = (hit.name.clone(), hit.department.clone(), hit.row);
    let why_title = why.clone();
    view! {
        <li>
            <button
                type="button"
                class="find-hit"
                class:active=move || highlighted.get() == index
                data-testid="find-hit"
                data-row=row
                // A click, not a mousedown: the box keeps its focus until the row takes it.
                on:mousedown=|ev| ev.prevent_default()
                on:mouseenter=move |_| highlighted.set(index)
                on:click=move |_| on_choose(&hit)
            >
                <span class="hit-name">{name}</span>
                <span class="hit-dept">{department}</span>
                <span class="hit-why" title=move || format!("{} {}", ft(&state).matched_by, why_title())>{why}</span>
            </button>
        </li>
    }
}

/// The A–Z strip: every letter with its count; letters without people are disabled.
#[component]
fn LetterStrip() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = move |c: char| {
        state.find.overview.with(|o| o.as_ref().and_then(|o| o.letters.iter().find(|l| l.0 == c).map(|l| l.1)).unwrap_or(0))
    };
    let is_active = move |c: char| {
        let want = Some(PeopleSet::Letter(c));
        state.find.pending.with(|p| p.as_ref() == want.as_ref())
            || (state.filter.get() == crate::check::RowFilter::Set
                && state.find.active.with(|a| a.as_ref().map(|a| &a.set) == want.as_ref()))
    };
    view! {
        <nav class="az-strip" data-testid="az-strip" aria-label=move || ft(&state).letters>
            {LETTERS
                .chars()
                .map(|c| {
                    view! {
                        <button
                            type="button"
                            class="az-letter"
                            class:active=move || is_active(c)
                            data-testid="az-letter"
                            data-letter=c.to_string()
                            data-count=move || count(c)
                            disabled=move || count(c) == 0
                            title=move || {
                                let t = ft(&state).letter_title;
                                format!("{}{}{}{c}", t.0, count(c), t.1)
                            }
                            on:click=move |_| {
                                if is_active(c) {
                                    state.clear_set();
                                } else {
                                    state.show_set(PeopleSet::Letter(c));
                                }
                            }
                        >
                            <span class="az-char">{c}</span>
                            <span class="az-n">{move || count(c)}</span>
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The chip in the grid's caption that names the set the grid is narrowed to, with a clear button.
#[component]
pub fn SetChip() -> impl IntoView {
    let state = expect_context::<AppState>();
    let active = move || {
        (state.filter.get() == crate::check::RowFilter::Set).then(|| state.find.active.get()).flatten()
    };
    view! {
        {move || {
            active()
                .map(|ActiveSet { set, rows }| {
                    let t = ft(&state);
                    let kind = match set {
                        PeopleSet::Letter(_) => t.chip_letter,
                        PeopleSet::Department(_) => t.chip_department,
                    };
                    view! {
                        <span class="set-chip" data-testid="set-chip" data-count=rows.len()>
                            <span class="chip-kind">{kind}</span>
                            <span class="chip-name">{set.label()}</span>
                            <span class="chip-n">{format!("{}{}{}", t.chip_people.0, rows.len(), t.chip_people.1)}</span>
                            <button
                                type="button"
                                class="chip-clear"
                                data-testid="set-chip-clear"
                                title=t.clear_filter
                                aria-label=t.clear_filter
                                on:click=move |_| state.clear_set()
                            >
                                "×"
                            </button>
                        </span>
                    }
                })
        }}
    }
}
