//! Hand-rolled command-line parsing: the tools take a dozen flags, not worth a dependency.

use std::path::PathBuf;

use tls_codec::enums::NamedGroup;

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
}

/// `wren-client` usage.
pub const CLIENT_USAGE: &str = "usage: wren-client --connect HOST:PORT [--servername NAME] \
[--cafile PEM | --insecure] [--cert PEM --key PEM] [--policy NAME] [--groups x25519,P-256] \
[--alpn LIST] [--help]";

/// `wren-server` usage.
pub const SERVER_USAGE: &str = "usage: wren-server --accept [HOST:]PORT --cert PEM --key PEM \
[--cafile PEM --verify-client] [--policy NAME] [--groups x25519,P-256] [--alpn LIST] \
[--echo | --www] [--naccept N] [--help]";

/// `wren-client --help`.
pub const CLIENT_HELP: &str = "\
Connects to a TLS 1.3 server with Wren, sends standard input after the handshake and writes
what the server sends to standard output. One summary line goes to standard error:
protocol, cipher suite, group, HelloRetryRequest (hrr=yes|no), ALPN, peer certificate subject.

  --connect HOST:PORT   the server (required)
  --servername NAME     SNI and the name the certificate must match (default: HOST)
  --cafile PEM          trust anchors to verify the server's certificate
  --insecure            no certificate verification (tests only); excludes --cafile
  --cert PEM --key PEM  a client certificate chain (leaf first) and its PKCS#8 key
  --policy NAME         security policy (default_tls13, 20251122, ...; default: default_tls13)
  --groups LIST         key-exchange groups in order, from x25519 and P-256; the first is shared
  --alpn LIST           ALPN protocols, comma-separated (e.g. h2,http/1.1)
  --help, -h            this text

Exit status: 0 after the server's close_notify, 1 on a failed connection (the error's name is
printed), 2 on bad usage.";

/// `wren-server --help`.
pub const SERVER_HELP: &str = "\
Accepts TLS 1.3 connections with Wren, one at a time, and prints one summary line per
connection to standard error. By default what a client sends goes to standard output.

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
    while let Some(flag) = flags.it.next() {
        match flag.as_str() {
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
    if out.connect.is_empty() {
        return Err("--connect HOST:PORT is required".into());
    }
    if out.cafile.is_some() == out.insecure {
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
    while let Some(flag) = flags.it.next() {
        match flag.as_str() {
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
    if out.accept.is_empty() || out.cert.as_os_str().is_empty() || out.key.as_os_str().is_empty() {
        return Err("--accept, --cert and --key are required".into());
    }
    if out.verify_client && out.cafile.is_none() {
        return Err("--verify-client needs --cafile".into());
    }
    if !out.accept.contains(':') {
        out.accept = format!("127.0.0.1:{}", out.accept);
    }
    Ok(Parsed::Run(out))
}
