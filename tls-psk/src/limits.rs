//! Size limits. Every buffer in this crate is sized by one of these.

use tls_crypto::{MAX_HASH_LEN, NONCE_LEN, TAG_LEN};

/// The longest ticket a client stores (a [`crate::Session`] holds it inline).
///
/// RFC 8446 §4.6.1 allows `opaque ticket<1..2^16-1>`, but no deployed server sends more than a
/// few hundred bytes; a longer ticket is not stored (the client does a full handshake next
/// time). Wren's own tickets are at most [`MAX_SEALED_TICKET_LEN`] (718) bytes.
pub const MAX_TICKET_LEN: usize = 1024;

/// The longest external PSK identity accepted: OpenSSL's `PSK_MAX_IDENTITY_LEN` (RFC 4279 §5.3
/// asks for at least 128). The wire allows 2^16-1 (RFC 8446 §4.2.11).
pub const MAX_IDENTITY_LEN: usize = 256;

/// The longest ALPN protocol name: `opaque ProtocolName<1..2^8-1>` (RFC 7301 §3.1).
pub const MAX_ALPN_LEN: usize = 255;

/// The longest early-data context bound to a PSK or carried in a ticket
/// (`s2n_psk_set_early_data_context`); an application-defined value, kept small.
pub const MAX_EARLY_DATA_CONTEXT_LEN: usize = 64;

/// The longest server name remembered with a session: a DNS name is at most 253 characters
/// (RFC 1035 §2.3.4), rounded to the one-byte length prefix's 255.
pub const MAX_SERVER_NAME_LEN: usize = 255;

/// The longest resumption PSK: one hash output, at most SHA-384's 48 bytes (RFC 8446 §4.6.1).
pub const MAX_PSK_LEN: usize = MAX_HASH_LEN;

/// The longest ticket lifetime, 7 days in seconds (RFC 8446 §4.6.1: servers "MUST NOT use any
/// value greater than 604800 seconds"; clients do not cache longer).
pub const MAX_TICKET_LIFETIME_S: u32 = 604_800;

/// Length of a ticket key name (and of the name field at the start of every Wren ticket).
pub const TICKET_KEY_NAME_LEN: usize = 16;

/// Length of a ticket key's secret.
pub const TICKET_KEY_SECRET_LEN: usize = 32;

/// Length of the random per-ticket identifier used for anti-replay.
pub const TICKET_ID_LEN: usize = 16;

/// The longest encoded [`crate::TicketState`] (the plaintext sealed in a ticket):
/// version 1 + suite 2 + psk (1 + 48) + ticket id 16 + issued 8 + lifetime 4 + age_add 4 +
/// auth 8 + max_early_data 4 + alpn (1 + 255) + context (1 + 64) + server name (1 + 255) = 673.
pub const MAX_TICKET_STATE_LEN: usize = 1
    + 2
    + 1
    + MAX_PSK_LEN
    + TICKET_ID_LEN
    + 8
    + 4
    + 4
    + 8
    + 4
    + 1
    + MAX_ALPN_LEN
    + 1
    + MAX_EARLY_DATA_CONTEXT_LEN
    + 1
    + MAX_SERVER_NAME_LEN;

/// Bytes a sealed ticket adds to its state: format 1 + key name 16 + nonce 12 + tag 16 = 45.
pub const TICKET_OVERHEAD: usize = 1 + TICKET_KEY_NAME_LEN + NONCE_LEN + TAG_LEN;

/// The longest ticket [`crate::seal_ticket`] writes: 673 + 45 = 718 bytes, within
/// [`MAX_TICKET_LEN`].
pub const MAX_SEALED_TICKET_LEN: usize = MAX_TICKET_STATE_LEN + TICKET_OVERHEAD;

/// The longest encoded [`crate::Session`]: version 1 + suite 2 + psk (1 + 48) +
/// ticket (2 + 1024) + lifetime 4 + age_add 4 + received 8 + max_early_data 4 +
/// alpn (1 + 255) + server name (1 + 255) = 1610 bytes.
pub const MAX_SESSION_LEN: usize = 1
    + 2
    + 1
    + MAX_PSK_LEN
    + 2
    + MAX_TICKET_LEN
    + 4
    + 4
    + 8
    + 4
    + 1
    + MAX_ALPN_LEN
    + 1
    + MAX_SERVER_NAME_LEN;

const _: () = assert!(MAX_SEALED_TICKET_LEN <= MAX_TICKET_LEN);
