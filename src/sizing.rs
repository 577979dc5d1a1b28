//! Record sizing: what we ask to receive (max_fragment_length, RFC 6066; record_size_limit,
//! RFC 8449) and how we size what we send (s2n-tls's "TLS Record Sizes": prefer low latency
//! or throughput, dynamic record sizing). The arithmetic is in [`crate::sizes`].

use crate::sizes::SMALL_RECORD_CONTENT;
use tls_codec::enums::MaxFragmentLength;
use tls_record::MAX_PLAINTEXT_LEN;

/// The largest record content (bytes of application or handshake data per record) an endpoint
/// wants: 512 ..= 16384.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordSize(u16);

impl RecordSize {
    /// RFC 8446's full records: 2^14 bytes.
    pub const FULL: Self = Self(16_384);
    /// 4 KiB records (max_fragment_length 2^12).
    pub const K4: Self = Self(4096);
    /// 2 KiB records (max_fragment_length 2^11).
    pub const K2: Self = Self(2048);
    /// 1 KiB records (max_fragment_length 2^10).
    pub const K1: Self = Self(1024);
    /// 512-byte records (max_fragment_length 2^9), the smallest Wren supports.
    pub const B512: Self = Self(512);

    /// A record size of `content` bytes, `None` outside `512 ..= 16384`.
    #[must_use]
    pub const fn new(content: u16) -> Option<Self> {
        if content < Self::B512.0 || content > Self::FULL.0 {
            None
        } else {
            Some(Self(content))
        }
    }

    /// The content bytes per record.
    #[must_use]
    pub const fn content_len(self) -> usize {
        self.0 as usize
    }

    /// The max_fragment_length code for this size, when RFC 6066 has one (and it is below
    /// full records).
    #[must_use]
    pub const fn max_fragment_length(self) -> Option<MaxFragmentLength> {
        match self.0 {
            512 => Some(MaxFragmentLength::LEN_512),
            1024 => Some(MaxFragmentLength::LEN_1024),
            2048 => Some(MaxFragmentLength::LEN_2048),
            4096 => Some(MaxFragmentLength::LEN_4096),
            _ => None,
        }
    }

    /// The longest protected record of this size: content + 22 ([`tls_record::SEAL_OVERHEAD`]).
    #[must_use]
    pub const fn record_len(self) -> usize {
        tls_record::sealed_record_len(self.content_len(), 0)
    }
}

impl Default for RecordSize {
    fn default() -> Self {
        Self::FULL
    }
}

/// Whether record_size_limit (RFC 8449) is advertised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordSizeLimit {
    /// Client: sent when the receive buffer (or [`RecordSize`]) is below a full record. Server:
    /// answered whenever the client sent one. The value is
    /// [`crate::sizes::advertised_limit`].
    Auto,
    /// Always sent, at most this value (TLSInnerPlaintext bytes, 64 ..= 2^14 + 1).
    AtMost(u16),
    /// Never sent; a client's is ignored.
    Off,
}

/// How records we send are sized when nothing smaller was negotiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RecordPreference {
    /// Full records (2^14 bytes of content): least overhead (s2n-tls's `prefer_throughput`).
    #[default]
    Throughput,
    /// Records of at most [`SMALL_RECORD_CONTENT`] (1398) bytes, one per Ethernet frame: the
    /// peer can decrypt each as soon as its frame arrives (s2n-tls's `prefer_low_latency`).
    LowLatency,
}

/// s2n-tls's dynamic record sizing (`s2n_connection_set_dynamic_record_threshold`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DynamicThreshold {
    /// The first this-many bytes go in small records ([`SMALL_RECORD_CONTENT`]).
    pub resize_threshold: u32,
    /// After this long without sending (protocol time, the `now_ms` of the verbs), small
    /// records again.
    pub timeout_ms: u64,
}

/// The send side's sizing state.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SendSizing {
    pub(crate) prefer: RecordPreference,
    pub(crate) dynamic: Option<DynamicThreshold>,
    /// Bytes sent since the connection started or last went idle.
    sent: u64,
    /// When data was last sent.
    last_ms: Option<u64>,
}

impl SendSizing {
    pub(crate) const fn new(prefer: RecordPreference, dynamic: Option<DynamicThreshold>) -> Self {
        Self {
            prefer,
            dynamic,
            sent: 0,
            last_ms: None,
        }
    }

    /// Starts a send at `now_ms`: an idle gap of the timeout or more starts small records
    /// again.
    pub(crate) fn begin(&mut self, now_ms: u64) {
        if let (Some(d), Some(last)) = (self.dynamic, self.last_ms) {
            if now_ms.saturating_sub(last) >= d.timeout_ms {
                self.sent = 0;
            }
        }
    }

    /// The most content the next record may carry under the preference and dynamic sizing
    /// (the negotiated limit caps it further).
    pub(crate) fn cap(&self) -> usize {
        let small = match self.prefer {
            RecordPreference::LowLatency => true,
            RecordPreference::Throughput => false,
        } || self
            .dynamic
            .is_some_and(|d| self.sent < u64::from(d.resize_threshold));
        if small {
            SMALL_RECORD_CONTENT
        } else {
            MAX_PLAINTEXT_LEN
        }
    }

    /// `n` bytes went out at `now_ms`.
    pub(crate) fn record(&mut self, n: usize, now_ms: u64) {
        self.sent = self
            .sent
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        self.last_ms = Some(now_ms);
    }
}
