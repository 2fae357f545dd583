//! The page: top bar, drop zone, status, and — once a file is open — summary, the check's issues,
//! mapping and grid.

use crate::components::{
    data_grid::DataGrid, drop_zone::DropZone, issues::IssuePanel, mapping::MappingPanel, status::StatusView,
    summary::SummaryPanel, top_bar::TopBar,
};
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // The worker loads while the page is idle, ready for the first file.
    set_timeout(move || state.start_worker(), std::time::Duration::ZERO);

    // <html lang> and the title follow the language.
    Effect::new(move |_| {
        let lang = state.lang.get();
        let text = state.text();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(&format!("{} {} · {}", text.product, text.product_latin, text.promise));
    });

    let loaded = move || state.summary.with(Option::is_some);
    // The first screen of a file in two tasks: the grid and the check's panel first, the side
    // panels below it (org tree, summary, mapping) and the drawer in the next task, so neither
    // holds the page for long (issue #7: no main-thread task over 50 ms). Only when the
    // workspace first appears: later readings update the panels in place, keeping focus.
    let settled = RwSignal::new(false);
    Effect::new(move |was_loaded: Option<bool>| {
        let now = loaded();
        if !now {
            settled.set(false);
        } else if was_loaded != Some(true) {
            set_timeout(move || settled.set(true), std::time::Duration::ZERO);
        }
        now
    });
    view! {
        <TopBar />
        <main class="page" class:loaded=loaded>
            <DropZone />
            <StatusView />
            <Show when=loaded>
                <crate::components::find::FindBar />
                <crate::components::diff::DiffPanel />
                <div class="workspace">
                    <aside class="side">
                        <IssuePanel />
                        <Show when=move || settled.get()>
                            <crate::components::org_tree::OrgTreePanel />
                            <SummaryPanel />
                            <MappingPanel />
                        </Show>
                    </aside>
                    <DataGrid />
                </div>
                <Show when=move || settled.get()>
                    <crate::components::dedup::DedupDrawer />
                </Show>
            </Show>
        </main>
    }
}
