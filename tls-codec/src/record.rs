//! The record header and alert message (RFC 8446 §5.1, §6).

use crate::enums::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
use crate::{Codec, Reader, Result, Writer};

/// Length of a record header: type (1), legacy_record_version (2), length (2).
pub const HEADER_LEN: usize = 5;
/// Largest TLSPlaintext / TLSInnerPlaintext content: 2^14 bytes (RFC 8446 §5.1).
pub const MAX_PLAINTEXT_LEN: usize = 1 << 14;
/// Largest TLSCiphertext `encrypted_record`: 2^14 + 256 bytes (RFC 8446 §5.2).
pub const MAX_CIPHERTEXT_LEN: usize = MAX_PLAINTEXT_LEN + 256;

/// The five bytes in front of every record.
///
/// Parsing checks only the syntax; the record layer enforces the length limits, because which
/// limit applies (plaintext or ciphertext, negotiated or not) depends on its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordHeader {
    /// The outer content type (`application_data` for every protected record).
    pub content_type: ContentType,
    /// `legacy_record_version`: 0x0303, or 0x0301 on a first ClientHello.
    pub legacy_version: ProtocolVersion,
    /// Length of the fragment that follows.
    pub length: u16,
}

impl RecordHeader {
    /// The header as an array, e.g. to use as AEAD additional data (RFC 8446 §5.2).
    #[must_use]
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let [v0, v1] = self.legacy_version.0.to_be_bytes();
        let [l0, l1] = self.length.to_be_bytes();
        [self.content_type.0, v0, v1, l0, l1]
    }

    /// Parses a header from its five bytes.
    #[must_use]
    pub fn from_bytes(b: &[u8; HEADER_LEN]) -> Self {
        let [t, v0, v1, l0, l1] = *b;
        Self {
            content_type: ContentType(t),
            legacy_version: ProtocolVersion(u16::from_be_bytes([v0, v1])),
            length: u16::from_be_bytes([l0, l1]),
        }
    }
}

impl<'a> Codec<'a> for RecordHeader {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self::from_bytes(r.array::<HEADER_LEN>()?))
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&self.to_bytes())
    }
}

/// An alert message (RFC 8446 §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert {
    /// The level; in TLS 1.3 it carries no meaning except for close_notify/user_canceled.
    pub level: AlertLevel,
    /// What happened.
    pub description: AlertDescription,
}

impl Alert {
    /// A fatal alert with `description`.
    #[must_use]
    pub const fn fatal(description: AlertDescription) -> Self {
        Self {
            level: AlertLevel::FATAL,
            description,
        }
    }

    /// The `close_notify` warning alert.
    pub const CLOSE_NOTIFY: Self = Self {
        level: AlertLevel::WARNING,
        description: AlertDescription::CLOSE_NOTIFY,
    };
}

impl<'a> Codec<'a> for Alert {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            level: AlertLevel::parse(r)?,
            description: AlertDescription::parse(r)?,
        })
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.level.encode(w)?;
        self.description.encode(w)
    }
}
