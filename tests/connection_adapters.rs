//! The same transcript through the blocking and the async adapter, over an in-memory duplex
//! pipe: handshake, a large echo, KeyUpdate, close handing the transport back.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs,
    reason = "tests: a panic is the verdict"
)]

mod connection_support;

use connection_support::*;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use tls_crypto::RustCrypto;
use wren_tls::{asynch, blocking, Connection};

type Conn<'c> = Connection<'c, RustCrypto, BUF, BUF>;

/// One direction of the pipe: bytes and whether the writer closed it.
#[derive(Default)]
struct Half {
    bytes: VecDeque<u8>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    half: Mutex<Half>,
    cv: Condvar,
}

/// One end of an in-memory duplex pipe; reads return at most `chunk` bytes.
struct End {
    rx: Arc<Shared>,
    tx: Arc<Shared>,
    chunk: usize,
}

fn pipe(chunk: usize) -> (End, End) {
    let (a, b) = (Arc::new(Shared::default()), Arc::new(Shared::default()));
    (
        End {
            rx: a.clone(),
            tx: b.clone(),
            chunk,
        },
        End {
            rx: b,
            tx: a,
            chunk,
        },
    )
}

impl End {
    fn try_read(&self, buf: &mut [u8]) -> Option<usize> {
        let mut h = self.rx.half.lock().unwrap();
        if h.bytes.is_empty() {
            return h.closed.then_some(0);
        }
        let n = buf.len().min(self.chunk).min(h.bytes.len());
        for b in &mut buf[..n] {
            *b = h.bytes.pop_front().unwrap();
        }
        Some(n)
    }
    fn put(&self, buf: &[u8]) -> usize {
        let mut h = self.tx.half.lock().unwrap();
        h.bytes.extend(buf);
        self.tx.cv.notify_all();
        buf.len()
    }
    fn close(&self) {
        self.tx.half.lock().unwrap().closed = true;
        self.tx.cv.notify_all();
    }
}

impl embedded_io::ErrorType for End {
    type Error = core::convert::Infallible;
}
impl embedded_io::Read for End {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        loop {
            if let Some(n) = self.try_read(buf) {
                return Ok(n);
            }
            let h = self.rx.half.lock().unwrap();
            if h.bytes.is_empty() && !h.closed {
                drop(
                    self.rx
                        .cv
                        .wait_timeout(h, std::time::Duration::from_millis(50))
                        .unwrap(),
                );
            }
        }
    }
}
impl embedded_io::Write for End {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        Ok(self.put(buf))
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}
impl embedded_io_async::Read for End {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        loop {
            if let Some(n) = self.try_read(buf) {
                return Ok(n);
            }
            embassy_futures::yield_now().await;
        }
    }
}
impl embedded_io_async::Write for End {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        Ok(self.put(buf))
    }
}

const REQUEST: &[u8] = b"echo this, then a big block";

/// The client's transcript: what it received back, and its final state.
fn blocking_run(chunk: usize) -> Vec<u8> {
    let (cend, send) = pipe(chunk);
    let server = std::thread::spawn(move || {
        let (srng, signer) = (rng(52), p256_signer());
        let scfg = server_config(&srng, P256_CHAIN, &signer);
        let conn = Conn::new_server(&scfg).unwrap();
        let mut s = blocking::TlsStream::new(conn, send);
        s.negotiate().unwrap();
        let mut buf = vec![0u8; 5000];
        loop {
            let n = embedded_io::Read::read(&mut s, &mut buf).unwrap();
            if n == 0 {
                break;
            }
            embedded_io::Write::write_all(&mut s, &buf[..n]).unwrap();
        }
        let end = s.close().map_err(|(_, e)| e).unwrap();
        end.close();
    });
    let crng = rng(51);
    let ccfg = client_config(&crng);
    let conn = Conn::new_client(&ccfg, Some(SERVER_NAME)).unwrap();
    let mut c = blocking::TlsStream::new(conn, cend);
    c.negotiate().unwrap();
    let big = pattern(50_000, 9);
    let mut got = Vec::new();
    embedded_io::Write::write_all(&mut c, REQUEST).unwrap();
    c.key_update(true).unwrap();
    embedded_io::Write::write_all(&mut c, &big).unwrap();
    c.shutdown_send().unwrap();
    loop {
        let buf = embedded_io::BufRead::fill_buf(&mut c).unwrap();
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        got.extend_from_slice(buf);
        embedded_io::BufRead::consume(&mut c, n);
    }
    assert_eq!(
        c.conn().peer_key_updates(),
        1,
        "the server answered the KeyUpdate"
    );
    let end = c.close().map_err(|(_, e)| e).unwrap();
    end.close();
    server.join().unwrap();
    assert_eq!(&got[..REQUEST.len()], REQUEST);
    assert_eq!(&got[REQUEST.len()..], &big[..]);
    got
}

fn async_run(chunk: usize) -> Vec<u8> {
    let (cend, send) = pipe(chunk);
    let (srng, signer) = (rng(52), p256_signer());
    let scfg = server_config(&srng, P256_CHAIN, &signer);
    let crng = rng(51);
    let ccfg = client_config(&crng);
    let server = async {
        let conn = Conn::new_server(&scfg).unwrap();
        let mut s = asynch::TlsStream::new(conn, send);
        s.negotiate().await.unwrap();
        let mut buf = vec![0u8; 5000];
        loop {
            let n = embedded_io_async::Read::read(&mut s, &mut buf)
                .await
                .unwrap();
            if n == 0 {
                break;
            }
            embedded_io_async::Write::write_all(&mut s, &buf[..n])
                .await
                .unwrap();
        }
        let end = s.close().await.map_err(|(_, e)| e).unwrap();
        end.close();
    };
    let client = async {
        let conn = Conn::new_client(&ccfg, Some(SERVER_NAME)).unwrap();
        let mut c = asynch::TlsStream::new(conn, cend);
        c.negotiate().await.unwrap();
        let big = pattern(50_000, 9);
        let mut got = Vec::new();
        embedded_io_async::Write::write_all(&mut c, REQUEST)
            .await
            .unwrap();
        c.key_update(true).await.unwrap();
        embedded_io_async::Write::write_all(&mut c, &big)
            .await
            .unwrap();
        c.shutdown_send().await.unwrap();
        loop {
            let buf = embedded_io_async::BufRead::fill_buf(&mut c).await.unwrap();
            if buf.is_empty() {
                break;
            }
            let n = buf.len();
            got.extend_from_slice(buf);
            embedded_io_async::BufRead::consume(&mut c, n);
        }
        assert_eq!(c.conn().peer_key_updates(), 1);
        let end = c.close().await.map_err(|(_, e)| e).unwrap();
        end.close();
        got
    };
    let ((), got) = embassy_futures::block_on(embassy_futures::join::join(server, client));
    got
}

#[test]
fn same_transcript_through_both_adapters() {
    for chunk in [usize::MAX, 1, 333] {
        let b = blocking_run(chunk);
        let a = async_run(chunk);
        assert_eq!(a, b);
    }
}
