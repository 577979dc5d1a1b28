//! What a handshake negotiated, readable by the application: all fixed-size, no heap.

use crate::records::RecordLimits;
use crate::suite::Suite;
use tls_codec::enums::{NamedGroup, PskKeyExchangeMode, SignatureScheme};
use tls_psk::EarlyDataStatus;

/// Up to `N` bytes held inline (an ALPN protocol, a host name, a subject summary).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FixedBytes<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> FixedBytes<N> {
    /// A copy of `bytes`, or `None` if longer than `N`.
    #[must_use]
    pub fn new(bytes: &[u8]) -> Option<Self> {
        let mut out = Self {
            bytes: [0; N],
            len: bytes.len(),
        };
        out.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(out)
    }

    /// A copy of the first `N` bytes of `bytes` (the rest is cut off).
    #[must_use]
    pub fn truncated(bytes: &[u8]) -> Self {
        let len = bytes.len().min(N);
        Self::new(bytes.get(..len).unwrap_or(&[])).unwrap_or(Self {
            bytes: [0; N],
            len: 0,
        })
    }

    /// The bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// The bytes as UTF-8 text, `None` if they are not.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(self.as_bytes()).ok()
    }
}

impl<const N: usize> core::fmt::Debug for FixedBytes<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.as_str() {
            Some(s) => write!(f, "{s:?}"),
            None => write!(f, "{:02x?}", self.as_bytes()),
        }
    }
}

/// Longest ALPN protocol name (RFC 7301 §3.1: `opaque ProtocolName<1..2^8-1>`).
pub const MAX_ALPN_LEN: usize = 255;
/// Longest server name kept (a DNS name is at most 253 bytes, RFC 1035 §2.3.4).
pub const MAX_SERVER_NAME_LEN: usize = 255;
/// Longest PSK identity kept in [`Negotiated::psk_identity`] (longer ones are cut off; Wren
/// accepts external identities up to [`tls_psk::MAX_IDENTITY_LEN`]).
pub const MAX_PSK_IDENTITY_LEN: usize = tls_psk::MAX_IDENTITY_LEN;
/// The [`Negotiated::psk_identity`] of a connection resumed from a ticket (the ticket itself
/// is opaque and up to 1 KiB: not worth keeping).
pub const TICKET_IDENTITY_MARKER: &[u8] = b"resumption-ticket";
/// Longest peer subject summary kept (`"CN=..."`, cut off beyond this).
pub const MAX_SUBJECT_LEN: usize = 128;

/// What was negotiated. Fields fill in as the handshake goes; all are final once it is
/// complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Negotiated {
    /// The cipher suite.
    pub suite: Option<Suite>,
    /// The key-exchange group.
    pub group: Option<NamedGroup>,
    /// Whether a HelloRetryRequest happened (RFC 8446 §4.1.4).
    pub hello_retry: bool,
    /// The application protocol (RFC 7301), if one was agreed.
    pub alpn: Option<FixedBytes<MAX_ALPN_LEN>>,
    /// Client side: the name sent in server_name (SNI) and checked against the certificate;
    /// server side: the host_name the client asked for (RFC 6066 §3).
    pub server_name: Option<FixedBytes<MAX_SERVER_NAME_LEN>>,
    /// A short printable summary of the peer leaf certificate's subject (`"CN=..."`), when
    /// the peer presented one. Only with the `certificates` feature.
    #[cfg(feature = "certificates")]
    pub peer_subject: Option<FixedBytes<MAX_SUBJECT_LEN>>,
    /// The scheme of the peer's CertificateVerify (RFC 8446 §4.4.3); on a server without
    /// client authentication, the scheme the server signed with.
    pub signature_scheme: Option<SignatureScheme>,
    /// Server side: the client presented a certificate that verified, and proved its key.
    /// Client side: we sent a certificate when asked.
    pub client_authenticated: bool,
    /// A resumption ticket was used (RFC 8446 §2.2): no certificates this time.
    pub resumed: bool,
    /// The PSK identity used: an external PSK's identity, or [`TICKET_IDENTITY_MARKER`] for a
    /// ticket (s2n-tls's `s2n_connection_get_negotiated_psk_identity`).
    pub psk_identity: Option<FixedBytes<MAX_PSK_IDENTITY_LEN>>,
    /// What became of 0-RTT data (OpenSSL's `SSL_get_early_data_status`).
    pub early_data: EarlyDataStatus,
    /// The PSK key exchange mode, when a PSK was used (RFC 8446 §4.2.9).
    pub psk_mode: Option<PskKeyExchangeMode>,
    /// The max_fragment_length agreed (RFC 6066 §4), in bytes of content: the server echoed
    /// the client's request. `None` when not asked, not honoured, or when record_size_limit
    /// was negotiated instead (RFC 8449 §5).
    pub max_fragment_length: Option<u16>,
    /// Our record_size_limit as the peer was told it (RFC 8449), when both sides sent the
    /// extension.
    pub record_size_limit: Option<u16>,
    /// The peer's record_size_limit (clamped to 2^14 + 1), when both sides sent the extension.
    pub peer_record_size_limit: Option<u16>,
    /// The record limits in force (TLSInnerPlaintext lengths both ways); `None`: RFC 8446's
    /// 2^14 + 1 both ways (nothing was negotiated).
    pub record_limits: Option<RecordLimits>,
}

impl Negotiated {
    /// The record limits in force, RFC 8446's when nothing was negotiated.
    #[must_use]
    pub fn limits(&self) -> RecordLimits {
        self.record_limits.unwrap_or(RecordLimits::DEFAULT)
    }
}

impl<const N: usize> Default for FixedBytes<N> {
    fn default() -> Self {
        Self {
            bytes: [0; N],
            len: 0,
        }
    }
}

/// A printable summary of a certificate subject: `CN=<common name>`, non-printable bytes
/// shown as `?`, cut to [`MAX_SUBJECT_LEN`] bytes. `None` without a commonName.
#[cfg(all(any(feature = "client", feature = "server"), feature = "certificates"))]
pub(crate) fn subject_summary(subject_der: &[u8]) -> Option<FixedBytes<MAX_SUBJECT_LEN>> {
    let cn = tls_cert::name::common_name(subject_der)?;
    let mut out = FixedBytes::<MAX_SUBJECT_LEN>::default();
    let prefix = b"CN=";
    for (slot, b) in out
        .bytes
        .iter_mut()
        .zip(prefix.iter().chain(cn.iter()).copied())
    {
        *slot = if b.is_ascii_graphic() || b == b' ' {
            b
        } else {
            b'?'
        };
    }
    out.len = prefix.len().saturating_add(cn.len()).min(MAX_SUBJECT_LEN);
    Some(out)
}
