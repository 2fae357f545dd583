//! The workers' messages, turned into [`Event`]s: the reading worker's answers (the issues of a
//! check read a part at a time), the helper's, and a worker saying it is ready.

use super::*;

/// Issues read in one task of the page: ~10 ms of it on a 2-core VM (100k issues, at 1M rows
/// with 5 % faults, were one task of 60 ms).
const ISSUES_PER_TASK: usize = 20_000;

impl Inner {
    /// The duplicate groups beside an [`Response::Edited`].
    fn edited(data: &JsValue, mut state: EditState) -> Result<EditState, String> {
        let groups = transport::buffer_of(data, crate::protocol::dedup::GROUPS)
            .ok_or_else(|| "the duplicate groups' buffer is missing".to_string())
            .and_then(|b| crate::protocol::dedup::decode_groups(&transport::u32s_of(&b)))?;
        state.groups = groups;
        Ok(state)
    }

    /// A worker said it is ready: what waited for it goes now.
    fn ready(&self, role: Role) {
        if let Some(live) = self.slot(role).borrow().as_ref() {
            live.ready.set(true);
            for (json, bytes) in live.queue.borrow_mut().drain(..) {
                post(&live.worker, &json, bytes);
            }
        }
    }

    /// The helper's messages: ready, then one answer per file.
    fn receive_helper(&self, data: JsValue) {
        let response = transport::json_of(&data).and_then(|json| serde_json::from_slice::<Response>(&json).ok());
        match response {
            Some(Response::Ready) => self.ready(Role::Helper),
            Some(Response::Edited { id, state }) => {
                self.helper_answered(Some((id, Inner::edited(&data, state).ok())))
            }
            Some(Response::Failed { id: Some(id), .. }) => self.helper_answered(Some((id, None))),
            // A panic: the helper is about to abort.
            Some(Response::Failed { id: None, message }) => self.crashed(Role::Helper, Some(message)),
            _ => {}
        }
    }

    /// Check the issues' buffer [`ISSUES_PER_TASK`] issues at a time, the page free between the
    /// parts, then show the check (unless a newer request came meanwhile).
    async fn checked(self: Rc<Self>, id: RequestId, check: CheckSummary, issues: js_sys::Uint8Array) {
        let (mut decode_ms, mut parts) = (0.0, 0);
        let mut reader = match check_protocol::IssueListReader::shared(issues) {
            Ok(reader) => reader,
            Err(message) => return self.emit(Event::Failed { message }),
        };
        loop {
            let start = js_sys::Date::now();
            if let Err(message) = reader.next(ISSUES_PER_TASK) {
                return self.emit(Event::Failed { message });
            }
            decode_ms += js_sys::Date::now() - start;
            if reader.done() && parts == 0 {
                break; // one part: shown in the same task, as a small check always was
            }
            // The page is free between the parts, and between the last one and indexing the
            // check for the panel (at 577k issues the two shared one task of 53–58 ms).
            next_task().await;
            if id != self.latest.get() {
                return;
            }
            if reader.done() {
                break;
            }
            parts += 1;
        }
        self.emit(Event::Checked { check, issues: reader.finish(), decode_ms });
        // The reading worker waits for the check to be drawn before the duplicates, unless the
        // helper finds them.
        if self.aside.borrow().as_ref().is_some_and(|a| a.id == id) {
            self.reading_checked(id);
        } else if let Some(live) = self.live.borrow().as_ref() {
            drawn_later(live.worker.clone(), id);
        }
    }

    pub(super) fn receive(self: &Rc<Self>, role: Role, data: JsValue) {
        if role == Role::Helper {
            return self.receive_helper(data);
        }
        let response = transport::json_of(&data).and_then(|json| serde_json::from_slice::<Response>(&json).ok());
        let Some(response) = response else {
            return web_sys::console::error_2(&"minglu: not a worker response".into(), &data);
        };
        let current = |id: RequestId| id == self.latest.get();
        match response {
            Response::Ready => self.ready(Role::Reader),
            Response::Progress { id, done, total } if current(id) => {
                self.emit(Event::Progress { done, total });
                // The file is read; the worker maps and packs it next. The helper starts on the
                // duplicates now, on the core the page leaves idle until the first screen comes.
                if total > 0 && done >= total {
                    self.start_helper(id);
                }
            }
            Response::FileRead { id } => {
                if let Some(buffer) = transport::buffer_of(&data, crate::protocol::BYTES) {
                    self.file_read(id, buffer);
                }
            }
            Response::Opened { id, summary, width, check_follows } if current(id) => match transport::grid_of(&data, width) {
                Ok(grid) => {
                    self.grid_request.set(id);
                    self.emit(Event::Opened { summary, grid, check_follows });
                    if let Some(live) = self.live.borrow().as_ref() {
                        drawn_later(live.worker.clone(), id);
                    }
                    self.opened(id);
                }
                Err(message) => self.emit(Event::Failed { message }),
            },
            Response::Regridded { id, summary, width } if current(id) => match transport::grid_of(&data, width) {
                Ok(grid) => {
                    self.grid_request.set(id);
                    self.emit(Event::Regridded { summary, grid })
                }
                Err(message) => self.emit(Event::Failed { message }),
            },
            Response::Edited { id, state } if current(id) => match Inner::edited(&data, state) {
                Ok(state) => self.emit(Event::Edited { state }),
                Err(message) => self.emit(Event::Failed { message }),
            },
            Response::GroupLines { lines, .. } => self.emit(Event::GroupLines { lines }),
            Response::Remapped { id, summary } if current(id) => self.emit(Event::Remapped { summary }),
            Response::Checked { id, check } if current(id) => match transport::buffer_of(&data, check_protocol::ISSUES) {
                // Read where it is: the page's wasm memory would keep a copy's size for good.
                Some(buffer) => {
                    let array = js_sys::Uint8Array::new(&buffer);
                    wasm_bindgen_futures::spawn_local(Rc::clone(self).checked(id, check, array));
                }
                None => self.emit(Event::Failed { message: "the issues buffer is missing".into() }),
            },
            // Patches of any request after the shown grid's: the worker already applied them.
            Response::Patched { id, cells } if id > self.grid_request.get() => self.emit(Event::Patched { cells }),
            Response::ReportFile { id, file_name, mime } if current(id) => match transport::buffer_of(&data, BYTES) {
                Some(bytes) => self.emit(Event::ReportFile { file_name, mime, bytes }),
                None => self.emit(Event::Failed { message: "the report's bytes are missing".into() }),
            },
            Response::Diffed { id, view } if current(id) => self.emit(Event::Diffed { view }),
            Response::ExportPreview { id, preview } => {
                self.emit(Event::Export(crate::export::ExportEvent::Preview { id, preview }))
            }
            Response::ExportFiles { id, files, done } => {
                let buffers: Option<Vec<_>> = (0..files.len())
                    .map(|i| transport::buffer_of(&data, &crate::protocol::export::file_buffer(i)))
                    .collect();
                let event = match buffers {
                    Some(buffers) => {
                        crate::export::ExportEvent::Files { id, files: files.into_iter().zip(buffers).collect(), done }
                    }
                    None => crate::export::ExportEvent::Failed {
                        id,
                        kind: crate::protocol::export::FailureKind::Other,
                        message: "the files' bytes are missing".into(),
                    },
                };
                self.emit(Event::Export(event))
            }
            Response::ExportFailed { id, kind, message } => {
                self.emit(Event::Export(crate::export::ExportEvent::Failed { id, kind, message }))
            }
            Response::Failed { id: Some(id), message } if current(id) => {
                // A reading that failed needs no duplicates: the file's bytes waiting for the
                // helper (`Response::FileRead`) go now, not with the next file.
                if let Some(aside) = self.aside.borrow_mut().as_mut().filter(|a| a.id == id) {
                    aside.request = None;
                }
                self.emit(Event::Failed { message })
            }
            r @ (Response::Found { .. } | Response::Overview { .. } | Response::SetRows { .. }) => self.emit(Event::Find(r)),
            // A panic: the worker is about to abort. Stop it now and say why (the error event
            // that would follow is then never delivered).
            Response::Failed { id: None, message } => self.crashed(Role::Reader, Some(message)),
            _ => {} // an answer to a request that was superseded
        }
    }
}
