//! The async adapter: a [`TlsStream`] over an `embedded_io_async` transport.
//!
//! The same shell as [`crate::blocking`] with awaited transport calls: every operation calls a
//! [`crate::ConnectionCore`] verb and follows [`crate::pump`]'s step. It implements
//! `embedded_io_async`'s `Read`, `Write` and `BufRead`.

use crate::core::{AsConnection, ConnectionCore};
use crate::error::Error;
use crate::pump::{step, transport_error, Clock, NoClock, Step};
use embedded_io_async::{BufRead, ErrorType, Read, Write};

/// A TLS connection over an async transport `T`.
///
/// `C` is the connection: a [`crate::Connection`] owning its buffers, a
/// [`crate::ConnectionCore`] over caller slices (e.g. `static` buffers on a microcontroller, so
/// nothing large moves through the stack), or `&mut` either of them ([`AsConnection`]).
pub struct TlsStream<'c, T, C>
where
    T: Read + Write,
    C: AsConnection<'c>,
{
    conn: C,
    transport: T,
    clock: &'c dyn Clock,
}

impl<'c, T, C> TlsStream<'c, T, C>
where
    T: Read + Write,
    C: AsConnection<'c>,
{
    /// Wraps `conn` (not yet negotiated) and `transport`, with no protocol clock.
    pub fn new(conn: C, transport: T) -> Self {
        Self::with_clock(conn, transport, &NoClock)
    }

    /// As [`TlsStream::new`], reading protocol time from `clock`.
    pub fn with_clock(conn: C, transport: T, clock: &'c dyn Clock) -> Self {
        Self {
            conn,
            transport,
            clock,
        }
    }

    /// The connection, e.g. for what was negotiated.
    pub fn conn(&self) -> &C {
        &self.conn
    }

    /// The connection, mutably.
    pub fn conn_mut(&mut self) -> &mut C {
        &mut self.conn
    }

    /// Runs the handshake to completion.
    ///
    /// # Errors
    /// The connection's error (its alert flushed first, best effort), or kind io.
    pub async fn negotiate(&mut self) -> Result<(), Error> {
        self.drive(|c, now| c.negotiate(now)).await
    }

    /// Sends a KeyUpdate and writes it out.
    ///
    /// # Errors
    /// As [`crate::ConnectionCore::key_update`], or kind io.
    pub async fn key_update(&mut self, request_peer: bool) -> Result<(), Error> {
        self.drive(|c, _| c.key_update(request_peer)).await?;
        self.flush_pending().await
    }

    /// Half-close: sends close_notify and keeps reading.
    ///
    /// # Errors
    /// As [`crate::ConnectionCore::shutdown_send`], or kind io.
    pub async fn shutdown_send(&mut self) -> Result<(), Error> {
        self.drive(|c, now| c.shutdown_send(now)).await
    }

    /// Graceful close both ways, keeping the transport.
    ///
    /// # Errors
    /// As [`crate::ConnectionCore::shutdown`], or kind io.
    pub async fn shutdown(&mut self) -> Result<(), Error> {
        self.drive(|c, now| c.shutdown(now)).await
    }

    /// Sends close_notify (or the pending fatal alert) and hands the transport back, even on
    /// error. Does not wait for the peer's close_notify.
    ///
    /// # Errors
    /// The transport with the connection's sticky error or a transport failure.
    pub async fn close(mut self) -> Result<T, (T, Error)> {
        let r = match self.conn.connection().error() {
            Some(e) => Err(e),
            None => self.drive(|c, now| c.shutdown_send(now)).await,
        };
        let _ = self.flush_pending().await;
        let r = match r {
            Ok(()) => self.transport.flush().await.map_err(|_| transport_error()),
            Err(e) => Err(e),
        };
        match r {
            Ok(()) => Ok(self.transport),
            Err(e) => Err((self.transport, e)),
        }
    }

    /// Calls `op` until it is not blocked, moving bytes as the pump says.
    async fn drive<R>(
        &mut self,
        mut op: impl FnMut(&mut ConnectionCore<'c, C::Provider, C::Buffers>, u64) -> Result<R, Error>,
    ) -> Result<R, Error> {
        loop {
            match step(op(self.conn.connection_mut(), self.clock.now_ms())) {
                Step::Done(v) => return Ok(v),
                Step::Write => self.write_some().await?,
                Step::Read => self.read_some().await?,
                Step::Fail(e) => {
                    let _ = self.flush_pending().await;
                    return Err(e);
                }
            }
        }
    }

    async fn write_some(&mut self) -> Result<(), Error> {
        let pending = self.conn.connection().tx_pending();
        if pending.is_empty() {
            return Ok(());
        }
        match self.transport.write(pending).await {
            Ok(0) | Err(_) => Err(transport_error()),
            Ok(n) => {
                self.conn.connection_mut().tx_ack(n);
                Ok(())
            }
        }
    }

    async fn read_some(&mut self) -> Result<(), Error> {
        let space = self.conn.connection_mut().rx_space();
        if space.is_empty() {
            return Err(self
                .conn
                .connection()
                .error()
                .unwrap_or_else(transport_error));
        }
        match self.transport.read(space).await {
            Ok(0) => self.conn.connection_mut().rx_eof(),
            Ok(n) => self.conn.connection_mut().rx_commit(n),
            Err(_) => return Err(transport_error()),
        }
        Ok(())
    }

    async fn flush_pending(&mut self) -> Result<(), Error> {
        while !self.conn.connection().tx_pending().is_empty() {
            self.write_some().await?;
        }
        Ok(())
    }

    async fn ensure_negotiated(&mut self) -> Result<(), Error> {
        if self.conn.connection().is_handshake_complete()
            && self.conn.connection().error().is_none()
        {
            return Ok(());
        }
        self.negotiate().await
    }
}

impl<'c, T, C> ErrorType for TlsStream<'c, T, C>
where
    T: Read + Write,
    C: AsConnection<'c>,
{
    type Error = Error;
}

impl<'c, T, C> Read for TlsStream<'c, T, C>
where
    T: Read + Write,
    C: AsConnection<'c>,
{
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        self.ensure_negotiated().await?;
        self.drive(|c, now| c.recv(buf, now)).await
    }
}

impl<'c, T, C> BufRead for TlsStream<'c, T, C>
where
    T: Read + Write,
    C: AsConnection<'c>,
{
    async fn fill_buf(&mut self) -> Result<&[u8], Error> {
        self.ensure_negotiated().await?;
        self.drive(|c, now| c.fill_buf(now).map(<[u8]>::len))
            .await?;
        Ok(self.conn.connection().buffered())
    }

    fn consume(&mut self, amt: usize) {
        self.conn.connection_mut().consume(amt);
    }
}

impl<'c, T, C> Write for TlsStream<'c, T, C>
where
    T: Read + Write,
    C: AsConnection<'c>,
{
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Error> {
        self.ensure_negotiated().await?;
        let n = self.drive(|c, now| c.send(buf, now)).await?;
        self.flush_pending().await?;
        Ok(n)
    }

    async fn flush(&mut self) -> Result<(), Error> {
        self.flush_pending().await?;
        self.transport.flush().await.map_err(|_| transport_error())
    }
}
