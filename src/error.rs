//! The connection's one error type, after s2n-tls's error types.
//!
//! An [`Error`] is small and `Copy`: a code (the connection's own, or the record or handshake
//! layer's error it wraps) and the alert that was sent or received. [`Error::kind`] sorts it into
//! s2n's types; [`Error::number`] is a stable `u16` for logs that cannot carry text (firmware);
//! with the `error-text` feature (a default), `Error::name` is the matching stable name for
//! logs and the C API, and `Error::description` a short sentence for people.
//!
//! A number turns back into an error with [`Error::from_number`], so a host can name what a
//! device logged: `wren-client --explain 0x076d` prints
//! `0x076d WREN_ERR_PEER_ALERT_MISSING_EXTENSION: ...`.

use tls_codec::enums::AlertDescription;

/// What an operation that could not finish is waiting for (s2n-tls's `s2n_blocked_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Blocked {
    /// More bytes from the transport are needed: fill [`crate::ConnectionCore::rx_space`].
    OnRead,
    /// Bytes in [`crate::ConnectionCore::tx_pending`] must be written first.
    OnWrite,
    /// The application must act: the server's early-data callback answered `Later`, and
    /// [`crate::ConnectionCore::accept_early_data`] or
    /// [`crate::ConnectionCore::reject_early_data`] must be called first (s2n-tls's
    /// `S2N_BLOCKED_ON_APPLICATION_INPUT`).
    OnApplicationInput,
    /// Server: accepted 0-RTT data is waiting to be read with
    /// [`crate::ConnectionCore::recv_early_data`] before the handshake can go on (s2n-tls's
    /// `S2N_BLOCKED_ON_EARLY_DATA`).
    OnEarlyData,
}

/// s2n-tls's error types: who or what an [`Error`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Not an error: the operation must be retried once the condition is resolved.
    Blocked(Blocked),
    /// The peer closed the connection with close_notify, or it was shut down.
    Closed,
    /// The transport failed or ended without a close_notify.
    Io,
    /// We detected a protocol violation (or a bad certificate); [`Error::alert`] is the alert we
    /// sent.
    Protocol,
    /// The peer sent a fatal alert; [`Error::alert`] is its description.
    Alert,
    /// The caller used the API wrongly (e.g. `send` before `negotiate` completed). Not fatal.
    Usage,
    /// A local limit or failure (buffer too small, crypto provider, RNG). Fatal; we sent
    /// `internal_error`.
    Internal,
}

/// The connection's own error conditions (the layers' errors are wrapped as they are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// Waiting for the transport or the application.
    Blocked(Blocked),
    /// The peer sent close_notify where no end-of-data can be reported (e.g. mid-handshake).
    PeerClosed,
    /// The transport ended (or its read or write failed) without a close_notify.
    Transport,
    /// The peer sent a fatal alert (see [`Error::alert`]).
    PeerAlert,
    /// A record or message that is not allowed here (RFC 8446 §5, §5.1).
    UnexpectedMessage,
    /// An alert record that is not two bytes long (RFC 8446 §6).
    BadAlert,
    /// The record layer's error.
    Record(tls_record::Error),
    /// The handshake's error (its alert is the one sent).
    Handshake(tls_handshake::Error),
    /// The receive buffer cannot hold a record together with the handshake bytes being
    /// reassembled: `needed` bytes of `rx` would have.
    RxTooSmall {
        /// The receive buffer size that would have held it.
        needed: u32,
    },
    /// A handshake message (a certificate chain) cannot be reassembled in the receive
    /// buffer: it is `message_len` bytes long, and an `rx` of `message_len + record_len`
    /// bytes ([`Error::needed`]: the message plus one record of the current limit) holds it
    /// whatever the record boundaries.
    HandshakeMessageTooLarge {
        /// The handshake message's length, header included.
        message_len: u32,
        /// The longest record the peer may send now (header and tag included).
        record_len: u16,
    },
    /// The transmit buffer cannot hold the handshake's output: `needed` bytes of `tx` would.
    TxTooSmall {
        /// The transmit buffer size that would have held it.
        needed: u32,
    },
    /// `send`, `recv` or `key_update` before the handshake completed.
    NotNegotiated,
    /// `send` after close_notify was sent, `recv` after `shutdown`, `negotiate` after close.
    AfterShutdown,
    /// `rx_commit` or `tx_ack` claimed more bytes than were lent.
    BadAck,
    /// `new_client`/`new_server` with buffers below the documented minimums.
    BuffersTooSmall,
    /// `release_buffers` while records are pending or received bytes are buffered.
    BuffersBusy,
    /// A verb while the buffers are released (`release_buffers`, `take_buffers`).
    BuffersReleased,
    /// A role operation on the wrong role (e.g. a server given a server name).
    WrongRole,
    /// Client: `send_early_data` beyond what the session or PSK allows (s2n-tls's
    /// `S2N_ERR_MAX_EARLY_DATA_SIZE`), or with no 0-RTT offered at all.
    EarlyDataTooLarge,
    /// Server: more 0-RTT data than it accepts, or more rejected 0-RTT data than it skips
    /// (`recv_max_early_data`, RFC 8446 §4.2.10): the connection aborts with
    /// `unexpected_message`.
    TooMuchEarlyData,
    /// `set_session` with bytes that are not a stored session (or after the handshake
    /// started).
    BadSession(tls_psk::Error),
    /// A PSK or early-data call at the wrong time (e.g. `set_session` after the handshake
    /// started, `accept_early_data` with no decision pending).
    BadState,
}

/// A connection error: small, `Copy`, with its kind, stable number (and name) and alert.
///
/// Fatal errors (kinds [`ErrorKind::Protocol`], [`ErrorKind::Alert`], [`ErrorKind::Internal`],
/// [`ErrorKind::Io`], [`ErrorKind::Closed`]) are sticky: the connection returns the same error
/// from every later call, and the alert it owes the peer is queued once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    code: Code,
    alert: Option<AlertDescription>,
}

impl Error {
    /// An error with no alert.
    pub(crate) const fn new(code: Code) -> Self {
        Self { code, alert: None }
    }

    /// An error detected here, with the alert it sends (none for usage errors, `internal_error`
    /// for local failures).
    pub(crate) fn detected(code: Code) -> Self {
        let mut e = Self::new(code);
        e.alert = match e.kind() {
            ErrorKind::Protocol | ErrorKind::Internal => Some(match code {
                Code::Record(r) => r.alert().unwrap_or(AlertDescription::INTERNAL_ERROR),
                Code::Handshake(h) => h.alert(),
                Code::UnexpectedMessage | Code::TooMuchEarlyData => {
                    AlertDescription::UNEXPECTED_MESSAGE
                }
                Code::BadAlert => AlertDescription::DECODE_ERROR,
                _ => AlertDescription::INTERNAL_ERROR,
            }),
            _ => None,
        };
        e
    }

    /// The peer's fatal alert.
    pub(crate) const fn peer_alert(alert: AlertDescription) -> Self {
        Self {
            code: Code::PeerAlert,
            alert: Some(alert),
        }
    }

    /// Blocked on `b`.
    pub(crate) const fn blocked(b: Blocked) -> Self {
        Self::new(Code::Blocked(b))
    }

    /// The condition, for callers that need more than the kind.
    #[must_use]
    pub const fn code(self) -> Code {
        self.code
    }

    /// Which of s2n's error types this is.
    #[must_use]
    pub fn kind(self) -> ErrorKind {
        match self.code {
            Code::Blocked(b) => ErrorKind::Blocked(b),
            Code::PeerClosed => ErrorKind::Closed,
            Code::Transport => ErrorKind::Io,
            Code::PeerAlert => ErrorKind::Alert,
            Code::UnexpectedMessage | Code::BadAlert | Code::TooMuchEarlyData => {
                ErrorKind::Protocol
            }
            Code::Record(r) => match r.kind() {
                tls_record::ErrorKind::Protocol => ErrorKind::Protocol,
                tls_record::ErrorKind::Usage | tls_record::ErrorKind::Internal => {
                    ErrorKind::Internal
                }
            },
            Code::Handshake(
                tls_handshake::Error::InvalidConfig | tls_handshake::Error::InvalidState,
            ) => ErrorKind::Usage,
            // The handshake names internal_error exactly for its local failures.
            Code::Handshake(h) if h.alert() == AlertDescription::INTERNAL_ERROR => {
                ErrorKind::Internal
            }
            Code::Handshake(_) => ErrorKind::Protocol,
            Code::RxTooSmall { .. }
            | Code::TxTooSmall { .. }
            | Code::HandshakeMessageTooLarge { .. } => ErrorKind::Internal,
            Code::NotNegotiated
            | Code::AfterShutdown
            | Code::BadAck
            | Code::BuffersTooSmall
            | Code::BuffersBusy
            | Code::BuffersReleased
            | Code::WrongRole
            | Code::EarlyDataTooLarge
            | Code::BadSession(_)
            | Code::BadState => ErrorKind::Usage,
        }
    }

    /// Whether this error ends the connection (every kind but blocked and usage).
    #[must_use]
    pub fn is_fatal(self) -> bool {
        !matches!(self.kind(), ErrorKind::Blocked(_) | ErrorKind::Usage)
    }

    /// Whether this is a "try again" condition rather than an error.
    #[must_use]
    pub fn is_blocked(self) -> bool {
        matches!(self.code, Code::Blocked(_))
    }

    /// The alert sent to the peer (kinds protocol and internal) or received from it (kind
    /// alert); `None` otherwise.
    #[must_use]
    pub const fn alert(self) -> Option<AlertDescription> {
        self.alert
    }

    /// A stable number for this error, one per `Error::name`, for logs without text: the
    /// layer in the high byte, the condition in the low byte (numbered from 1 in declaration
    /// order; numbers are never reused or changed, a new condition takes the next one).
    ///
    /// | number | name | what |
    /// |---|---|---|
    /// | `0x00NN` | `WREN_ERR_*` | the connection's own ([`Code`]: `0x0001` to `0x0016`) |
    /// | `0x01NN` | `RECORD_*` | the record layer's ([`tls_record::Error::number`]) |
    /// | `0x02NN` | `HANDSHAKE_*` | the handshake's ([`tls_handshake::Error::number`]) |
    /// | `0x03NN` | `CODEC_*` | a message that failed to decode ([`tls_codec::Error::number`]) |
    /// | `0x04NN` | `CERT_*` | a rejected certificate (`tls_cert::Error::number`) |
    /// | `0x05NN` | `CRYPTO_*` | the crypto provider's ([`tls_crypto::Error::number`]) |
    /// | `0x06NN` | `PSK_*` | PSK and session errors ([`tls_psk::Error::number`]) |
    /// | `0x07NN` | `WREN_ERR_PEER_ALERT_*` | the peer's fatal alert, `NN` its description |
    ///
    /// A wrapped error keeps its own layer's number, as it keeps its name. With the kind
    /// ([`Error::kind`]), the alert ([`Error::alert`]) and [`Error::needed`] it says all that
    /// the name and description say. On a host, [`Error::from_number`] turns it back into an
    /// error to name (`wren-client --explain NUMBER` prints it).
    #[must_use]
    pub fn number(self) -> u16 {
        match self.code {
            Code::Blocked(Blocked::OnRead) => 0x01,
            Code::Blocked(Blocked::OnWrite) => 0x02,
            Code::Blocked(Blocked::OnApplicationInput) => 0x03,
            Code::Blocked(Blocked::OnEarlyData) => 0x04,
            Code::PeerClosed => 0x05,
            Code::Transport => 0x06,
            Code::UnexpectedMessage => 0x07,
            Code::BadAlert => 0x08,
            Code::RxTooSmall { .. } => 0x09,
            Code::HandshakeMessageTooLarge { .. } => 0x0a,
            Code::TxTooSmall { .. } => 0x0b,
            Code::NotNegotiated => 0x0c,
            Code::AfterShutdown => 0x0d,
            Code::BadAck => 0x0e,
            Code::BuffersTooSmall => 0x0f,
            Code::BuffersBusy => 0x10,
            Code::BuffersReleased => 0x11,
            Code::WrongRole => 0x12,
            Code::EarlyDataTooLarge => 0x13,
            Code::TooMuchEarlyData => 0x14,
            Code::BadSession(_) => 0x15,
            Code::BadState => 0x16,
            // Every peer alert has one (`0x07ff` would be a peer alert without one).
            Code::PeerAlert => PEER_ALERT | self.alert.map_or(0xff, |a| u16::from(a.0)),
            Code::Record(r) => r.number(),
            Code::Handshake(h) => h.number(),
        }
    }

    /// An error whose [`Error::number`] is `n`, if there is one, with the alert it would have
    /// sent (the inverse of [`Error::number`], for a host naming what a device logged).
    ///
    /// Sizes are 0 (`needed` is not in the number); a crypto error comes as the handshake's
    /// (its alert is the handshake's: a failed AEAD check is `bad_record_mac`), a certificate,
    /// codec or PSK error as the handshake's, and `WREN_ERR_BAD_SESSION` with
    /// `PSK_MALFORMED` inside.
    #[must_use]
    pub fn from_number(n: u16) -> Option<Self> {
        let code = match n {
            0x01 => Code::Blocked(Blocked::OnRead),
            0x02 => Code::Blocked(Blocked::OnWrite),
            0x03 => Code::Blocked(Blocked::OnApplicationInput),
            0x04 => Code::Blocked(Blocked::OnEarlyData),
            0x05 => Code::PeerClosed,
            0x06 => Code::Transport,
            0x07 => Code::UnexpectedMessage,
            0x08 => Code::BadAlert,
            0x09 => Code::RxTooSmall { needed: 0 },
            0x0a => Code::HandshakeMessageTooLarge {
                message_len: 0,
                record_len: 0,
            },
            0x0b => Code::TxTooSmall { needed: 0 },
            0x0c => Code::NotNegotiated,
            0x0d => Code::AfterShutdown,
            0x0e => Code::BadAck,
            0x0f => Code::BuffersTooSmall,
            0x10 => Code::BuffersBusy,
            0x11 => Code::BuffersReleased,
            0x12 => Code::WrongRole,
            0x13 => Code::EarlyDataTooLarge,
            0x14 => Code::TooMuchEarlyData,
            0x15 => Code::BadSession(tls_psk::Error::Malformed),
            0x16 => Code::BadState,
            _ if n & 0xff00 == PEER_ALERT && n != PEER_ALERT | 0xff => {
                return Some(Self::peer_alert(AlertDescription((n & 0xff) as u8)));
            }
            _ => match tls_record::Error::from_number(n) {
                // A crypto error: the handshake's (below).
                Some(r) if n & 0xff00 == 0x0100 => Code::Record(r),
                _ => Code::Handshake(tls_handshake::Error::from_number(n)?),
            },
        };
        Some(Self::detected(code))
    }

    /// A stable name for logs and the C API. The connection's own conditions are `WREN_ERR_*`;
    /// a peer's alert is `WREN_ERR_PEER_ALERT_<ALERT>`; the layers' errors keep their layer's
    /// stable name (`RECORD_*`, `HANDSHAKE_*`, `CRYPTO_*`, ...). [`Error::number`] is the
    /// number for the same name.
    ///
    /// Only with the `error-text` feature (a default): the names of every layer's errors and
    /// every alert are several KB of flash, which a firmware that logs [`Error::number`]
    /// leaves out.
    #[cfg(feature = "error-text")]
    #[must_use]
    pub fn name(self) -> &'static str {
        match self.code {
            Code::Blocked(Blocked::OnRead) => "WREN_ERR_BLOCKED_ON_READ",
            Code::Blocked(Blocked::OnWrite) => "WREN_ERR_BLOCKED_ON_WRITE",
            Code::Blocked(Blocked::OnApplicationInput) => "WREN_ERR_BLOCKED_ON_APPLICATION_INPUT",
            Code::Blocked(Blocked::OnEarlyData) => "WREN_ERR_BLOCKED_ON_EARLY_DATA",
            Code::PeerClosed => "WREN_ERR_CLOSED",
            Code::Transport => "WREN_ERR_IO",
            Code::PeerAlert => peer_alert_name(self.alert),
            Code::UnexpectedMessage => "WREN_ERR_UNEXPECTED_MESSAGE",
            Code::BadAlert => "WREN_ERR_BAD_ALERT",
            Code::Record(r) => r.name(),
            Code::Handshake(h) => h.name(),
            Code::RxTooSmall { .. } => "WREN_ERR_RX_TOO_SMALL",
            Code::TxTooSmall { .. } => "WREN_ERR_TX_TOO_SMALL",
            Code::HandshakeMessageTooLarge { .. } => "WREN_ERR_HANDSHAKE_MESSAGE_TOO_LARGE",
            Code::BuffersBusy => "WREN_ERR_BUFFERS_BUSY",
            Code::BuffersReleased => "WREN_ERR_BUFFERS_RELEASED",
            Code::NotNegotiated => "WREN_ERR_NOT_NEGOTIATED",
            Code::AfterShutdown => "WREN_ERR_AFTER_SHUTDOWN",
            Code::BadAck => "WREN_ERR_BAD_ACK",
            Code::BuffersTooSmall => "WREN_ERR_BUFFERS_TOO_SMALL",
            Code::WrongRole => "WREN_ERR_WRONG_ROLE",
            Code::EarlyDataTooLarge => "WREN_ERR_EARLY_DATA_TOO_LARGE",
            Code::TooMuchEarlyData => "WREN_ERR_TOO_MUCH_EARLY_DATA",
            Code::BadSession(_) => "WREN_ERR_BAD_SESSION",
            Code::BadState => "WREN_ERR_BAD_STATE",
        }
    }

    /// A short description for people. Only with the `error-text` feature (a default).
    #[cfg(feature = "error-text")]
    #[must_use]
    pub fn description(self) -> &'static str {
        match self.code {
            Code::Blocked(Blocked::OnRead) => "blocked: needs bytes from the transport",
            Code::Blocked(Blocked::OnWrite) => "blocked: pending bytes must be written first",
            Code::Blocked(_) => "blocked: waiting for the application",
            Code::PeerClosed => "the peer closed the connection (close_notify)",
            Code::Transport => "the transport failed or closed without close_notify",
            Code::UnexpectedMessage => "unexpected record or message",
            Code::BadAlert => "malformed alert record",
            Code::RxTooSmall { .. } => "receive buffer too small for the peer's records",
            Code::TxTooSmall { .. } => "transmit buffer too small for the handshake flight",
            Code::HandshakeMessageTooLarge { .. } => {
                "handshake message too large for the receive buffer's reassembly area"
            }
            Code::BuffersBusy => "buffers hold pending or received bytes",
            Code::BuffersReleased => "the buffers were released",
            Code::NotNegotiated => "the handshake has not completed",
            Code::AfterShutdown => "the connection was shut down",
            Code::BadAck => "more bytes acknowledged than the buffer lent",
            Code::BuffersTooSmall => "buffers below the documented minimum sizes",
            Code::WrongRole => "operation not valid for this role",
            Code::EarlyDataTooLarge => "more early data than the session or PSK allows",
            Code::TooMuchEarlyData => "the peer sent more early data than allowed",
            Code::BadSession(_) => "not a stored session",
            Code::BadState => "not allowed at this point of the connection",
            Code::PeerAlert | Code::Record(_) | Code::Handshake(_) => {
                self.alert.map_or("internal error", alert_text)
            }
        }
    }

    /// The size a too-small buffer would have needed, for [`Code::RxTooSmall`],
    /// [`Code::HandshakeMessageTooLarge`] and [`Code::TxTooSmall`] (and the handshake's own
    /// `BufferTooSmall`).
    #[must_use]
    pub fn needed(self) -> Option<usize> {
        match self.code {
            Code::RxTooSmall { needed } | Code::TxTooSmall { needed } => {
                usize::try_from(needed).ok()
            }
            Code::HandshakeMessageTooLarge {
                message_len,
                record_len,
            } => usize::try_from(message_len)
                .ok()
                .and_then(|m| m.checked_add(usize::from(record_len))),
            Code::Handshake(tls_handshake::Error::BufferTooSmall { needed }) => {
                Some(usize::from(needed))
            }
            _ => None,
        }
    }
}

impl From<tls_record::Error> for Error {
    fn from(e: tls_record::Error) -> Self {
        Self::detected(Code::Record(e))
    }
}

impl From<tls_handshake::Error> for Error {
    fn from(e: tls_handshake::Error) -> Self {
        Self::detected(Code::Handshake(e))
    }
}

/// `NAME: description` with the `error-text` feature; without it, `wren error 0xNNNN`
/// ([`Error::number`]).
impl core::fmt::Display for Error {
    #[cfg(feature = "error-text")]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.name(), self.description())
    }

    #[cfg(not(feature = "error-text"))]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "wren error {:#06x}", self.number())
    }
}

impl core::error::Error for Error {}

impl embedded_io::Error for Error {
    fn kind(&self) -> embedded_io::ErrorKind {
        match Error::kind(*self) {
            ErrorKind::Io | ErrorKind::Closed => embedded_io::ErrorKind::ConnectionReset,
            ErrorKind::Usage => embedded_io::ErrorKind::Unsupported,
            ErrorKind::Protocol | ErrorKind::Alert => embedded_io::ErrorKind::InvalidData,
            ErrorKind::Blocked(_) | ErrorKind::Internal => embedded_io::ErrorKind::Other,
        }
    }
}

/// The high byte of [`Error::number`] for a peer's alert.
const PEER_ALERT: u16 = 0x0700;

/// `WREN_ERR_PEER_ALERT_*` for a received alert.
#[cfg(feature = "error-text")]
fn peer_alert_name(alert: Option<AlertDescription>) -> &'static str {
    let Some(a) = alert else {
        return "WREN_ERR_PEER_ALERT";
    };
    match a {
        AlertDescription::UNEXPECTED_MESSAGE => "WREN_ERR_PEER_ALERT_UNEXPECTED_MESSAGE",
        AlertDescription::BAD_RECORD_MAC => "WREN_ERR_PEER_ALERT_BAD_RECORD_MAC",
        AlertDescription::RECORD_OVERFLOW => "WREN_ERR_PEER_ALERT_RECORD_OVERFLOW",
        AlertDescription::HANDSHAKE_FAILURE => "WREN_ERR_PEER_ALERT_HANDSHAKE_FAILURE",
        AlertDescription::BAD_CERTIFICATE => "WREN_ERR_PEER_ALERT_BAD_CERTIFICATE",
        AlertDescription::UNSUPPORTED_CERTIFICATE => "WREN_ERR_PEER_ALERT_UNSUPPORTED_CERTIFICATE",
        AlertDescription::CERTIFICATE_REVOKED => "WREN_ERR_PEER_ALERT_CERTIFICATE_REVOKED",
        AlertDescription::CERTIFICATE_EXPIRED => "WREN_ERR_PEER_ALERT_CERTIFICATE_EXPIRED",
        AlertDescription::CERTIFICATE_UNKNOWN => "WREN_ERR_PEER_ALERT_CERTIFICATE_UNKNOWN",
        AlertDescription::ILLEGAL_PARAMETER => "WREN_ERR_PEER_ALERT_ILLEGAL_PARAMETER",
        AlertDescription::UNKNOWN_CA => "WREN_ERR_PEER_ALERT_UNKNOWN_CA",
        AlertDescription::ACCESS_DENIED => "WREN_ERR_PEER_ALERT_ACCESS_DENIED",
        AlertDescription::DECODE_ERROR => "WREN_ERR_PEER_ALERT_DECODE_ERROR",
        AlertDescription::DECRYPT_ERROR => "WREN_ERR_PEER_ALERT_DECRYPT_ERROR",
        AlertDescription::PROTOCOL_VERSION => "WREN_ERR_PEER_ALERT_PROTOCOL_VERSION",
        AlertDescription::INSUFFICIENT_SECURITY => "WREN_ERR_PEER_ALERT_INSUFFICIENT_SECURITY",
        AlertDescription::INTERNAL_ERROR => "WREN_ERR_PEER_ALERT_INTERNAL_ERROR",
        AlertDescription::INAPPROPRIATE_FALLBACK => "WREN_ERR_PEER_ALERT_INAPPROPRIATE_FALLBACK",
        AlertDescription::USER_CANCELED => "WREN_ERR_PEER_ALERT_USER_CANCELED",
        AlertDescription::MISSING_EXTENSION => "WREN_ERR_PEER_ALERT_MISSING_EXTENSION",
        AlertDescription::UNSUPPORTED_EXTENSION => "WREN_ERR_PEER_ALERT_UNSUPPORTED_EXTENSION",
        AlertDescription::UNRECOGNIZED_NAME => "WREN_ERR_PEER_ALERT_UNRECOGNIZED_NAME",
        AlertDescription::BAD_CERTIFICATE_STATUS_RESPONSE => {
            "WREN_ERR_PEER_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE"
        }
        AlertDescription::UNKNOWN_PSK_IDENTITY => "WREN_ERR_PEER_ALERT_UNKNOWN_PSK_IDENTITY",
        AlertDescription::CERTIFICATE_REQUIRED => "WREN_ERR_PEER_ALERT_CERTIFICATE_REQUIRED",
        AlertDescription::NO_APPLICATION_PROTOCOL => "WREN_ERR_PEER_ALERT_NO_APPLICATION_PROTOCOL",
        _ => "WREN_ERR_PEER_ALERT_UNKNOWN",
    }
}

/// A short phrase for an alert description.
#[cfg(feature = "error-text")]
fn alert_text(a: AlertDescription) -> &'static str {
    match a {
        AlertDescription::CLOSE_NOTIFY => "close_notify",
        AlertDescription::UNEXPECTED_MESSAGE => "unexpected message",
        AlertDescription::BAD_RECORD_MAC => "record failed authentication (bad_record_mac)",
        AlertDescription::RECORD_OVERFLOW => "record too long (record_overflow)",
        AlertDescription::HANDSHAKE_FAILURE => "no acceptable parameters (handshake_failure)",
        AlertDescription::BAD_CERTIFICATE => "bad certificate",
        AlertDescription::UNSUPPORTED_CERTIFICATE => "unsupported certificate",
        AlertDescription::CERTIFICATE_REVOKED => "certificate revoked",
        AlertDescription::CERTIFICATE_EXPIRED => "certificate expired or not yet valid",
        AlertDescription::CERTIFICATE_UNKNOWN => "certificate not accepted",
        AlertDescription::ILLEGAL_PARAMETER => "illegal parameter",
        AlertDescription::UNKNOWN_CA => "certificate issuer unknown (unknown_ca)",
        AlertDescription::ACCESS_DENIED => "access denied",
        AlertDescription::DECODE_ERROR => "malformed message (decode_error)",
        AlertDescription::DECRYPT_ERROR => "signature or Finished check failed (decrypt_error)",
        AlertDescription::PROTOCOL_VERSION => "TLS 1.3 not supported (protocol_version)",
        AlertDescription::INSUFFICIENT_SECURITY => "insufficient security",
        AlertDescription::INTERNAL_ERROR => "internal error",
        AlertDescription::INAPPROPRIATE_FALLBACK => "inappropriate fallback",
        AlertDescription::USER_CANCELED => "user canceled",
        AlertDescription::MISSING_EXTENSION => "missing extension",
        AlertDescription::UNSUPPORTED_EXTENSION => "unsupported extension",
        AlertDescription::UNRECOGNIZED_NAME => "server name not recognized",
        AlertDescription::BAD_CERTIFICATE_STATUS_RESPONSE => "bad certificate status response",
        AlertDescription::UNKNOWN_PSK_IDENTITY => "unknown PSK identity",
        AlertDescription::CERTIFICATE_REQUIRED => "client certificate required",
        AlertDescription::NO_APPLICATION_PROTOCOL => "no common ALPN protocol",
        _ => "unknown alert",
    }
}
