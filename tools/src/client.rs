//! `wren-client`: connect, verify, then copy stdin to the peer and the peer to stdout.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::args::ClientArgs;
use crate::session::{summary, Conn, Failure, Session};
use crate::setup::client_config;

/// How long the handshake may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one socket read waits before stdin is looked at again.
const POLL: Duration = Duration::from_millis(20);

/// Why the client stopped, and what to print.
#[derive(Debug)]
pub enum Exit {
    /// Bad flags or files: the message and the usage (exit 2).
    Usage(String),
    /// The connection failed (exit 1 with the error's name).
    Failed(Failure),
}

/// Runs the client: `stdin` is sent after the handshake (its end half-closes the connection),
/// what the peer sends goes to `stdout`, and the summary line to `stderr`.
///
/// Returns after the peer's close_notify.
///
/// # Errors
/// [`Exit`] for bad flags or a failed connection; the caller prints it and picks the exit code.
pub fn run(
    args: &ClientArgs,
    stdin: impl Read + Send + 'static,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(), Exit> {
    let config = client_config(args).map_err(Exit::Usage)?;
    let host = args
        .connect
        .rsplit_once(':')
        .map(|(h, _)| h.trim_start_matches('[').trim_end_matches(']'))
        .ok_or_else(|| Exit::Usage(format!("--connect {:?}: HOST:PORT", args.connect)))?;
    let server_name = args.servername.clone().unwrap_or_else(|| host.to_owned());
    let addr = args
        .connect
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| Exit::Usage(format!("--connect {:?}: cannot resolve", args.connect)))?;
    let fail = |e: Failure| Exit::Failed(e);
    let sock = TcpStream::connect_timeout(&addr, HANDSHAKE_TIMEOUT).map_err(|e| fail(e.into()))?;
    let conn = Conn::new_client(config, Some(&server_name)).map_err(|e| fail(e.into()))?;
    let mut session = Session::new(Box::new(conn), sock, POLL).map_err(|e| fail(e.into()))?;
    session.negotiate(HANDSHAKE_TIMEOUT).map_err(fail)?;
    let _ = writeln!(stderr, "{}", summary(session.conn().info()));

    let input = spawn_reader(stdin);
    let mut input_open = true;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        while input_open {
            match input.try_recv() {
                Ok(Some(chunk)) => session.send_all(&chunk).map_err(fail)?,
                Ok(None) | Err(mpsc::TryRecvError::Disconnected) => {
                    session.shutdown_send().map_err(fail)?;
                    input_open = false;
                }
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }
        match session.recv(&mut buf, POLL).map_err(fail)? {
            Some(0) => break,
            Some(n) => {
                let _ = stdout.write_all(buf.get(..n).unwrap_or(&[]));
                let _ = stdout.flush();
            }
            None => {}
        }
    }
    // The peer's close_notify came: answer with ours if stdin has not already sent it.
    session.shutdown(Duration::from_secs(5)).map_err(fail)
}

/// Reads `from` on its own thread: chunks, then `None` at its end.
fn spawn_reader(mut from: impl Read + Send + 'static) -> mpsc::Receiver<Option<Vec<u8>>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(None);
                    return;
                }
                Ok(n) => {
                    if tx.send(Some(buf.get(..n).unwrap_or(&[]).to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
    });
    rx
}
