//! Record sizes the handshake negotiates: max_fragment_length (RFC 6066 §4) and
//! record_size_limit (RFC 8449), and the limits they put on each direction.
//!
//! The handshake only decides; the connection applies the result, which it learns through
//! [`crate::Output::set_record_limits`]: the server before its EncryptedExtensions (so its whole
//! encrypted flight obeys the client's limit), the client on EncryptedExtensions (so its second
//! flight obeys the server's).
//!
//! Both limits are expressed as RFC 8449's TLSInnerPlaintext length (content + content type +
//! padding, RFC 8449 §4 for TLS 1.3): a max_fragment_length of `n` bytes of content becomes a
//! limit of `n + 1` (Wren never pads).

use tls_codec::enums::MaxFragmentLength;

/// RFC 8446 §5.4 and RFC 8449 §4: the largest TLSInnerPlaintext, 2^14 + 1 bytes. A peer's
/// `record_size_limit` above it is treated as this value (RFC 8449 §4: "a value larger than
/// the maximum record size of the protocol" may come from a client that knows later versions).
pub const MAX_INNER_LEN: u16 = 16_385;

/// What each direction may carry once the handshake has negotiated record sizes, as
/// TLSInnerPlaintext lengths (content + content type + padding; 64 ..= 2^14 + 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordLimits {
    /// The largest record we may send (the peer's `record_size_limit`, or the negotiated
    /// max_fragment_length + 1).
    pub send: u16,
    /// The largest record the peer may send us (our `record_size_limit` when the peer took
    /// it; the negotiated max_fragment_length + 1; otherwise 2^14 + 1).
    pub recv: u16,
}

impl RecordLimits {
    /// RFC 8446's limits both ways.
    pub const DEFAULT: Self = Self {
        send: MAX_INNER_LEN,
        recv: MAX_INNER_LEN,
    };

    /// The most application data one record we send carries: `send - 1`.
    #[must_use]
    pub const fn send_content_len(self) -> usize {
        (self.send as usize).saturating_sub(1)
    }
}

impl Default for RecordLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Record-size settings of a [`crate::Config`] (s2n-tls's `s2n_config_send_max_fragment_length`
/// and `s2n_config_accept_max_fragment_length`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordSettings {
    /// Client side: the max_fragment_length to ask for (RFC 6066 §4); `None` asks nothing.
    /// Servers often ignore it: never size buffers assuming it was honoured unless the
    /// handshake says so ([`crate::Negotiated::max_fragment_length`]).
    pub max_fragment_length: Option<MaxFragmentLength>,
    /// Server side: honour a client's max_fragment_length by echoing it in
    /// EncryptedExtensions; both directions then keep to it (off by default, as s2n-tls).
    pub accept_max_fragment_length: bool,
}

impl RecordSettings {
    /// Asks nothing, accepts nothing.
    pub const DEFAULT: Self = Self {
        max_fragment_length: None,
        accept_max_fragment_length: false,
    };
}

impl Default for RecordSettings {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The TLSInnerPlaintext limit of a max_fragment_length code: its bytes + 1 (content type).
pub(crate) fn mfl_inner(code: MaxFragmentLength) -> Option<u16> {
    code.bytes()
        .and_then(|b| u16::try_from(b).ok())
        .map(|b| b.saturating_add(1))
}

/// A peer's `record_size_limit` clamped to the protocol maximum (RFC 8449 §4).
pub(crate) fn peer_limit(value: u16) -> u16 {
    value.min(MAX_INNER_LEN)
}
