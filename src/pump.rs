//! The one pump step both adapters run, and the clock they read.
//!
//! An adapter calls a [`crate::ConnectionCore`] verb, hands the result to [`step`], and does
//! what it says: write [`crate::ConnectionCore::tx_pending`] to the transport, read into
//! [`crate::ConnectionCore::rx_space`], or stop. Protocol decisions are all in the core; the
//! adapters differ only in whether their transport calls are awaited.

use crate::error::{Blocked, Error, ErrorKind};

/// A millisecond clock for protocol time (ticket ages); any monotonic origin.
pub trait Clock {
    /// Milliseconds since an arbitrary, fixed origin.
    fn now_ms(&self) -> u64;
}

/// A clock that always reads 0: for connections that need no protocol time (no tickets).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoClock;

impl Clock for NoClock {
    fn now_ms(&self) -> u64 {
        0
    }
}

impl<F: Fn() -> u64> Clock for F {
    fn now_ms(&self) -> u64 {
        self()
    }
}

/// What an adapter does next.
#[derive(Debug)]
pub(crate) enum Step<T> {
    /// The verb finished.
    Done(T),
    /// Write pending records to the transport, then retry.
    Write,
    /// Read from the transport, then retry.
    Read,
    /// Stop with this error (after flushing any alert, best effort).
    Fail(Error),
}

/// Sorts a verb's result into the adapter's next move.
pub(crate) fn step<T>(r: Result<T, Error>) -> Step<T> {
    match r {
        Ok(v) => Step::Done(v),
        Err(e) => match e.kind() {
            ErrorKind::Blocked(Blocked::OnWrite) => Step::Write,
            ErrorKind::Blocked(Blocked::OnRead) => Step::Read,
            _ => Step::Fail(e),
        },
    }
}

/// The error for a transport that failed or wrote nothing.
pub(crate) fn transport_error() -> Error {
    Error::new(crate::error::Code::Transport)
}
