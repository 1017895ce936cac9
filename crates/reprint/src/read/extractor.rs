//! The HTML extractor run on threads of its own: a large stack, a panic
//! kept to its page, and a time limit per page.
//!
//! In: pages decoded to text, each with the place and identity it is read
//! under ([`PageOrigin`]). Out: for each page, its document or the reason
//! it gave none ([`PageSkip`]).
//!
//! The extractor is someone else's code facing the whole web, and it
//! cannot be interrupted. So each page is handed to a worker thread and
//! waited for no longer than the time limit. A page past the limit is
//! skipped, [`PageSkip::TooSlow`], and its worker is left to finish it in
//! the background while a fresh worker takes its place; the abandoned one
//! ends once its page is done. The [shape limits](super::html::PAGE_SHAPE_LIMITS)
//! bound how long that can be. The time limit runs from the moment a worker
//! takes the page up, so pages waiting their turn are not cut short. The
//! workers are shared by every reader of the process and live as long as
//! it does, so the extractor's per-thread caches stay warm from page to page
//! and from one read to the next.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use super::html::{page_document, PageOrigin};
use super::PageSkip;
use crate::model::Document;

/// The stack of a worker. The extractor recurses once per level of
/// nesting; the shape limits bound the levels, and this leaves room to
/// spare. Only the part of it a page touches is ever committed.
const WORKER_STACK_BYTES: usize = 64 << 20;

/// What a worker says of a page: that it took it up, then what it found.
enum Answer {
    Started,
    Done(Box<Result<Document, PageSkip>>),
}

/// A page for a worker, with the channel its answers go back on.
struct Job {
    html: String,
    origin: PageOrigin,
    answers: SyncSender<Answer>,
}

/// The pages still to be taken, shared by the workers.
type Queue = Arc<Mutex<Receiver<Job>>>;

/// Worker threads that extract pages, each page within a time limit.
pub(crate) struct Extractors {
    jobs: Sender<Job>,
    queue: Queue,
}

/// The workers every reader of the process shares, started at the first
/// page read.
static SHARED: OnceLock<Extractors> = OnceLock::new();

impl Extractors {
    /// The workers of the process, one per thread of the current rayon
    /// pool, started at the first call. The error is the system's refusal
    /// to start one.
    pub(crate) fn shared() -> std::io::Result<&'static Extractors> {
        if let Some(started) = SHARED.get() {
            return Ok(started);
        }
        let started = Extractors::start(rayon::current_num_threads())?;
        // Should two readers start workers at once, the loser's end when
        // its queue closes on drop.
        Ok(SHARED.get_or_init(|| started))
    }

    /// Starts `workers` threads.
    fn start(workers: usize) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..workers.max(1) {
            spawn_worker(Arc::clone(&queue))?;
        }
        Ok(Extractors { jobs, queue })
    }

    /// Extracts one page's article, as [`page_document`] does, waiting for
    /// it no longer than `time_limit` from the moment a worker takes it up
    /// (`None` waits for it however long it takes). The error is the
    /// system's refusal to start a worker in place of one left behind on a
    /// slow page.
    pub(crate) fn extract(
        &self,
        html: String,
        origin: PageOrigin,
        time_limit: Option<Duration>,
    ) -> std::io::Result<Result<Document, PageSkip>> {
        let (answers, answered) = mpsc::sync_channel(2);
        let job = Job {
            html,
            origin,
            answers,
        };
        let sent = self.jobs.send(job);
        // The queue lives as long as `self`, so the send cannot fail, and
        // a worker answers every page it takes up.
        let lost = Ok(Err(PageSkip::ExtractorFailed));
        if sent.is_err() || !matches!(answered.recv(), Ok(Answer::Started)) {
            return lost;
        }
        let done = match time_limit {
            None => answered.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(limit) => answered.recv_timeout(limit),
        };
        match done {
            Ok(Answer::Done(document)) => Ok(*document),
            Ok(Answer::Started) | Err(RecvTimeoutError::Disconnected) => lost,
            Err(RecvTimeoutError::Timeout) => {
                spawn_worker(Arc::clone(&self.queue))?;
                Ok(Err(PageSkip::TooSlow(time_limit.expect("timed out"))))
            }
        }
    }
}

/// Starts a worker that takes pages from `queue` until the queue closes or
/// the page it finished was given up on (a fresh worker has its place).
fn spawn_worker(queue: Queue) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("reprint-extractor".to_string())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || loop {
            let job = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
            let Ok(job) = job else { return };
            if job.answers.send(Answer::Started).is_err() {
                continue;
            }
            let document = catch_unwind(AssertUnwindSafe(|| page_document(&job.html, job.origin)))
                .unwrap_or(Err(PageSkip::ExtractorFailed));
            if job.answers.send(Answer::Done(Box::new(document))).is_err() {
                return;
            }
        })
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use std::path::Path;

    fn origin(id: &str) -> PageOrigin {
        PageOrigin {
            id: id.to_string(),
            url: None,
            location: Location::file(Path::new("page.html")),
        }
    }

    const ARTICLE: &str = "<html><body><article><p>Le conseil municipal a voté mardi le budget \
        du port, qui prévoit des travaux sur le quai nord et la création de deux postes \
        d'agents. Les élus de l'opposition ont dénoncé un calendrier trop serré.</p>\
        </article></body></html>";

    #[test]
    fn extracts_pages_and_gives_up_on_a_slow_one_without_losing_a_worker() {
        let limit = Some(Duration::from_millis(300));
        let extractors = Extractors::start(1).unwrap();
        let first = extractors
            .extract(ARTICLE.to_string(), origin("a"), limit)
            .unwrap();
        assert!(first.unwrap().text.as_str().contains("budget du port"));
        // Ten megabytes of one paragraph take the extractor seconds.
        let slow = format!(
            "<html><body><p>{}</p></body></html>",
            "un mot ".repeat(1_500_000)
        );
        let skipped = extractors.extract(slow, origin("slow"), limit).unwrap();
        assert!(
            matches!(skipped, Err(PageSkip::TooSlow(given)) if Some(given) == limit),
            "{skipped:?}"
        );
        // The one worker is still on the slow page; its replacement answers.
        let after = extractors
            .extract(ARTICLE.to_string(), origin("b"), limit)
            .unwrap();
        assert_eq!(after.unwrap().id, "b");
    }
}
