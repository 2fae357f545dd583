//! "导出错误数据": the error report as xlsx or CSV, the problem rows or all of them. The worker
//! writes the file with the engine's report module; the page hands it over as a download (a Blob,
//! never the network).

use crate::protocol::check::ReportFormat;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn ErrorReport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let only_problems = RwSignal::new(true);
    let download = move |format| state.download_report(format, only_problems.get_untracked());
    view! {
        <div class="report" data-testid="report">
            <h3>{move || state.text().report}</h3>
            <p class="hint">{move || state.text().report_hint}</p>
            <div class="segmented" role="radiogroup" data-testid="report-rows">
                <label class:on=move || only_problems.get()>
                    <input
                        type="radio"
                        name="report-rows"
                        value="problems"
                        prop:checked=move || only_problems.get()
                        on:change=move |_| only_problems.set(true)
                    />
                    {move || state.text().report_problem_rows}
                </label>
                <label class:on=move || !only_problems.get()>
                    <input
                        type="radio"
                        name="report-rows"
                        value="all"
                        data-testid="report-all-rows"
                        prop:checked=move || !only_problems.get()
                        on:change=move |_| only_problems.set(false)
                    />
                    {move || state.text().report_all_rows}
                </label>
            </div>
            <div class="report-buttons">
                <button
                    type="button"
                    class="button"
                    data-testid="report-xlsx"
                    disabled=move || state.is_working()
                    on:click=move |_| download(ReportFormat::Xlsx)
                >
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M12 4v11M7.5 10.5L12 15l4.5-4.5M5 19.5h14" />
                    </svg>
                    {move || state.text().report_xlsx}
                    <span class="ext">".xlsx"</span>
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="report-csv"
                    disabled=move || state.is_working()
                    on:click=move |_| download(ReportFormat::Csv)
                >
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M12 4v11M7.5 10.5L12 15l4.5-4.5M5 19.5h14" />
                    </svg>
                    {move || state.text().report_csv}
                    <span class="ext">".csv"</span>
                </button>
            </div>
        </div>
    }
}
