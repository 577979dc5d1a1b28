//! A TLS 1.3 client on an emulated Cortex-M4F, over its UART.
//!
//! QEMU carries UART0 to a host TCP socket where `openssl s_server` (or `wren-server`) listens
//! (see `boards/cm4/run-client.sh`). The client verifies the server's chain (leaf and
//! intermediate, P-256) against the test root, checks the name `server.wren.test` and the
//! validity period at a fixed build date, sends `GET / HTTP/1.0`, reads the answer until the
//! server closes with close_notify (a `-www` server) or until the request came back whole (an
//! echo server), closes with close_notify, and exits through semihosting: status 0, or the
//! error's name and a non-zero status.
//!
//! Measurement build: fixed-seed RNG (NOT for production). Prints the sizes the firmware sees,
//! the handshake's instructions (valid under `qemu -icount shift=0`) and peak stack.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("wren-board-cm4 client: firmware only; build with --target thumbv7em-none-eabihf");
}

#[cfg(target_os = "none")]
mod firmware {
    use core::mem::size_of;
    use cortex_m_rt::entry;
    use embedded_io::{Read, Write};
    use tls_crypto::RustCrypto;
    use wren_board_cm4::clock::{self, SysTickClock, INSNS_PER_COUNT};
    use wren_board_cm4::rng::{measurement_rng, BoardRng};
    use wren_board_cm4::semihosting::{exit, write_line};
    use wren_board_cm4::slot::Slot;
    use wren_board_cm4::stack;
    use wren_board_cm4::text::Line;
    use wren_board_cm4::uart::CmsdkUart;
    use wren_tls::blocking::TlsStream;
    use wren_tls::sizes::{FULL_RECORD_BUFFER, MIN_TX};
    use wren_tls::{Config, Connection, ErrorKind, SecurityPolicy};

    /// Receive buffer: one full record and the spill of a handshake message (16 709).
    const RX: usize = FULL_RECORD_BUFFER;
    /// Transmit buffer: `sizes` recommends the same for full records (a client that only sends
    /// small requests could use `MIN_TX` = 1024 and save 15 685 bytes of RAM).
    const TX: usize = FULL_RECORD_BUFFER;

    /// The name in the test leaves' subjectAltName (tls-cert/testdata/gen.sh).
    const SERVER_NAME: &str = "server.wren.test";
    /// The one trust anchor: the test root CA (P-256). Test PKI only.
    static ROOT_CA: &[u8] = include_bytes!("../../../../tls-cert/testdata/root-ca.der");
    static ANCHORS: [&[u8]; 1] = [ROOT_CA];
    static PROVIDER: RustCrypto = RustCrypto;
    /// ChaCha20-Poly1305 and x25519 only: no AES hardware assumed.
    static POLICY: SecurityPolicy = SecurityPolicy::V20251122_CHACHA20_ONLY;
    static CLOCK: SysTickClock = SysTickClock;

    const REQUEST: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

    type Stream = TlsStream<'static, CmsdkUart, RustCrypto, RX, TX>;

    static RNG: Slot<BoardRng> = Slot::new();
    static CONFIG: Slot<Config<'static, RustCrypto>> = Slot::new();
    static STREAM: Slot<Stream> = Slot::new();

    /// Exit statuses.
    const EXIT_SETUP: u32 = 2;

    fn say<const N: usize>(line: &Line<N>) {
        write_line(line.as_bytes());
    }

    fn size_line(name: &str, size: usize) {
        let mut l = Line::<96>::new();
        l.str("size_of ").str(name).str(" = ").usize(size);
        say(&l);
    }

    /// Prints the error's name first, then where and what, and exits non-zero by kind.
    fn fail(stage: &str, e: wren_tls::Error) -> ! {
        let mut l = Line::<200>::new();
        l.str(e.name())
            .str(" during ")
            .str(stage)
            .str(": ")
            .str(e.description());
        if let Some(alert) = e.alert() {
            l.str(" (alert ").str(alert.name().unwrap_or("?")).str(")");
        }
        say(&l);
        exit(match e.kind() {
            ErrorKind::Closed => 3,
            ErrorKind::Io => 4,
            ErrorKind::Protocol => 5,
            ErrorKind::Alert => 6,
            ErrorKind::Usage => 7,
            ErrorKind::Internal => 8,
            _ => 9,
        })
    }

    fn setup_fail(what: &str) -> ! {
        let mut l = Line::<96>::new();
        l.str("SETUP_FAILED: ").str(what);
        say(&l);
        exit(EXIT_SETUP)
    }

    /// Builds the RNG, config and connection into their statics. Its own function, not
    /// inlined, so that the by-value temporaries of `Connection::new_client` and
    /// `TlsStream::with_clock` (about 36 KiB each) live in a frame that is gone before the
    /// handshake starts.
    #[inline(never)]
    fn init() -> &'static mut Stream {
        let Some(rng) = RNG.put(measurement_rng()) else {
            setup_fail("rng")
        };
        let config = Config::new(&PROVIDER, rng, &ANCHORS)
            .with_policy(&POLICY)
            .with_unix_time(wren_board_cm4::build_unix_time);
        let Some(config) = CONFIG.put(config) else {
            setup_fail("config")
        };
        let config: &'static Config<'static, RustCrypto> = config;
        let Some(uart) = CmsdkUart::take_uart0() else {
            setup_fail("uart")
        };
        let conn = match Connection::<'static, RustCrypto, RX, TX>::new_client(
            config,
            Some(SERVER_NAME),
        ) {
            Ok(c) => c,
            Err(e) => fail("new_client", e),
        };
        let Some(tls) = STREAM.put(TlsStream::with_clock(conn, uart, &CLOCK)) else {
            setup_fail("stream")
        };
        tls
    }

    #[entry]
    fn main() -> ! {
        let Some(core) = cortex_m::Peripherals::take() else {
            setup_fail("core peripherals")
        };
        clock::start(core.SYST);
        write_line(b"wren cm4 client: mps2-an386, budget 1 MiB flash / 256 KiB RAM");

        size_line("Config", size_of::<Config<'static, RustCrypto>>());
        size_line(
            "Connection<16709,16709>",
            size_of::<Connection<'static, RustCrypto, RX, TX>>(),
        );
        size_line(
            "Connection<16709,1024>",
            size_of::<Connection<'static, RustCrypto, RX, MIN_TX>>(),
        );
        size_line("TlsStream<Uart,16709,16709>", size_of::<Stream>());
        size_line("stack region", stack::size());

        let tls = init();
        let init_stack = stack::peak();

        // The handshake, measured: nothing printed inside; UART waits subtracted.
        let base_depth = stack::depth();
        stack::repaint();
        let (t0, w0) = (clock::counts(), clock::io_wait_counts());
        if let Err(e) = tls.negotiate() {
            fail("negotiate", e)
        }
        let (t1, w1) = (clock::counts(), clock::io_wait_counts());
        let handshake_stack = stack::peak();

        let total = t1.wrapping_sub(t0);
        let waited = w1.wrapping_sub(w0);
        let info = tls.conn().info();
        let mut l = Line::<200>::new();
        l.str("handshake ok: suite ")
            .str(info.suite.and_then(|s| s.suite.name()).unwrap_or("?"))
            .str(", group ")
            .str(info.group.and_then(|g| g.name()).unwrap_or("?"))
            .str(", hrr ")
            .str(if info.hello_retry { "yes" } else { "no" })
            .str(", signature ")
            .str(info.signature_scheme.and_then(|s| s.name()).unwrap_or("?"))
            .str(", peer ")
            .bytes(
                info.peer_subject
                    .as_ref()
                    .map_or(&b"?"[..], |s| s.as_bytes()),
            );
        say(&l);
        let mut l = Line::<200>::new();
        l.str("handshake systick counts: total ")
            .u64(total)
            .str(", uart wait ")
            .u64(waited)
            .str(", compute ")
            .u64(total.saturating_sub(waited))
            .str(" (= ")
            .u64(total.saturating_sub(waited) * INSNS_PER_COUNT)
            .str(" instructions under -icount shift=0)");
        say(&l);
        let mut l = Line::<120>::new();
        l.str("peak stack: init ")
            .usize(init_stack)
            .str(" B; handshake ")
            .usize(handshake_stack)
            .str(" B, of which main's frame ")
            .usize(base_depth)
            .str(" B and negotiate() ")
            .usize(handshake_stack.saturating_sub(base_depth))
            .str(" B");
        say(&l);

        // Application data.
        stack::repaint();
        if let Err(e) = tls.write_all(REQUEST) {
            fail("write", e)
        }
        if let Err(e) = tls.flush() {
            fail("flush", e)
        }
        let mut buf = [0u8; 256];
        let mut received: usize = 0;
        let mut echo = true;
        let mut first_line = Line::<120>::new();
        let mut first_line_done = false;
        let mut peer_closed = false;
        loop {
            let n = match tls.read(&mut buf) {
                Ok(0) => {
                    peer_closed = true;
                    break;
                }
                Ok(n) => n,
                Err(e) => fail("read", e),
            };
            let data = buf.get(..n).unwrap_or(&[]);
            if echo {
                echo = REQUEST.get(received..received + n) == Some(data);
            }
            for &b in data {
                if first_line_done || b == b'\r' || b == b'\n' {
                    first_line_done = true;
                } else {
                    first_line.bytes(&[b]);
                }
            }
            received += n;
            if echo && received == REQUEST.len() {
                break;
            }
        }
        let mut l = Line::<200>::new();
        l.str("received ")
            .usize(received)
            .str(" bytes (")
            .str(if echo { "echo" } else { "response" })
            .str("), first line: ")
            .bytes(first_line.as_bytes());
        say(&l);

        // close_notify both ways (after the peer's, ours completes at once).
        if let Err(e) = tls.shutdown() {
            fail("shutdown", e)
        }
        let mut l = Line::<160>::new();
        l.str("closed with close_notify (")
            .str(if peer_closed {
                "server closed first"
            } else {
                "client closed first"
            })
            .str("); peak stack after handshake ")
            .usize(stack::peak())
            .str(" B");
        say(&l);
        if stack::overflowed() {
            write_line(b"STACK_OVERFLOW: the stack reached its lowest word");
            exit(EXIT_SETUP)
        }
        write_line(b"OK");
        exit(0)
    }
}
