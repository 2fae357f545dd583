//! The reading progress and the error message.

use crate::state::{AppState, Status};
use leptos::prelude::*;

/// Percent done, or `None` while the total is unknown.
fn percent(done: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| (done as f64 * 100.0 / total as f64).clamp(0.0, 100.0))
}

#[component]
pub fn StatusView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let progress = move || match state.status.get() {
        Status::Working { done, total } => Some(percent(done, total)),
        _ => None,
    };
    let error = move || match state.status.get() {
        Status::Failed(message) => Some(message),
        _ => None,
    };
    view! {
        <Show when=move || progress().is_some()>
            <div
                class="progress"
                data-testid="progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || progress().flatten().map(|p| format!("{p:.0}"))
            >
                <div class="progress-label">
                    <span>
                        {move || {
                            let text = state.text();
                            if state.checking.get() {
                                text.checking
                            } else if progress().flatten().is_some_and(|p| p >= 100.0) {
                                text.preparing
                            } else {
                                text.reading
                            }
                        }}
                        "…"
                    </span>
                    <span class="progress-percent">
                        {move || progress().flatten().filter(|_| !state.checking.get()).map(|p| format!("{p:.0}%"))}
                        <button
                            type="button"
                            class="progress-cancel"
                            data-testid="cancel-reading"
                            on:click=move |_| state.cancel()
                        >
                            {move || state.text().cancel}
                        </button>
                    </span>
                </div>
                <div class="progress-track">
                    <div
                        class="progress-fill"
                        class:indeterminate=move || progress().flatten().is_none() || state.checking.get()
                        style:transform=move || format!("scaleX({:.3})", progress().flatten().unwrap_or(0.0) / 100.0)
                    ></div>
                </div>
            </div>
        </Show>
        {move || {
            error()
                .map(|message| {
                    view! {
                        <div class="error" role="alert">
                            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                                <circle cx="12" cy="12" r="9.5" />
                                <path d="M12 7v6M12 16.5v.5" />
                            </svg>
                            <div>
                                <strong>{move || state.text().cannot_read}</strong>
                                <p data-testid="error-message">{message}</p>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_is_bounded_and_unknown_without_a_total() {
        assert_eq!(super::percent(5, 0), None);
        assert_eq!(super::percent(50, 200), Some(25.0));
        assert_eq!(super::percent(300, 200), Some(100.0));
    }
}
