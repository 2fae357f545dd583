//! The header: product name, the privacy promise, the language picker.

use crate::i18n::Lang;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn TopBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_lang = move |ev| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            state.set_lang(lang);
        }
    };
    view! {
        <header class="top-bar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"名"</span>
                <span class="brand-name">{move || state.text().product}</span>
                <span class="brand-latin">{move || state.text().product_latin}</span>
            </div>
            <p class="promise">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M7 10V7a5 5 0 0 1 10 0v3" />
                    <rect x="4.5" y="10" width="15" height="11" rx="2.5" />
                    <path d="M12 14.5v2.5" />
                </svg>
                <span data-testid="promise">{move || state.text().promise}</span>
            </p>
            <crate::components::dedup::EditBar />
            <label class="lang">
                <span class="visually-hidden">{move || state.text().language}</span>
                <select data-testid="lang-select" on:change=on_lang>
                    {Lang::ALL
                        .into_iter()
                        .map(|lang| {
                            view! {
                                <option value=lang.tag() prop:selected=move || state.lang.get() == lang>
                                    {lang.native_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </header>
    }
}
