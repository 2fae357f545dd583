//! The duplicate helper's part in a new reading (see [`super::Inner`]'s `helper`): when its
//! answer shows, and when the reading worker is asked instead.

use crate::protocol::dedup::EditState;
use crate::protocol::RequestId;
use crate::transport::Attachment;

/// Files up to this size have their duplicates found by the helper. Bigger ones would hold the
/// file's people twice in memory (at 1M rows the reading worker alone needs ~410 MiB), and
/// there the reading worker finds them after the check, as on a one-core machine.
pub const HELPER_MAX_BYTES: f64 = 32.0 * 1024.0 * 1024.0;

/// A new reading whose duplicates the helper finds. The helper starts when the reading worker
/// has read the file (its last progress message; at the latest when the first screen arrives),
/// and finds the duplicates while the reading worker maps, packs and checks. Its answer
/// shows as soon as it comes once the reading's first screen is there; one that comes before
/// (a small file) is held until then. If the helper fails, the reading worker is asked for them
/// — but only once its check is in: a request before that would take the place of the check it
/// is waiting to run. Plain state, so that order is tested without a browser.
pub(super) struct Aside {
    pub id: RequestId,
    /// The helper's request and the file, sent when the reading worker has read the file: sent
    /// with the reading request, the helper's read ran beside the reading worker's and the
    /// page's drawing of the first screen — three threads on a two-core machine, which made the
    /// first screen ~50 % slower and the page's task for it reach 50 ms. The file becomes the
    /// reading worker's bytes of it when they come ([`Aside::file_read`]): the browser then
    /// reads the file once.
    pub request: Option<(String, Attachment)>,
    /// The reading's first screen came.
    opened: bool,
    /// The helper's duplicates, come before the first screen.
    held: Option<EditState>,
    /// The helper failed, or is gone.
    failed: bool,
    /// The reading worker's check came.
    checked: bool,
    /// The duplicates were shown, or asked of the reading worker: nothing is left to do.
    done: bool,
}

impl Aside {
    pub fn new(id: RequestId) -> Aside {
        Aside { id, request: None, opened: false, held: None, failed: false, checked: false, done: false }
    }

    /// The reading worker read the file: its bytes go to the helper in place of the file, if
    /// the helper is still to start.
    pub fn file_read(&mut self, bytes: Attachment) {
        if let Some((_, attachment)) = self.request.as_mut() {
            *attachment = bytes;
        }
    }

    /// The helper's duplicates came: the ones to show now (none when it is too late, or when
    /// the first screen is still to come: they are held until then).
    pub fn answered(&mut self, state: EditState) -> Option<EditState> {
        if std::mem::replace(&mut self.done, true) {
            return None;
        }
        if self.opened {
            return Some(state);
        }
        self.held = Some(state);
        None
    }

    /// The reading's first screen came: the duplicates held until then, if any.
    pub fn opened(&mut self) -> Option<EditState> {
        self.opened = true;
        self.held.take()
    }

    /// The helper failed: is it time to ask the reading worker?
    pub fn failed(&mut self) -> bool {
        self.failed = true;
        self.ask()
    }

    /// The reading worker's check came: is it time to ask it for the duplicates?
    pub fn checked(&mut self) -> bool {
        self.checked = true;
        self.ask()
    }

    fn ask(&mut self) -> bool {
        let ask = self.failed && self.checked && !self.done;
        self.done |= ask;
        ask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(dedup_ms: f64) -> EditState {
        EditState { dedup_ms, ..EditState::default() }
    }

    #[test]
    fn a_failed_helper_hands_the_duplicates_to_the_reading_worker_once_it_has_checked() {
        // The helper fails first: the reading worker is still to check (a big file's check waits
        // for the page to draw the first screen); a request now would take that check's place.
        let mut aside = Aside::new(7);
        assert_eq!(aside.opened(), None);
        assert!(!aside.failed(), "not before the check");
        assert!(aside.checked(), "once the check came");
        assert!(!aside.checked() && !aside.failed() && aside.answered(state(1.0)).is_none(), "and once only");
        // The check first, then the helper fails: at once.
        let mut aside = Aside::new(8);
        assert!(!aside.checked(), "the helper has not failed");
        assert!(aside.failed());
    }

    #[test]
    fn the_helpers_duplicates_show_once_and_a_later_failure_changes_nothing() {
        // After the first screen, before the check or after it: the duplicates show when they come.
        let mut aside = Aside::new(7);
        assert_eq!(aside.opened(), None);
        assert_eq!(aside.answered(state(1.0)), Some(state(1.0)));
        assert_eq!(aside.answered(state(2.0)), None, "once");
        assert!(!aside.failed(), "its crash afterwards asks nothing");
        assert!(!aside.checked());
    }

    #[test]
    fn duplicates_that_come_before_the_first_screen_wait_for_it() {
        // The helper starts when the file is read; for a small file it can answer before the
        // reading worker's first screen, which must come first.
        let mut aside = Aside::new(7);
        assert_eq!(aside.answered(state(1.0)), None, "held");
        assert_eq!(aside.opened(), Some(state(1.0)), "shown with the first screen");
        assert_eq!(aside.opened(), None, "once");
        assert!(!aside.failed() && !aside.checked(), "and nothing is asked of the reading worker");
    }
}
