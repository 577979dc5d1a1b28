//! Builds a Wren [`Config`] from the tools' flags.
//!
//! `Config` borrows everything (`&'a` slices and objects) so that a device can keep it in
//! static memory. A host tool builds one at start-up and keeps it until exit, so the owned
//! pieces are leaked into `&'static` references: simple, and freed by the operating system.

use std::path::Path;

use tls_codec::enums::NamedGroup;
use tls_crypto::{RustCrypto, Signer};
use tls_handshake::{ClientAuth, Identity, SecurityPolicy, Verification};
use wren_tls::{Config, OsRng};

use crate::args::{ClientArgs, ServerArgs};
use crate::keys::{read_certificates, read_signer};

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
        .with_unix_time(unix_now);
    if args.insecure {
        config = config.with_verification(Verification::DangerousNoVerificationForTestsOnly);
    }
    if let (Some(cert), Some(key)) = (&args.cert, &args.key) {
        config = config.with_identity(identity(cert, key)?);
    }
    Ok(Box::leak(Box::new(config)))
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
    let config = Config::new(&RustCrypto, &OsRng, anchors)
        .with_policy(policy(args.policy.as_deref(), args.groups.as_deref())?)
        .with_alpn(alpn(&args.alpn))
        .with_unix_time(unix_now)
        .with_identity(identity(&args.cert, &args.key)?)
        .with_client_auth(if args.verify_client {
            ClientAuth::Required
        } else {
            ClientAuth::None
        });
    Ok(Box::leak(Box::new(config)))
}
