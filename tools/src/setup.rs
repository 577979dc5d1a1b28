//! Builds a Wren [`Config`] from the tools' flags.
//!
//! `Config` borrows everything (`&'a` slices and objects) so that a device can keep it in
//! static memory. A host tool builds one at start-up and keeps it until exit, so the owned
//! pieces are leaked into `&'static` references: simple, and freed by the operating system.

use std::path::Path;

use sha2::{Digest, Sha256};
use tls_codec::enums::{CipherSuite, MaxFragmentLength, NamedGroup, PskKeyExchangeMode};
use tls_crypto::{HashAlgorithm, RustCrypto, Signer};
use tls_handshake::{ClientAuth, Identity, SecurityPolicy, Verification};
use wren_tls::{Config, ExternalPsk, OsRng, PskEarlyData, SingleUseTickets, TicketKey};

use crate::args::{ClientArgs, PreferArg, PskArgs, PskModeArg, RecordArgs, ServerArgs};
use crate::keys::{read_certificates, read_signer};
use crate::session::unix_ms;

/// How many single-use tickets `wren-server` remembers for anti-replay (a ticket beyond this
/// many live ones is refused early data: fail safe).
pub const REPLAY_STORE_SIZE: usize = 4096;

/// The most early data `wren-client` sends with an external PSK (`--psk` with
/// `--early-data`).
pub const CLIENT_PSK_MAX_EARLY_DATA: u32 = 16_384;

const PSK_KE: &[PskKeyExchangeMode] = &[PskKeyExchangeMode::PSK_KE];
const PSK_DHE_KE: &[PskKeyExchangeMode] = &[PskKeyExchangeMode::PSK_DHE_KE];
const BOTH_MODES: &[PskKeyExchangeMode] =
    &[PskKeyExchangeMode::PSK_DHE_KE, PskKeyExchangeMode::PSK_KE];

/// The external PSK from the flags, allowing `max_early_data` bytes of 0-RTT (with the
/// suite of its hash: TLS_AES_128_GCM_SHA256 or TLS_AES_256_GCM_SHA384) when above 0.
///
/// # Errors
/// An identity or secret Wren cannot use.
pub fn external_psk(
    args: &PskArgs,
    max_early_data: u32,
) -> Result<&'static [ExternalPsk<'static>], String> {
    let identity: &'static [u8] = args.identity.clone().into_bytes().leak();
    let secret: &'static [u8] = args.secret.clone().leak();
    let (hash, suite) = if args.sha384 {
        (HashAlgorithm::Sha384, CipherSuite::TLS_AES_256_GCM_SHA384)
    } else {
        (HashAlgorithm::Sha256, CipherSuite::TLS_AES_128_GCM_SHA256)
    };
    let mut psk = ExternalPsk::new(identity, secret, hash)
        .map_err(|e| format!("--psk-identity/--psk: {}", e.name()))?;
    if max_early_data > 0 {
        psk = psk
            .with_early_data(PskEarlyData::new(max_early_data, suite))
            .map_err(|e| format!("--psk with early data: {}", e.name()))?;
    }
    Ok(vec![psk].leak())
}

/// Ticket keys from `--ticket-key` (the last given is the newest, so it encrypts), or one
/// random key. Each key's name is the first 16 bytes of SHA-256 over its secret.
fn ticket_keys(secrets: &[Vec<u8>]) -> Result<&'static [TicketKey], String> {
    let mut secrets = secrets.to_vec();
    if secrets.is_empty() {
        let mut key = vec![0u8; 32];
        wren_tls::ConfigRng::fill(&OsRng, &mut key).map_err(|_| "no random ticket key")?;
        secrets.push(key);
    }
    let start = unix_ms();
    let mut keys = Vec::new();
    for (i, secret) in (0u64..).zip(&secrets) {
        let digest = Sha256::new()
            .chain_update(b"wren-server ticket key name")
            .chain_update(secret)
            .finalize();
        let mut name = [0u8; 16];
        name.copy_from_slice(digest.get(..16).unwrap_or(&[0; 16]));
        // Already active (a second back), newest last.
        let intro = start.saturating_sub(1000).saturating_add(i);
        keys.push(
            TicketKey::from_slice(name, secret, intro)
                .map_err(|e| format!("--ticket-key: {}", e.name()))?,
        );
    }
    Ok(keys.leak())
}

/// A config that lives until the process exits.
pub type StaticConfig = &'static Config<'static, RustCrypto>;

/// Leaks owned byte strings as the `&'static [&'static [u8]]` a config takes.
#[must_use]
pub fn leak_list(items: Vec<Vec<u8>>) -> &'static [&'static [u8]] {
    let items: Vec<&'static [u8]> = items.into_iter().map(|i| &*i.leak()).collect();
    items.leak()
}

/// The policy named `name` (default `default_tls13`), with its groups replaced by `groups` in
/// that order when given.
///
/// # Errors
/// An unknown policy name, listing the known ones.
pub fn policy(
    name: Option<&str>,
    groups: Option<&[NamedGroup]>,
) -> Result<&'static SecurityPolicy, String> {
    let base = match name {
        Some(name) => SecurityPolicy::by_name(name).ok_or_else(|| {
            let known: Vec<&str> = SecurityPolicy::ALL.iter().map(|p| p.name).collect();
            format!("unknown policy {name:?} (known: {})", known.join(", "))
        })?,
        None => &SecurityPolicy::DEFAULT_TLS13,
    };
    Ok(match groups {
        Some(groups) => Box::leak(Box::new(SecurityPolicy {
            groups: groups.to_vec().leak(),
            ..*base
        })),
        None => base,
    })
}

/// The certificate chain in `cert` (leaf first) and the key in `key`.
///
/// # Errors
/// A message naming the file that cannot be used.
pub fn identity(cert: &Path, key: &Path) -> Result<Identity<'static>, String> {
    let chain = leak_list(read_certificates(cert)?);
    let signer: &'static dyn Signer = Box::leak(read_signer(key)?);
    Ok(Identity { chain, signer })
}

/// Seconds since the Unix epoch, from the host clock (certificate validity).
#[must_use]
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn alpn(list: &[String]) -> &'static [&'static [u8]] {
    leak_list(list.iter().map(|p| p.as_bytes().to_vec()).collect())
}

/// The record-size flags applied to `config` (both tools; the parser let only the client's
/// `--max-fragment-length` and only the server's `--accept-max-fragment-length` through).
///
/// `--max-fragment-length` only asks for MFL: record_size_limit is sent as well when
/// `--record-size-limit` is given or the receive buffer is below a full record (its value then
/// comes from the buffer), and a server that knows RFC 8449 uses it instead (RFC 8449 §5).
#[must_use]
pub fn with_records(
    mut config: Config<'static, RustCrypto>,
    args: &RecordArgs,
) -> Config<'static, RustCrypto> {
    if let Some(n) = args.max_fragment_length {
        let code = match n {
            512 => MaxFragmentLength::LEN_512,
            1024 => MaxFragmentLength::LEN_1024,
            2048 => MaxFragmentLength::LEN_2048,
            _ => MaxFragmentLength::LEN_4096,
        };
        config = config.with_max_fragment_length(Some(code));
    }
    if args.accept_max_fragment_length {
        config = config.with_accept_max_fragment_length(true);
    }
    if let Some(limit) = args.record_size_limit {
        config = config.with_record_size_limit(limit);
    }
    match args.prefer {
        Some(PreferArg::LowLatency) => config = config.with_prefer_low_latency(),
        Some(PreferArg::Throughput) => config = config.with_prefer_throughput(),
        None => {}
    }
    if let Some((bytes, seconds)) = args.dynamic_record_threshold {
        config = config.with_dynamic_record_threshold(bytes, u64::from(seconds) * 1000);
    }
    config
}

/// The client's config: trust anchors from `--cafile` (or no verification with `--insecure`),
/// the host clock for validity, policy, groups, ALPN and an optional client certificate.
///
/// # Errors
/// A message for the user: a file that cannot be used or an unknown policy.
pub fn client_config(args: &ClientArgs) -> Result<StaticConfig, String> {
    let anchors = match &args.cafile {
        Some(path) => leak_list(read_certificates(path)?),
        None => &[],
    };
    let mut config = Config::new(&RustCrypto, &OsRng, anchors)
        .with_policy(policy(args.policy.as_deref(), args.groups.as_deref())?)
        .with_alpn(alpn(&args.alpn))
        .with_unix_time(unix_now)
        .with_psk_key_exchange_modes(match args.psk_mode {
            Some(PskModeArg::Ke) => PSK_KE,
            Some(PskModeArg::DheKe) | None => PSK_DHE_KE,
        });
    if args.insecure {
        config = config.with_verification(Verification::DangerousNoVerificationForTestsOnly);
    }
    if let (Some(cert), Some(key)) = (&args.cert, &args.key) {
        config = config.with_identity(identity(cert, key)?);
    }
    if let Some(psk) = &args.psk {
        let early = if args.early_data.is_some() {
            CLIENT_PSK_MAX_EARLY_DATA
        } else {
            0
        };
        config = config.with_external_psks(external_psk(psk, early)?);
    }
    if let Some(path) = args.sess_out.clone() {
        let store: &'static dyn wren_tls::TicketCallback =
            Box::leak(Box::new(move |session: &[u8]| {
                if let Err(e) = std::fs::write(&path, session) {
                    eprintln!("wren-client: --sess-out {}: {e}", path.display());
                }
            }));
        config = config.with_ticket_callback(store);
    }
    Ok(Box::leak(Box::new(with_records(config, &args.records))))
}

/// The server's config: identity, policy, groups, ALPN, and client authentication against
/// `--cafile` when `--verify-client` is given.
///
/// # Errors
/// A message for the user: a file that cannot be used or an unknown policy.
pub fn server_config(args: &ServerArgs) -> Result<StaticConfig, String> {
    let anchors = match &args.cafile {
        Some(path) => leak_list(read_certificates(path)?),
        None => &[],
    };
    let store: &'static SingleUseTickets<REPLAY_STORE_SIZE> =
        Box::leak(Box::new(SingleUseTickets::new()));
    let mut config = Config::new(&RustCrypto, &OsRng, anchors)
        .with_policy(policy(args.policy.as_deref(), args.groups.as_deref())?)
        .with_alpn(alpn(&args.alpn))
        .with_unix_time(unix_now)
        .with_client_auth(if args.verify_client {
            ClientAuth::Required
        } else {
            ClientAuth::None
        })
        .with_psk_key_exchange_modes(match args.psk_mode {
            Some(PskModeArg::Ke) => PSK_KE,
            Some(PskModeArg::DheKe) => PSK_DHE_KE,
            None => BOTH_MODES,
        })
        .with_ticket_keys(ticket_keys(&args.ticket_keys)?)
        .with_early_data(
            args.max_early_data,
            args.recv_max_early_data.unwrap_or(16_384),
        )
        .with_replay_store(store)
        .with_anti_replay(!args.no_anti_replay);
    if let Some(n) = args.num_tickets {
        config = config.with_initial_ticket_count(n);
    }
    if !args.cert.as_os_str().is_empty() {
        config = config.with_identity(identity(&args.cert, &args.key)?);
    }
    if let Some(psk) = &args.psk {
        config = config.with_external_psks(external_psk(psk, args.max_early_data)?);
    }
    Ok(Box::leak(Box::new(with_records(config, &args.records))))
}
