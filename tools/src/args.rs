//! Hand-rolled command-line parsing: the tools take a dozen flags, not worth a dependency.

use std::path::PathBuf;

use tls_codec::enums::NamedGroup;

/// `--psk-identity ID --psk HEX [--psk-hash sha256|sha384]`: an external PSK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PskArgs {
    /// The identity (sent in the clear).
    pub identity: String,
    /// The secret.
    pub secret: Vec<u8>,
    /// `--psk-hash`: `true` for SHA-384 (default SHA-256, as OpenSSL and GnuTLS).
    pub sha384: bool,
}

/// `--psk-mode ke|dhe_ke`: the PSK key exchange mode offered or accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PskModeArg {
    /// `psk_ke`: no (EC)DHE at all.
    Ke,
    /// `psk_dhe_ke`.
    DheKe,
}

/// `--prefer low-latency|throughput`: how records we send are sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferArg {
    /// Small records, one per Ethernet frame (s2n-tls's `prefer_low_latency`).
    LowLatency,
    /// Full records (s2n-tls's `prefer_throughput`).
    Throughput,
}

/// Record sizes and record memory, the same flags on both tools (issue 5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordArgs {
    /// Client: `--max-fragment-length 512|1024|2048|4096` (RFC 6066): asked of the server.
    pub max_fragment_length: Option<u16>,
    /// Server: `--accept-max-fragment-length`: honour a client's max_fragment_length.
    pub accept_max_fragment_length: bool,
    /// `--record-size-limit N` (RFC 8449, 64 ..= 16385): the most we advertise (it is also
    /// capped by what `--rx-buffer` holds).
    pub record_size_limit: Option<u16>,
    /// `--rx-buffer BYTES`: the receive buffer (default: a full record).
    pub rx_buffer: Option<usize>,
    /// `--tx-buffer BYTES`: the transmit buffer (default: a full record).
    pub tx_buffer: Option<usize>,
    /// `--prefer low-latency|throughput`.
    pub prefer: Option<PreferArg>,
    /// `--dynamic-record-threshold BYTES,SECONDS`: the first BYTES (and again after SECONDS
    /// idle) in small records.
    pub dynamic_record_threshold: Option<(u32, u32)>,
}

/// The largest `--rx-buffer` / `--tx-buffer` the tools take (1 MiB): more is a typo.
pub const MAX_BUFFER: usize = 1 << 20;

/// The max_fragment_length sizes of RFC 6066.
pub const MFL_SIZES: [u16; 4] = [512, 1024, 2048, 4096];

impl RecordArgs {
    /// Checks the flags together: a record_size_limit the receive buffer cannot hold.
    fn check(&self) -> Result<(), String> {
        if let (Some(limit), Some(rx)) = (self.record_size_limit, self.rx_buffer) {
            // A record under the limit: header 5 + TLSInnerPlaintext + tag 16.
            let needed = usize::from(limit) + 5 + 16;
            if rx < needed {
                return Err(format!(
                    "--record-size-limit {limit} needs --rx-buffer {needed} or more \
                     (header 5 + limit + tag 16); --rx-buffer is {rx}"
                ));
            }
        }
        Ok(())
    }

    /// Takes `flag` if it is one of the record flags; `Ok(true)` then.
    fn take<I: Iterator<Item = String>>(
        &mut self,
        flag: &str,
        flags: &mut Flags<I>,
    ) -> Result<bool, String> {
        match flag {
            "--max-fragment-length" => {
                let v = flags.value(flag)?;
                match v.parse::<u16>() {
                    Ok(n) if MFL_SIZES.contains(&n) => self.max_fragment_length = Some(n),
                    _ => return Err(format!("{flag} {v:?}: one of 512, 1024, 2048, 4096")),
                }
            }
            "--accept-max-fragment-length" => self.accept_max_fragment_length = true,
            "--record-size-limit" => {
                let v = flags.value(flag)?;
                match v.parse::<u16>() {
                    Ok(n) if (64..=16_385).contains(&n) => self.record_size_limit = Some(n),
                    _ => {
                        return Err(format!(
                            "{flag} {v:?}: a limit from 64 to 16385 (RFC 8449, TLS 1.3)"
                        ))
                    }
                }
            }
            "--rx-buffer" | "--tx-buffer" => {
                let v = flags.value(flag)?;
                let rx = flag == "--rx-buffer";
                let min = if rx {
                    wren_tls::sizes::MIN_RX
                } else {
                    wren_tls::sizes::MIN_TX
                };
                let n = match v.parse::<usize>() {
                    Ok(n) if (min..=MAX_BUFFER).contains(&n) => n,
                    _ => {
                        return Err(format!(
                            "{flag} {v:?}: a size in bytes from {min} to {MAX_BUFFER}"
                        ))
                    }
                };
                if rx {
                    self.rx_buffer = Some(n);
                } else {
                    self.tx_buffer = Some(n);
                }
            }
            "--prefer" => {
                let v = flags.value(flag)?;
                self.prefer = Some(match v.to_ascii_lowercase().as_str() {
                    "low-latency" | "low_latency" => PreferArg::LowLatency,
                    "throughput" => PreferArg::Throughput,
                    _ => return Err(format!("{flag} {v:?}: low-latency or throughput")),
                });
            }
            "--dynamic-record-threshold" => {
                let v = flags.value(flag)?;
                let bad = || format!("{flag} {v:?}: BYTES,SECONDS (two numbers, e.g. 16384,1)");
                let (bytes, secs) = v.split_once(',').ok_or_else(bad)?;
                let bytes = bytes.trim().parse::<u32>().map_err(|_| bad())?;
                let secs = secs.trim().parse::<u32>().map_err(|_| bad())?;
                self.dynamic_record_threshold = Some((bytes, secs));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `wren-client` flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientArgs {
    /// `--connect HOST:PORT`.
    pub connect: String,
    /// `--servername NAME`: SNI and the name checked; default: HOST.
    pub servername: Option<String>,
    /// `--cafile PEM`: trust anchors.
    pub cafile: Option<PathBuf>,
    /// `--insecure`: no certificate verification (tests only).
    pub insecure: bool,
    /// `--cert PEM` (chain, leaf first) and `--key PEM`: a client certificate.
    pub cert: Option<PathBuf>,
    /// See `cert`.
    pub key: Option<PathBuf>,
    /// `--policy NAME`.
    pub policy: Option<String>,
    /// `--groups x25519,P-256`: the policy's groups replaced, in this order.
    pub groups: Option<Vec<NamedGroup>>,
    /// `--alpn h2,http/1.1`.
    pub alpn: Vec<String>,
    /// `--psk-identity ID --psk HEX [--psk-hash H]`.
    pub psk: Option<PskArgs>,
    /// `--psk-mode ke|dhe_ke` (default `dhe_ke`), for external PSKs and resumption.
    pub psk_mode: Option<PskModeArg>,
    /// `--sess-out FILE`: each session ticket received is written here (the last one stays).
    pub sess_out: Option<PathBuf>,
    /// `--sess-in FILE`: resume this session.
    pub sess_in: Option<PathBuf>,
    /// `--early-data FILE`: sent as 0-RTT data when the session or PSK allows it.
    pub early_data: Option<PathBuf>,
    /// Record sizes and buffers.
    pub records: RecordArgs,
}

/// What `wren-server` does with a connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Print what arrives to stdout (and send nothing); the default.
    #[default]
    Print,
    /// `--echo`: send back what arrives.
    Echo,
    /// `--www`: answer a request with an HTTP response stating the negotiated parameters.
    Www,
}

/// `wren-server` flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerArgs {
    /// `--accept [HOST:]PORT`; HOST defaults to 127.0.0.1. Port 0 picks a free port (printed).
    pub accept: String,
    /// `--cert PEM`: the chain, leaf first.
    pub cert: PathBuf,
    /// `--key PEM`.
    pub key: PathBuf,
    /// `--cafile PEM`: anchors for client certificates.
    pub cafile: Option<PathBuf>,
    /// `--verify-client`: require a client certificate.
    pub verify_client: bool,
    /// `--policy NAME`.
    pub policy: Option<String>,
    /// `--groups x25519,P-256` (beyond the list: forces HelloRetryRequest in tests).
    pub groups: Option<Vec<NamedGroup>>,
    /// `--alpn h2,http/1.1`.
    pub alpn: Vec<String>,
    /// `--echo` / `--www`.
    pub mode: Mode,
    /// `--naccept N`: exit after N connections; default: serve forever.
    pub naccept: Option<u64>,
    /// `--psk-identity ID --psk HEX [--psk-hash H]`.
    pub psk: Option<PskArgs>,
    /// `--psk-mode ke|dhe_ke`: the only mode accepted (default: both, `psk_dhe_ke` preferred).
    pub psk_mode: Option<PskModeArg>,
    /// `--max-early-data N`: what tickets (and the PSK) allow; 0 (default) turns 0-RTT off.
    pub max_early_data: u32,
    /// `--recv-max-early-data N`: the most early data read or skipped (default 16384).
    pub recv_max_early_data: Option<u32>,
    /// `--ticket-key HEX` (32 bytes; repeatable, the last given encrypts).
    pub ticket_keys: Vec<Vec<u8>>,
    /// `--num-tickets N`: tickets after each handshake (default 1).
    pub num_tickets: Option<u8>,
    /// `--no-anti-replay`: tickets may be used more than once with early data.
    pub no_anti_replay: bool,
    /// Record sizes and buffers.
    pub records: RecordArgs,
}

/// `wren-client` usage.
pub const CLIENT_USAGE: &str = "usage: wren-client --connect HOST:PORT [--servername NAME] \
[--cafile PEM | --insecure] [--cert PEM --key PEM] [--policy NAME] [--groups x25519,P-256] \
[--alpn LIST] [--psk-identity ID --psk HEX [--psk-hash sha256|sha384]] [--psk-mode ke|dhe_ke] \
[--sess-out FILE] [--sess-in FILE] [--early-data FILE] [--max-fragment-length 512|1024|2048|4096] \
[--record-size-limit N] [--rx-buffer BYTES] [--tx-buffer BYTES] [--prefer low-latency|throughput] \
[--dynamic-record-threshold BYTES,SECONDS] [--help]
       wren-client --explain NUMBER";

/// `wren-server` usage.
pub const SERVER_USAGE: &str = "usage: wren-server --accept [HOST:]PORT --cert PEM --key PEM \
[--cafile PEM --verify-client] [--policy NAME] [--groups x25519,P-256] [--alpn LIST] \
[--echo | --www] [--naccept N] [--psk-identity ID --psk HEX [--psk-hash sha256|sha384]] \
[--psk-mode ke|dhe_ke] [--max-early-data N] [--recv-max-early-data N] [--ticket-key HEX]... \
[--num-tickets N] [--no-anti-replay] [--accept-max-fragment-length] [--record-size-limit N] \
[--rx-buffer BYTES] [--tx-buffer BYTES] [--prefer low-latency|throughput] \
[--dynamic-record-threshold BYTES,SECONDS] [--help]";

/// `wren-client --help`.
pub const CLIENT_HELP: &str = "\
Connects to a TLS 1.3 server with Wren, sends standard input after the handshake and writes
what the server sends to standard output. One summary line goes to standard error:
protocol, cipher suite, group, HelloRetryRequest (hrr=yes|no), ALPN, peer certificate subject,
resumed=yes|no, psk=IDENTITY|none (a ticket shows as resumption-ticket),
early_data=accepted|rejected|not_sent, and the negotiated record limit: record_limit=N (content
bytes per record) and record_limit_by=mfl|rsl|none.

  --connect HOST:PORT   the server (required)
  --servername NAME     SNI and the name the certificate must match (default: HOST)
  --cafile PEM          trust anchors to verify the server's certificate
  --insecure            no certificate verification (tests only); excludes --cafile
  --cert PEM --key PEM  a client certificate chain (leaf first) and its PKCS#8 key
  --policy NAME         security policy (default_tls13, 20251122, ...; default: default_tls13)
  --groups LIST         key-exchange groups in order, from x25519 and P-256; the first is shared
  --alpn LIST           ALPN protocols, comma-separated (e.g. h2,http/1.1)
  --psk-identity ID --psk HEX
                        an external PSK (identity and secret in hex); no certificate is then
                        needed, and --cafile/--insecure become optional
  --psk-hash sha256|sha384
                        the PSK's hash (default sha256)
  --psk-mode ke|dhe_ke  offer psk_ke (no key exchange at all) or psk_dhe_ke (default), for
                        external PSKs and resumption
  --sess-out FILE       write each session ticket the server sends to FILE (the last one stays)
  --sess-in FILE        resume the session stored in FILE (by --sess-out)
  --early-data FILE     send FILE as 0-RTT early data before the handshake completes, when the
                        session (or, with --psk, the PSK: up to 16384 bytes) allows that much;
                        otherwise it is not sent (a note goes to standard error)
  --max-fragment-length 512|1024|2048|4096
                        ask the server for records of at most this much content (RFC 6066).
                        record_size_limit is offered too with --record-size-limit, or when
                        --rx-buffer is below a full record (then the most it holds), and a
                        server that knows it uses it instead (RFC 8449)
  --record-size-limit N record_size_limit (RFC 8449) to advertise: the most TLSInnerPlaintext
                        bytes (content + content type) per record we receive, 64 to 16385;
                        never more than --rx-buffer holds (the advertised value comes from it)
  --rx-buffer BYTES     the receive buffer: exactly this much memory for incoming records and
                        handshake reassembly (default 16709, one full record and some)
  --tx-buffer BYTES     the transmit buffer: exactly this much memory for outgoing records
                        (default 16709); a whole handshake flight must fit
  --prefer low-latency|throughput
                        send small records (one per 1500-byte Ethernet frame) or full records
  --dynamic-record-threshold BYTES,SECONDS
                        send the first BYTES in small records, and again after SECONDS idle
                        (a negotiated max_fragment_length / record_size_limit always caps these)
  --help, -h            this text

  --explain NUMBER      (alone) print the name, description, kind and alert of an error number
                        (wren_tls::Error::number, e.g. 0x076d), as firmware prints errors

Exit status: 0 after the server's close_notify, 1 on a failed connection (the error's name is
printed), 2 on bad usage.";

/// `wren-server --help`.
pub const SERVER_HELP: &str = "\
Accepts TLS 1.3 connections with Wren, one at a time, and prints one summary line per
connection to standard error (with resumed=yes|no, psk=IDENTITY|none,
early_data=accepted|rejected|not_sent, record_limit=N and record_limit_by=mfl|rsl|none). By default what a client sends goes to standard output.
0-RTT early data that was accepted is printed to standard error as one line
`wren-server: early data (N bytes): TEXT` (TEXT escaped), then handled like other data.

  --accept [HOST:]PORT  where to listen (required); HOST defaults to 127.0.0.1, port 0 picks one
  --cert PEM --key PEM  the certificate chain (leaf first) and its PKCS#8 key (required)
  --cafile PEM          trust anchors for client certificates
  --verify-client       require a client certificate verified against --cafile
  --policy NAME         security policy (default_tls13, 20251122, ...; default: default_tls13)
  --groups LIST         accepted groups in order, from x25519 and P-256
  --alpn LIST           ALPN protocols, comma-separated, in preference order
  --echo                send back what arrives
  --www                 answer a request with an HTTP page stating the negotiated parameters
  --naccept N           exit after N connections (default: serve until killed)
  --psk-identity ID --psk HEX
                        an external PSK (identity and secret in hex); --cert/--key become
                        optional (without them only PSK clients can connect)
  --psk-hash sha256|sha384
                        the PSK's hash (default sha256)
  --psk-mode ke|dhe_ke  accept only psk_ke or only psk_dhe_ke (default: both, dhe_ke preferred)
  --max-early-data N    0-RTT: what tickets (and the PSK) allow, in bytes (default 0: off)
  --recv-max-early-data N
                        the most early data read, or skipped when rejected (default 16384,
                        never below --max-early-data); more aborts the connection
  --ticket-key HEX      a 32-byte session ticket key; repeatable, the last given encrypts
                        (default: one random key per run)
  --num-tickets N       session tickets sent after each handshake (default 1; 0: none)
  --no-anti-replay      let a ticket carry early data more than once (default: single-use
                        tickets while --max-early-data is above 0). Risky: anyone who recorded a
                        client's first flight can replay its early data
  --accept-max-fragment-length
                        honour a client's max_fragment_length (RFC 6066; default: ignore it,
                        as s2n-tls does)
  --record-size-limit N record_size_limit (RFC 8449) to advertise: the most TLSInnerPlaintext
                        bytes (content + content type) per record we receive, 64 to 16385;
                        never more than --rx-buffer holds (the advertised value comes from it)
  --rx-buffer BYTES     the receive buffer: exactly this much memory for incoming records and
                        handshake reassembly (default 16709, one full record and some)
  --tx-buffer BYTES     the transmit buffer: exactly this much memory for outgoing records
                        (default 16709); a whole handshake flight must fit
  --prefer low-latency|throughput
                        send small records (one per 1500-byte Ethernet frame) or full records
  --dynamic-record-threshold BYTES,SECONDS
                        send the first BYTES in small records, and again after SECONDS idle
                        (a negotiated max_fragment_length / record_size_limit always caps these)
  --help, -h            this text

Exit status: 0 when every connection closed cleanly, 1 if one failed (each error's name is
printed), 2 on bad usage.";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed<T> {
    /// Run with these arguments.
    Run(T),
    /// `--help` or `-h`: print the help text and exit 0.
    Help,
}

/// Parses a group list: `x25519`, `P-256` (also `secp256r1`, `prime256v1`), comma-separated.
///
/// # Errors
/// The unknown name.
pub fn parse_groups(list: &str) -> Result<Vec<NamedGroup>, String> {
    list.split(',')
        .map(|g| match g.trim().to_ascii_lowercase().as_str() {
            "x25519" => Ok(NamedGroup::X25519),
            "p-256" | "p256" | "secp256r1" | "prime256v1" => Ok(NamedGroup::SECP256R1),
            other => Err(format!("unknown group {other:?} (known: x25519, P-256)")),
        })
        .collect()
}

/// Parses hex (`--psk`, `--ticket-key`).
///
/// # Errors
/// Not an even number of hex digits.
pub fn parse_hex(flag: &str, hex: &str) -> Result<Vec<u8>, String> {
    let digits = hex.trim();
    let bad = || format!("{flag} {hex:?}: hex digits expected");
    if digits.is_empty() || digits.len() % 2 != 0 {
        return Err(bad());
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(bad)
        })
        .collect()
}

/// The PSK flags, shared by both tools. `Ok(true)` when `flag` was one of them.
#[derive(Default)]
struct PskFlags {
    identity: Option<String>,
    secret: Option<Vec<u8>>,
    sha384: Option<bool>,
    mode: Option<PskModeArg>,
}

impl PskFlags {
    fn take<I: Iterator<Item = String>>(
        &mut self,
        flag: &str,
        flags: &mut Flags<I>,
    ) -> Result<bool, String> {
        match flag {
            "--psk-identity" => self.identity = Some(flags.value(flag)?),
            "--psk" => self.secret = Some(parse_hex(flag, &flags.value(flag)?)?),
            "--psk-hash" => {
                self.sha384 = Some(match flags.value(flag)?.to_ascii_lowercase().as_str() {
                    "sha256" | "sha-256" => false,
                    "sha384" | "sha-384" => true,
                    other => return Err(format!("--psk-hash {other:?}: sha256 or sha384")),
                });
            }
            "--psk-mode" => {
                self.mode = Some(match flags.value(flag)?.to_ascii_lowercase().as_str() {
                    "ke" | "psk_ke" => PskModeArg::Ke,
                    "dhe_ke" | "psk_dhe_ke" => PskModeArg::DheKe,
                    other => return Err(format!("--psk-mode {other:?}: ke or dhe_ke")),
                });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn finish(self) -> Result<(Option<PskArgs>, Option<PskModeArg>), String> {
        let psk = match (self.identity, self.secret) {
            (Some(identity), Some(secret)) => Some(PskArgs {
                identity,
                secret,
                sha384: self.sha384.unwrap_or(false),
            }),
            (None, None) if self.sha384.is_none() => None,
            _ => return Err("--psk-identity and --psk go together (--psk-hash needs them)".into()),
        };
        Ok((psk, self.mode))
    }
}

fn parse_number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} {value:?}: a number expected"))
}

fn parse_alpn(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Walks `--flag value` pairs.
struct Flags<I: Iterator<Item = String>> {
    it: I,
}

impl<I: Iterator<Item = String>> Flags<I> {
    fn value(&mut self, flag: &str) -> Result<String, String> {
        self.it
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))
    }
}

/// Parses `wren-client`'s arguments (without the program name).
///
/// # Errors
/// What is wrong, for the usage message.
pub fn parse_client(args: impl IntoIterator<Item = String>) -> Result<Parsed<ClientArgs>, String> {
    let mut flags = Flags {
        it: args.into_iter(),
    };
    let mut out = ClientArgs::default();
    let mut psk = PskFlags::default();
    while let Some(flag) = flags.it.next() {
        if psk.take(&flag, &mut flags)? || out.records.take(&flag, &mut flags)? {
            continue;
        }
        match flag.as_str() {
            "--sess-out" => out.sess_out = Some(flags.value(&flag)?.into()),
            "--sess-in" => out.sess_in = Some(flags.value(&flag)?.into()),
            "--early-data" => out.early_data = Some(flags.value(&flag)?.into()),
            "--connect" => out.connect = flags.value(&flag)?,
            "--servername" => out.servername = Some(flags.value(&flag)?),
            "--cafile" => out.cafile = Some(flags.value(&flag)?.into()),
            "--insecure" => out.insecure = true,
            "--cert" => out.cert = Some(flags.value(&flag)?.into()),
            "--key" => out.key = Some(flags.value(&flag)?.into()),
            "--policy" => out.policy = Some(flags.value(&flag)?),
            "--groups" => out.groups = Some(parse_groups(&flags.value(&flag)?)?),
            "--alpn" => out.alpn = parse_alpn(&flags.value(&flag)?),
            "--help" | "-h" => return Ok(Parsed::Help),
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    (out.psk, out.psk_mode) = psk.finish()?;
    out.records.check()?;
    if out.records.accept_max_fragment_length {
        return Err(
            "--accept-max-fragment-length is a server flag (a client asks with \
                    --max-fragment-length)"
                .into(),
        );
    }
    if out.connect.is_empty() {
        return Err("--connect HOST:PORT is required".into());
    }
    // With a PSK alone no certificate is checked: neither is needed.
    if (out.cafile.is_some() && out.insecure)
        || (out.cafile.is_none() && !out.insecure && out.psk.is_none())
    {
        return Err("give exactly one of --cafile PEM and --insecure".into());
    }
    if out.cert.is_some() != out.key.is_some() {
        return Err("--cert and --key go together".into());
    }
    Ok(Parsed::Run(out))
}

/// Parses `wren-server`'s arguments (without the program name).
///
/// # Errors
/// What is wrong, for the usage message.
pub fn parse_server(args: impl IntoIterator<Item = String>) -> Result<Parsed<ServerArgs>, String> {
    let mut flags = Flags {
        it: args.into_iter(),
    };
    let mut out = ServerArgs::default();
    let mut psk = PskFlags::default();
    while let Some(flag) = flags.it.next() {
        if psk.take(&flag, &mut flags)? || out.records.take(&flag, &mut flags)? {
            continue;
        }
        match flag.as_str() {
            "--max-early-data" => out.max_early_data = parse_number(&flag, &flags.value(&flag)?)?,
            "--recv-max-early-data" => {
                out.recv_max_early_data = Some(parse_number(&flag, &flags.value(&flag)?)?);
            }
            "--ticket-key" => {
                let key = parse_hex(&flag, &flags.value(&flag)?)?;
                if key.len() != 32 {
                    return Err(format!(
                        "--ticket-key: 32 bytes (64 hex digits), not {}",
                        key.len()
                    ));
                }
                out.ticket_keys.push(key);
            }
            "--num-tickets" => out.num_tickets = Some(parse_number(&flag, &flags.value(&flag)?)?),
            "--no-anti-replay" => out.no_anti_replay = true,
            "--accept" => out.accept = flags.value(&flag)?,
            "--cert" => out.cert = flags.value(&flag)?.into(),
            "--key" => out.key = flags.value(&flag)?.into(),
            "--cafile" => out.cafile = Some(flags.value(&flag)?.into()),
            "--verify-client" => out.verify_client = true,
            "--policy" => out.policy = Some(flags.value(&flag)?),
            "--groups" => out.groups = Some(parse_groups(&flags.value(&flag)?)?),
            "--alpn" => out.alpn = parse_alpn(&flags.value(&flag)?),
            "--echo" | "--www" => {
                let mode = if flag == "--echo" {
                    Mode::Echo
                } else {
                    Mode::Www
                };
                if out.mode != Mode::Print && out.mode != mode {
                    return Err("--echo and --www exclude each other".into());
                }
                out.mode = mode;
            }
            "--naccept" => {
                let n = flags.value(&flag)?;
                match n.parse() {
                    Ok(0) | Err(_) => {
                        return Err(format!(
                            "--naccept {n:?}: a number of connections, 1 or more"
                        ))
                    }
                    Ok(n) => out.naccept = Some(n),
                }
            }
            "--help" | "-h" => return Ok(Parsed::Help),
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    (out.psk, out.psk_mode) = psk.finish()?;
    out.records.check()?;
    if out.records.max_fragment_length.is_some() {
        return Err(
            "--max-fragment-length is a client flag (a server honours a client's \
                    request with --accept-max-fragment-length)"
                .into(),
        );
    }
    let no_cert = out.cert.as_os_str().is_empty() || out.key.as_os_str().is_empty();
    if out.accept.is_empty() || (no_cert && out.psk.is_none()) {
        return Err(
            "--accept, --cert and --key are required (--cert and --key unless --psk)".into(),
        );
    }
    if out.cert.as_os_str().is_empty() != out.key.as_os_str().is_empty() {
        return Err("--cert and --key go together".into());
    }
    if out.verify_client && out.cafile.is_none() {
        return Err("--verify-client needs --cafile".into());
    }
    if !out.accept.contains(':') {
        out.accept = format!("127.0.0.1:{}", out.accept);
    }
    Ok(Parsed::Run(out))
}
