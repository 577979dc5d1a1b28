//! `wren-client`: connect, verify, then copy stdin to the peer and the peer to stdout.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::args::ClientArgs;
use crate::session::{summary, Conn, Failure, RecordMemory, Session};
use crate::setup::client_config;

/// How long the handshake may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one socket read waits before stdin is looked at again.
const POLL: Duration = Duration::from_millis(20);

pub use crate::session::Exit;

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
    let addrs: Vec<SocketAddr> = args
        .connect
        .to_socket_addrs()
        .map_err(|e| Exit::Usage(format!("--connect {:?}: {e}", args.connect)))?
        .collect();
    let resume = match &args.sess_in {
        Some(path) => Some(
            std::fs::read(path)
                .map_err(|e| Exit::Usage(format!("--sess-in {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let early = match &args.early_data {
        Some(path) => Some(
            std::fs::read(path)
                .map_err(|e| Exit::Usage(format!("--early-data {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let mut memory = RecordMemory::new(args.records.rx_buffer, args.records.tx_buffer);
    let (rx, tx) = memory.split();
    let sock = connect_any(&addrs)?;
    let mut conn =
        Box::new(Conn::new_client(config, Some(&server_name), rx, tx).map_err(Failure::from)?);
    if let (Some(bytes), Some(path)) = (&resume, &args.sess_in) {
        conn.set_session(bytes).map_err(|e| {
            Exit::Usage(format!(
                "--sess-in {}: not a stored session ({})",
                path.display(),
                e.name()
            ))
        })?;
    }
    let mut session = Session::new(conn, sock, POLL).map_err(Failure::from)?;
    if let Some(data) = &early {
        let allowed = session.conn().remaining_early_data();
        if allowed > 0 && u32::try_from(data.len()).is_ok_and(|n| n <= allowed) {
            let sent = session.send_early_data(data)?;
            let _ = writeln!(stderr, "wren-client: early data sent: {sent} bytes");
        } else {
            let _ = writeln!(
                stderr,
                "wren-client: early data not sent: {} bytes, the session allows {allowed}",
                data.len()
            );
        }
    }
    session.negotiate(HANDSHAKE_TIMEOUT)?;
    let _ = writeln!(stderr, "{}", summary(session.conn().info()));

    let input = spawn_reader(stdin);
    let mut input_open = true;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        // One chunk of stdin at a time, with what has arrived read in between: an echoing peer
        // stops reading while its answers wait for us, so sending everything first deadlocks.
        let mut sent = false;
        if input_open {
            match input.try_recv() {
                Ok(Some(chunk)) => {
                    session.send_all(&chunk)?;
                    sent = true;
                }
                Ok(None) | Err(mpsc::TryRecvError::Disconnected) => {
                    session.shutdown_send()?;
                    input_open = false;
                }
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        // Wait for the peer only when there is nothing to send.
        let wait = if sent { Duration::ZERO } else { POLL };
        match session.recv(&mut buf, wait)? {
            Some(0) => break,
            Some(n) => {
                let _ = stdout.write_all(buf.get(..n).unwrap_or(&[]));
                let _ = stdout.flush();
            }
            None => {}
        }
    }
    // The peer's close_notify came: answer with ours if stdin has not already sent it.
    Ok(session.shutdown(Duration::from_secs(5))?)
}

/// Connects to the first of `addrs` that accepts (`localhost` may resolve to `::1` first while
/// the server listens on 127.0.0.1 only).
fn connect_any(addrs: &[SocketAddr]) -> Result<TcpStream, Exit> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
    for addr in addrs {
        match TcpStream::connect_timeout(addr, HANDSHAKE_TIMEOUT) {
            Ok(sock) => return Ok(sock),
            Err(e) => last = e,
        }
    }
    Err(Failure::from(last).into())
}

/// Reads `from` on its own thread: chunks, then `None` at its end. The channel is bounded so a
/// large input is not read into memory faster than the peer takes it.
fn spawn_reader(mut from: impl Read + Send + 'static) -> mpsc::Receiver<Option<Vec<u8>>> {
    let (tx, rx) = mpsc::sync_channel(4);
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
