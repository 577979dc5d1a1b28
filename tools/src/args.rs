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
}

/// `wren-client` usage.
pub const CLIENT_USAGE: &str = "usage: wren-client --connect HOST:PORT [--servername NAME] \
[--cafile PEM | --insecure] [--cert PEM --key PEM] [--policy NAME] [--groups x25519,P-256] \
[--alpn LIST] [--psk-identity ID --psk HEX [--psk-hash sha256|sha384]] [--psk-mode ke|dhe_ke] \
[--sess-out FILE] [--sess-in FILE] [--early-data FILE] [--help]";

/// `wren-server` usage.
pub const SERVER_USAGE: &str = "usage: wren-server --accept [HOST:]PORT --cert PEM --key PEM \
[--cafile PEM --verify-client] [--policy NAME] [--groups x25519,P-256] [--alpn LIST] \
[--echo | --www] [--naccept N] [--psk-identity ID --psk HEX [--psk-hash sha256|sha384]] \
[--psk-mode ke|dhe_ke] [--max-early-data N] [--recv-max-early-data N] [--ticket-key HEX]... \
[--num-tickets N] [--no-anti-replay] [--help]";

/// `wren-client --help`.
pub const CLIENT_HELP: &str = "\
Connects to a TLS 1.3 server with Wren, sends standard input after the handshake and writes
what the server sends to standard output. One summary line goes to standard error:
protocol, cipher suite, group, HelloRetryRequest (hrr=yes|no), ALPN, peer certificate subject,
resumed=yes|no, psk=IDENTITY|none (a ticket shows as resumption-ticket), and
early_data=accepted|rejected|not_sent.

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
  --help, -h            this text

Exit status: 0 after the server's close_notify, 1 on a failed connection (the error's name is
printed), 2 on bad usage.";

/// `wren-server --help`.
pub const SERVER_HELP: &str = "\
Accepts TLS 1.3 connections with Wren, one at a time, and prints one summary line per
connection to standard error (with resumed=yes|no, psk=IDENTITY|none and
early_data=accepted|rejected|not_sent). By default what a client sends goes to standard output.
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
        if psk.take(&flag, &mut flags)? {
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
        if psk.take(&flag, &mut flags)? {
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
