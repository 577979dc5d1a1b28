//! Open wire enums: newtypes over the wire integer with named constants.
//!
//! An unknown value parses, round-trips and prints as hex, so a peer's new code points never
//! make us fail where the RFC says to ignore them (RFC 8446 §4.1.2, §4.2).

use crate::{Reader, Result, Writer};

/// Declares an open wire enum over `u8` or `u16`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($repr:ident) {
            $( $(#[$vmeta:meta])* $variant:ident = $value:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $repr);

        impl $name {
            $( $(#[$vmeta])* pub const $variant: Self = Self($value); )*

            /// The IANA name of a known value, `None` for an unknown one.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some(stringify!($variant)), )*
                    _ => None,
                }
            }

            /// The value on the wire.
            #[must_use]
            pub const fn get(self) -> $repr {
                self.0
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!(stringify!($name), "(0x{:x})"), self.0),
                }
            }
        }

        impl From<$repr> for $name {
            fn from(v: $repr) -> Self {
                Self(v)
            }
        }

        impl From<$name> for $repr {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        impl<'a> crate::Codec<'a> for $name {
            fn parse(r: &mut Reader<'a>) -> Result<Self> {
                wire_enum!(@read r, $repr).map(Self)
            }
            fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
                wire_enum!(@write w, $repr, self.0)
            }
        }
    };
    (@read $r:ident, u8) => { $r.u8() };
    (@read $r:ident, u16) => { $r.u16() };
    (@write $w:ident, u8, $v:expr) => { $w.u8($v) };
    (@write $w:ident, u16, $v:expr) => { $w.u16($v) };
}

wire_enum! {
    /// TLS record content type (RFC 8446 §5.1).
    pub struct ContentType(u8) {
        /// `change_cipher_spec(20)`, only for middlebox compatibility.
        CHANGE_CIPHER_SPEC = 20,
        /// `alert(21)`.
        ALERT = 21,
        /// `handshake(22)`.
        HANDSHAKE = 22,
        /// `application_data(23)`.
        APPLICATION_DATA = 23,
    }
}

wire_enum! {
    /// Handshake message type (RFC 8446 §4).
    pub struct HandshakeType(u8) {
        /// `client_hello(1)`.
        CLIENT_HELLO = 1,
        /// `server_hello(2)`; also carries HelloRetryRequest.
        SERVER_HELLO = 2,
        /// `new_session_ticket(4)`.
        NEW_SESSION_TICKET = 4,
        /// `end_of_early_data(5)`.
        END_OF_EARLY_DATA = 5,
        /// `encrypted_extensions(8)`.
        ENCRYPTED_EXTENSIONS = 8,
        /// `certificate(11)`.
        CERTIFICATE = 11,
        /// `certificate_request(13)`.
        CERTIFICATE_REQUEST = 13,
        /// `certificate_verify(15)`.
        CERTIFICATE_VERIFY = 15,
        /// `finished(20)`.
        FINISHED = 20,
        /// `key_update(24)`.
        KEY_UPDATE = 24,
        /// `message_hash(254)`: the synthetic message of the HelloRetryRequest transcript.
        MESSAGE_HASH = 254,
    }
}

wire_enum! {
    /// Protocol version (RFC 8446 §4.2.1).
    pub struct ProtocolVersion(u16) {
        /// TLS 1.0, the legacy record version of a first ClientHello.
        TLS_1_0 = 0x0301,
        /// TLS 1.2, the legacy version of every TLS 1.3 message.
        TLS_1_2 = 0x0303,
        /// TLS 1.3.
        TLS_1_3 = 0x0304,
    }
}

wire_enum! {
    /// Cipher suite (RFC 8446 §B.4).
    pub struct CipherSuite(u16) {
        /// AES-128-GCM with SHA-256.
        TLS_AES_128_GCM_SHA256 = 0x1301,
        /// AES-256-GCM with SHA-384.
        TLS_AES_256_GCM_SHA384 = 0x1302,
        /// ChaCha20-Poly1305 with SHA-256.
        TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
        /// AES-128-CCM with SHA-256 (not implemented; listed for naming).
        TLS_AES_128_CCM_SHA256 = 0x1304,
        /// AES-128-CCM-8 with SHA-256 (not implemented; listed for naming).
        TLS_AES_128_CCM_8_SHA256 = 0x1305,
        /// Signalling value for secure renegotiation (RFC 5746), sent by TLS 1.2 clients.
        TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff,
    }
}

wire_enum! {
    /// Named group for key exchange (RFC 8446 §4.2.7).
    pub struct NamedGroup(u16) {
        /// NIST P-256.
        SECP256R1 = 0x0017,
        /// NIST P-384.
        SECP384R1 = 0x0018,
        /// NIST P-521.
        SECP521R1 = 0x0019,
        /// Curve25519 (RFC 7748).
        X25519 = 0x001d,
        /// Curve448 (RFC 7748).
        X448 = 0x001e,
        /// FFDHE 2048 (RFC 7919).
        FFDHE2048 = 0x0100,
        /// FFDHE 3072 (RFC 7919).
        FFDHE3072 = 0x0101,
        /// FFDHE 4096 (RFC 7919).
        FFDHE4096 = 0x0102,
        /// FFDHE 6144 (RFC 7919).
        FFDHE6144 = 0x0103,
        /// FFDHE 8192 (RFC 7919).
        FFDHE8192 = 0x0104,
        /// Hybrid X25519 + ML-KEM-768.
        X25519MLKEM768 = 0x11ec,
    }
}

wire_enum! {
    /// Signature scheme (RFC 8446 §4.2.3).
    pub struct SignatureScheme(u16) {
        /// RSASSA-PKCS1-v1_5 with SHA-256 (certificates only in TLS 1.3).
        RSA_PKCS1_SHA256 = 0x0401,
        /// RSASSA-PKCS1-v1_5 with SHA-384.
        RSA_PKCS1_SHA384 = 0x0501,
        /// RSASSA-PKCS1-v1_5 with SHA-512.
        RSA_PKCS1_SHA512 = 0x0601,
        /// ECDSA P-256 with SHA-256.
        ECDSA_SECP256R1_SHA256 = 0x0403,
        /// ECDSA P-384 with SHA-384.
        ECDSA_SECP384R1_SHA384 = 0x0503,
        /// ECDSA P-521 with SHA-512.
        ECDSA_SECP521R1_SHA512 = 0x0603,
        /// RSASSA-PSS, rsaEncryption key, SHA-256.
        RSA_PSS_RSAE_SHA256 = 0x0804,
        /// RSASSA-PSS, rsaEncryption key, SHA-384.
        RSA_PSS_RSAE_SHA384 = 0x0805,
        /// RSASSA-PSS, rsaEncryption key, SHA-512.
        RSA_PSS_RSAE_SHA512 = 0x0806,
        /// Ed25519.
        ED25519 = 0x0807,
        /// Ed448.
        ED448 = 0x0808,
        /// RSASSA-PSS, RSASSA-PSS key, SHA-256.
        RSA_PSS_PSS_SHA256 = 0x0809,
        /// RSASSA-PSS, RSASSA-PSS key, SHA-384.
        RSA_PSS_PSS_SHA384 = 0x080a,
        /// RSASSA-PSS, RSASSA-PSS key, SHA-512.
        RSA_PSS_PSS_SHA512 = 0x080b,
        /// RSASSA-PKCS1-v1_5 with SHA-1 (legacy).
        RSA_PKCS1_SHA1 = 0x0201,
        /// ECDSA with SHA-1 (legacy).
        ECDSA_SHA1 = 0x0203,
    }
}

wire_enum! {
    /// Extension type (RFC 8446 §4.2 and the RFCs that define each).
    pub struct ExtensionType(u16) {
        /// RFC 6066 §3.
        SERVER_NAME = 0,
        /// RFC 6066 §4.
        MAX_FRAGMENT_LENGTH = 1,
        /// RFC 6066 §8.
        STATUS_REQUEST = 5,
        /// RFC 8446 §4.2.7.
        SUPPORTED_GROUPS = 10,
        /// RFC 8446 §4.2.3.
        SIGNATURE_ALGORITHMS = 13,
        /// RFC 5764.
        USE_SRTP = 14,
        /// RFC 6520.
        HEARTBEAT = 15,
        /// RFC 7301.
        APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16,
        /// RFC 6962.
        SIGNED_CERTIFICATE_TIMESTAMP = 18,
        /// RFC 7250.
        CLIENT_CERTIFICATE_TYPE = 19,
        /// RFC 7250.
        SERVER_CERTIFICATE_TYPE = 20,
        /// RFC 7685.
        PADDING = 21,
        /// RFC 7627 (TLS 1.2 only).
        EXTENDED_MASTER_SECRET = 23,
        /// RFC 8449.
        RECORD_SIZE_LIMIT = 28,
        /// RFC 5077 (TLS 1.2 tickets).
        SESSION_TICKET = 35,
        /// RFC 8446 §4.2.11.
        PRE_SHARED_KEY = 41,
        /// RFC 8446 §4.2.10.
        EARLY_DATA = 42,
        /// RFC 8446 §4.2.1.
        SUPPORTED_VERSIONS = 43,
        /// RFC 8446 §4.2.2.
        COOKIE = 44,
        /// RFC 8446 §4.2.9.
        PSK_KEY_EXCHANGE_MODES = 45,
        /// RFC 8446 §4.2.4.
        CERTIFICATE_AUTHORITIES = 47,
        /// RFC 8446 §4.2.5.
        OID_FILTERS = 48,
        /// RFC 8446 §4.2.6.
        POST_HANDSHAKE_AUTH = 49,
        /// RFC 8446 §4.2.3.
        SIGNATURE_ALGORITHMS_CERT = 50,
        /// RFC 8446 §4.2.8.
        KEY_SHARE = 51,
        /// RFC 5746 (TLS 1.2 renegotiation).
        RENEGOTIATION_INFO = 0xff01,
    }
}

wire_enum! {
    /// Alert level (RFC 8446 §6).
    pub struct AlertLevel(u8) {
        /// `warning(1)`.
        WARNING = 1,
        /// `fatal(2)`.
        FATAL = 2,
    }
}

wire_enum! {
    /// Alert description (RFC 8446 §6 and RFC 8449).
    pub struct AlertDescription(u8) {
        /// `close_notify(0)`.
        CLOSE_NOTIFY = 0,
        /// `unexpected_message(10)`.
        UNEXPECTED_MESSAGE = 10,
        /// `bad_record_mac(20)`.
        BAD_RECORD_MAC = 20,
        /// `record_overflow(22)`.
        RECORD_OVERFLOW = 22,
        /// `handshake_failure(40)`.
        HANDSHAKE_FAILURE = 40,
        /// `bad_certificate(42)`.
        BAD_CERTIFICATE = 42,
        /// `unsupported_certificate(43)`.
        UNSUPPORTED_CERTIFICATE = 43,
        /// `certificate_revoked(44)`.
        CERTIFICATE_REVOKED = 44,
        /// `certificate_expired(45)`.
        CERTIFICATE_EXPIRED = 45,
        /// `certificate_unknown(46)`.
        CERTIFICATE_UNKNOWN = 46,
        /// `illegal_parameter(47)`.
        ILLEGAL_PARAMETER = 47,
        /// `unknown_ca(48)`.
        UNKNOWN_CA = 48,
        /// `access_denied(49)`.
        ACCESS_DENIED = 49,
        /// `decode_error(50)`.
        DECODE_ERROR = 50,
        /// `decrypt_error(51)`.
        DECRYPT_ERROR = 51,
        /// `protocol_version(70)`.
        PROTOCOL_VERSION = 70,
        /// `insufficient_security(71)`.
        INSUFFICIENT_SECURITY = 71,
        /// `internal_error(80)`.
        INTERNAL_ERROR = 80,
        /// `inappropriate_fallback(86)`.
        INAPPROPRIATE_FALLBACK = 86,
        /// `user_canceled(90)`.
        USER_CANCELED = 90,
        /// `missing_extension(109)`.
        MISSING_EXTENSION = 109,
        /// `unsupported_extension(110)`.
        UNSUPPORTED_EXTENSION = 110,
        /// `unrecognized_name(112)`.
        UNRECOGNIZED_NAME = 112,
        /// `bad_certificate_status_response(113)`.
        BAD_CERTIFICATE_STATUS_RESPONSE = 113,
        /// `unknown_psk_identity(115)`.
        UNKNOWN_PSK_IDENTITY = 115,
        /// `certificate_required(116)`.
        CERTIFICATE_REQUIRED = 116,
        /// `no_application_protocol(120)`.
        NO_APPLICATION_PROTOCOL = 120,
    }
}

wire_enum! {
    /// PSK key exchange mode (RFC 8446 §4.2.9).
    pub struct PskKeyExchangeMode(u8) {
        /// PSK-only key establishment, no (EC)DHE.
        PSK_KE = 0,
        /// PSK with (EC)DHE key establishment.
        PSK_DHE_KE = 1,
    }
}

wire_enum! {
    /// Certificate status type (RFC 6066 §8).
    pub struct CertificateStatusType(u8) {
        /// OCSP.
        OCSP = 1,
    }
}

wire_enum! {
    /// Maximum fragment length code (RFC 6066 §4).
    pub struct MaxFragmentLength(u8) {
        /// 2^9 bytes.
        LEN_512 = 1,
        /// 2^10 bytes.
        LEN_1024 = 2,
        /// 2^11 bytes.
        LEN_2048 = 3,
        /// 2^12 bytes.
        LEN_4096 = 4,
    }
}

impl MaxFragmentLength {
    /// The plaintext limit in bytes this code stands for, `None` for an unknown code
    /// (which RFC 6066 §4 says is an `illegal_parameter`).
    #[must_use]
    pub const fn bytes(self) -> Option<usize> {
        match self.0 {
            1 => Some(512),
            2 => Some(1024),
            3 => Some(2048),
            4 => Some(4096),
            _ => None,
        }
    }
}

wire_enum! {
    /// Server name type (RFC 6066 §3).
    pub struct ServerNameType(u8) {
        /// A DNS host name.
        HOST_NAME = 0,
    }
}

wire_enum! {
    /// KeyUpdate request (RFC 8446 §4.6.3).
    pub struct KeyUpdateRequest(u8) {
        /// `update_not_requested(0)`.
        UPDATE_NOT_REQUESTED = 0,
        /// `update_requested(1)`.
        UPDATE_REQUESTED = 1,
    }
}
