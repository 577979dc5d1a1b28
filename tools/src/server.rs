//! `wren-server`: accept connections on 127.0.0.1 (unless told otherwise) and print, echo or
//! answer with an HTTP page stating what was negotiated.

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

use wren_tls::ErrorKind;

use crate::args::{Mode, ServerArgs};
use crate::session::{summary, Conn, Exit, Failure, RecordMemory, Session};
use crate::setup::{server_config, StaticConfig};

/// How long the handshake may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a connection may stay silent before it is dropped.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one socket read waits (the deadlines above are checked in between).
const POLL: Duration = Duration::from_millis(250);

/// Binds `--accept` and prints `wren-server: listening on ADDR` to `stderr` (with the real port
/// when 0 was asked for), then serves as [`serve`] does.
///
/// # Errors
/// [`Exit::Usage`] for bad flags, files or address; [`Exit::Failed`] with the last connection's
/// failure.
pub fn run(args: &ServerArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<(), Exit> {
    let config = server_config(args).map_err(Exit::Usage)?;
    let listener = TcpListener::bind(&args.accept).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            Exit::Usage(format!("--accept {}: {e}", args.accept))
        } else {
            let _ = writeln!(stderr, "wren-server: cannot listen on {}", args.accept);
            Exit::Failed(e.into())
        }
    })?;
    let addr = listener.local_addr().map_err(Failure::from)?;
    let _ = writeln!(stderr, "wren-server: listening on {addr}");
    let _ = stderr.flush();
    Ok(serve(config, &listener, args, stdout, stderr)?)
}

/// Serves connections from `listener` one at a time, `--naccept` of them (or forever). Each
/// connection's summary line and any error go to `stderr`.
///
/// # Errors
/// The failure of the last connection that failed, if any did.
pub fn serve(
    config: StaticConfig,
    listener: &TcpListener,
    args: &ServerArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(), Failure> {
    let mut result = Ok(());
    let mut served = 0u64;
    // One pair of buffers, lent to each connection in turn (and wiped when it is dropped).
    let mut memory = RecordMemory::new(args.records.rx_buffer, args.records.tx_buffer);
    while args.naccept.is_none_or(|n| served < n) {
        let (sock, peer) = listener.accept()?;
        served = served.saturating_add(1);
        if let Err(e) = serve_one(config, sock, &mut memory, args.mode, stdout, stderr) {
            let _ = writeln!(stderr, "wren-server: {peer}: error {e}");
            result = Err(e);
        }
    }
    result
}

fn serve_one(
    config: StaticConfig,
    sock: std::net::TcpStream,
    memory: &mut RecordMemory,
    mode: Mode,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(), Failure> {
    let (rx, tx) = memory.split();
    let conn = Conn::new_server(config, rx, tx)?;
    let mut session = Session::new(Box::new(conn), sock, POLL)?;
    let early = session.recv_early_data(HANDSHAKE_TIMEOUT)?;
    session.negotiate(HANDSHAKE_TIMEOUT)?;
    let line = summary(session.conn().info());
    let _ = writeln!(stderr, "wren-server: {line}");
    let mut request = Vec::new();
    if !early.is_empty() {
        // Marked as early on stderr, then handled like the data that follows.
        let text: String = String::from_utf8_lossy(&early).escape_debug().collect();
        let _ = writeln!(
            stderr,
            "wren-server: early data ({} bytes): {text}",
            early.len()
        );
        match mode {
            Mode::Print => {
                let _ = stdout.write_all(&early);
                let _ = stdout.flush();
            }
            Mode::Echo => session.send_all(&early)?,
            Mode::Www => request.extend_from_slice(&early),
        }
    }
    let _ = stderr.flush();
    // An HTTP request that came whole as early data is answered at once.
    if mode == Mode::Www && request.windows(4).any(|w| w == b"\r\n\r\n") {
        session.send_all(&www_page(session.conn(), &line))?;
    } else {
        serve_data(&mut session, mode, &line, request, stdout)?;
    }
    match session.shutdown(Duration::from_secs(5)) {
        // The whole response and our close_notify went out; an HTTP client that then drops the
        // connection without its own close_notify (gnutls-cli, curl) truncated nothing.
        Err(e) if mode == Mode::Www && transport_ended(&e) => {
            let _ = writeln!(
                stderr,
                "wren-server: the client closed without close_notify after the response"
            );
            Ok(())
        }
        other => other,
    }
}

/// Handles what arrives until the peer's close_notify (or, with `--www`, one request).
fn serve_data(
    session: &mut Session<'_>,
    mode: Mode,
    line: &str,
    mut request: Vec<u8>,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = session
            .recv(&mut buf, IDLE_TIMEOUT)?
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::TimedOut))?;
        let data = buf.get(..n).unwrap_or(&[]);
        match mode {
            Mode::Print => {
                let _ = stdout.write_all(data);
                let _ = stdout.flush();
            }
            Mode::Echo => session.send_all(data)?,
            Mode::Www => {
                request.extend_from_slice(data);
                if n == 0 || request.windows(4).any(|w| w == b"\r\n\r\n") {
                    session.send_all(&www_page(session.conn(), line))?;
                    break;
                }
            }
        }
        if n == 0 {
            break;
        }
    }
    Ok(())
}

/// The peer went away (EOF, reset) rather than sending something wrong.
fn transport_ended(e: &Failure) -> bool {
    match e {
        Failure::Tls(e) => e.kind() == ErrorKind::Io,
        Failure::Io(e) => matches!(
            e.kind(),
            std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::UnexpectedEof
        ),
    }
}

/// A small HTTP/1.0 response whose body states the negotiated parameters.
fn www_page(conn: &Conn<'_>, line: &str) -> Vec<u8> {
    let info = conn.info();
    let sni = info
        .server_name
        .as_ref()
        .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned())
        .unwrap_or_else(|| "none".into());
    let body = format!(
        "wren-server\n{}\nserver_name={sni}\nclient_authenticated={}\n",
        line.replace(' ', "\n"),
        if info.client_authenticated {
            "yes"
        } else {
            "no"
        }
    );
    format!(
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
