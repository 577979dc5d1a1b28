//! The server's ticket contents ([`TicketState`]) and their sealing into opaque tickets
//! ([`seal_ticket`], [`open_ticket`]).
//!
//! # Ticket format (version 1)
//!
//! ```text
//! format (1) || key_name (16) || nonce (12) || AEAD(encoded TicketState) || tag (16)
//! ```
//!
//! * `format` is `0x01` for ChaCha20-Poly1305, `0x02` for AES-128-GCM. [`seal_ticket`] uses
//!   ChaCha20-Poly1305 (fast in software, constant time without AES hardware) and falls back to
//!   AES-128-GCM when the provider reports ChaCha20 unsupported; [`open_ticket`] follows the
//!   byte, so a fleet whose members have different providers still interoperates.
//! * The AEAD key is `HKDF-Expand(HKDF-Extract(0, secret), "wren ticket key v1" || format ||
//!   key_name, key_len)` with SHA-256: one key per ticket key, name and algorithm.
//! * The nonce is random (96 bits): with ticket keys rotated every few hours, far fewer than
//!   the 2^32 tickets per key that random nonces allow are ever sealed.
//! * The AAD is `format || key_name`.
//!
//! The encoded state is itself versioned (a leading `1`), with explicit lengths, and decoding
//! rejects anything malformed or trailing.

use crate::bytes::{Bytes, Hex, OptHex};
use crate::error::malformed;
use crate::{
    suite_hash, Error, Result, TicketKey, TicketKeyLifetimes, MAX_ALPN_LEN,
    MAX_EARLY_DATA_CONTEXT_LEN, MAX_SERVER_NAME_LEN, MAX_TICKET_LIFETIME_S, MAX_TICKET_STATE_LEN,
    TICKET_ID_LEN, TICKET_KEY_NAME_LEN, TICKET_OVERHEAD,
};
use tls_codec::enums::CipherSuite;
use tls_codec::{Prefix, Reader, Writer};
use tls_crypto::hkdf::{hkdf_expand, hkdf_extract};
use tls_crypto::{
    Aead, AeadAlgorithm, CryptoProvider, HashAlgorithm, Rng, Secret, MAX_KEY_LEN, NONCE_LEN,
    TAG_LEN,
};
use zeroize::{Zeroize, Zeroizing};

/// Version byte of the encoded [`TicketState`].
const STATE_VERSION: u8 = 1;
/// Ticket format byte: version 1 sealed with ChaCha20-Poly1305.
const FORMAT_V1_CHACHA20: u8 = 0x01;
/// Ticket format byte: version 1 sealed with AES-128-GCM.
const FORMAT_V1_AES128GCM: u8 = 0x02;
/// The HKDF info label of the ticket AEAD key.
const KEY_LABEL: &[u8] = b"wren ticket key v1";
/// Milliseconds per second.
const MS_PER_S: u64 = 1000;

/// What a Wren ticket carries: everything the server needs to resume the session, sealed so
/// only the server can read it. Built by the server when it issues a NewSessionTicket.
///
/// The PSK is wiped on drop; `Debug` does not show it.
#[derive(Clone)]
pub struct TicketState {
    suite: CipherSuite,
    psk: Secret,
    ticket_id: [u8; TICKET_ID_LEN],
    issued_ms: u64,
    lifetime_s: u32,
    age_add: u32,
    auth_ms: u64,
    max_early_data: u32,
    alpn: Bytes<MAX_ALPN_LEN>,
    early_data_context: Bytes<MAX_EARLY_DATA_CONTEXT_LEN>,
    server_name: Bytes<MAX_SERVER_NAME_LEN>,
}

impl TicketState {
    /// A ticket state for the resumption `psk` (RFC 8446 §4.6.1) under `suite`, issued at
    /// `issued_ms` for `lifetime_s` seconds with obfuscation `age_add`; `ticket_id` is a fresh
    /// random value for anti-replay. No early data, ALPN or server name; the original
    /// authentication time is `issued_ms` (set it with [`TicketState::set_auth_ms`]).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if the suite is unknown, the PSK's length is not the suite's
    /// hash length, or `lifetime_s` exceeds [`MAX_TICKET_LIFETIME_S`].
    pub fn new(
        suite: CipherSuite,
        psk: Secret,
        ticket_id: [u8; TICKET_ID_LEN],
        issued_ms: u64,
        lifetime_s: u32,
        age_add: u32,
    ) -> Result<Self> {
        check_suite_psk(suite, &psk)?;
        if lifetime_s > MAX_TICKET_LIFETIME_S {
            return Err(Error::InvalidValue);
        }
        Ok(Self {
            suite,
            psk,
            ticket_id,
            issued_ms,
            lifetime_s,
            age_add,
            auth_ms: issued_ms,
            max_early_data: 0,
            alpn: Bytes::new(),
            early_data_context: Bytes::new(),
            server_name: Bytes::new(),
        })
    }

    /// Sets the time of the full handshake this session descends from (kept across
    /// resumptions: the keying-material lifetime counts from it).
    pub fn set_auth_ms(&mut self, auth_ms: u64) {
        self.auth_ms = auth_ms;
    }

    /// Allows up to `max_early_data` bytes of 0-RTT data (0 disables it) with the
    /// application's early-data `context`.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `context` is over [`MAX_EARLY_DATA_CONTEXT_LEN`].
    pub fn set_early_data(&mut self, max_early_data: u32, context: &[u8]) -> Result<()> {
        self.early_data_context.set(context)?;
        self.max_early_data = max_early_data;
        Ok(())
    }

    /// Sets the negotiated ALPN protocol (early data must use the same, RFC 8446 §4.2.10).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `Some` is empty or over [`MAX_ALPN_LEN`].
    pub fn set_alpn(&mut self, alpn: Option<&[u8]>) -> Result<()> {
        self.alpn.set_optional(alpn)
    }

    /// Sets the server name (SNI) of the original connection (RFC 8446 §4.6.1: a resumed
    /// session must be for the same server name).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `Some` is empty or over [`MAX_SERVER_NAME_LEN`].
    pub fn set_server_name(&mut self, server_name: Option<&[u8]>) -> Result<()> {
        self.server_name.set_optional(server_name)
    }

    /// The cipher suite of the original connection.
    #[must_use]
    pub const fn suite(&self) -> CipherSuite {
        self.suite
    }

    /// The hash of the suite (and of the PSK).
    #[must_use]
    pub fn hash(&self) -> Option<HashAlgorithm> {
        suite_hash(self.suite)
    }

    /// The resumption PSK.
    #[must_use]
    pub const fn psk(&self) -> &Secret {
        &self.psk
    }

    /// The random identifier the anti-replay store records.
    #[must_use]
    pub const fn ticket_id(&self) -> &[u8; TICKET_ID_LEN] {
        &self.ticket_id
    }

    /// When the ticket was issued, in the server's milliseconds.
    #[must_use]
    pub const fn issued_ms(&self) -> u64 {
        self.issued_ms
    }

    /// The ticket lifetime in seconds, as advertised in the NewSessionTicket.
    #[must_use]
    pub const fn lifetime_s(&self) -> u32 {
        self.lifetime_s
    }

    /// The `ticket_age_add` sent with the ticket.
    #[must_use]
    pub const fn age_add(&self) -> u32 {
        self.age_add
    }

    /// When the original full handshake happened.
    #[must_use]
    pub const fn auth_ms(&self) -> u64 {
        self.auth_ms
    }

    /// The most 0-RTT data the ticket allows (0: none).
    #[must_use]
    pub const fn max_early_data(&self) -> u32 {
        self.max_early_data
    }

    /// The negotiated ALPN protocol, if any.
    #[must_use]
    pub fn alpn(&self) -> Option<&[u8]> {
        self.alpn.as_option()
    }

    /// The application's early-data context (possibly empty).
    #[must_use]
    pub fn early_data_context(&self) -> &[u8] {
        self.early_data_context.as_slice()
    }

    /// The server name of the original connection, if any.
    #[must_use]
    pub fn server_name(&self) -> Option<&[u8]> {
        self.server_name.as_option()
    }

    /// When the ticket stops being valid: `issued_ms + lifetime_s * 1000` (saturating). The
    /// value to give a [`crate::ReplayStore`].
    #[must_use]
    pub fn expires_ms(&self) -> u64 {
        self.issued_ms
            .saturating_add(u64::from(self.lifetime_s).saturating_mul(MS_PER_S))
    }

    /// Whether the ticket is still within its lifetime at `now_ms`: its age
    /// (`now_ms - issued_ms`, 0 if the clock is behind) is at most the lifetime, and the
    /// lifetime is not 0 (RFC 8446 §4.6.1: "zero indicates that the ticket should be discarded
    /// immediately").
    #[must_use]
    pub fn is_live(&self, now_ms: u64) -> bool {
        let age = now_ms.saturating_sub(self.issued_ms);
        self.lifetime_s != 0 && age <= u64::from(self.lifetime_s).saturating_mul(MS_PER_S)
    }

    /// Whether the keying material is young enough to resume at `now_ms`: at most
    /// `keying_material_lifetime_ms` since the original full handshake
    /// (`s2n_connection_set_server_keying_material_lifetime`).
    #[must_use]
    pub fn keying_material_ok(&self, now_ms: u64, keying_material_lifetime_ms: u64) -> bool {
        now_ms.saturating_sub(self.auth_ms) <= keying_material_lifetime_ms
    }

    /// The server's freshness check of the client's ticket age (RFC 8446 §8.3): the client's
    /// view of the age (`obfuscated_age - age_add`, mod 2^32) must be within `tolerance_ms` of
    /// the server's (`now_ms - issued_ms`). A failing ticket may still resume, but its early
    /// data must be rejected.
    #[must_use]
    pub fn ticket_age_ok(&self, obfuscated_age: u32, now_ms: u64, tolerance_ms: u64) -> bool {
        let client_age = u64::from(obfuscated_age.wrapping_sub(self.age_add));
        let server_age = now_ms.saturating_sub(self.issued_ms);
        client_age.abs_diff(server_age) <= tolerance_ms
    }

    /// Length of [`TicketState::encode`]'s output.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        // Fixed part: version, suite, psk prefix, id, issued, lifetime, age_add, auth,
        // max_early_data and the three one-byte prefixes.
        const FIXED: usize = 1 + 2 + 1 + TICKET_ID_LEN + 8 + 4 + 4 + 8 + 4 + 1 + 1 + 1;
        FIXED
            .saturating_add(self.psk.len())
            .saturating_add(self.alpn.as_slice().len())
            .saturating_add(self.early_data_context.as_slice().len())
            .saturating_add(self.server_name.as_slice().len())
    }

    /// Writes the (secret) plaintext form of the state to `out`, returning its length. Used
    /// by [`seal_ticket`]; a server sharing state with other software may use it directly.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`TicketState::encoded_len`].
    pub fn encode(&self, out: &mut [u8]) -> Result<usize> {
        if out.len() < self.encoded_len() {
            return Err(Error::BufferTooSmall);
        }
        let mut w = Writer::new(out);
        self.write(&mut w).map_err(|_| Error::BufferTooSmall)?;
        Ok(w.len())
    }

    fn write(&self, w: &mut Writer<'_>) -> tls_codec::Result<()> {
        w.u8(STATE_VERSION)?;
        w.u16(self.suite.get())?;
        w.vec(Prefix::U8, self.psk.as_bytes())?;
        w.bytes(&self.ticket_id)?;
        w.bytes(&self.issued_ms.to_be_bytes())?;
        w.u32(self.lifetime_s)?;
        w.u32(self.age_add)?;
        w.bytes(&self.auth_ms.to_be_bytes())?;
        w.u32(self.max_early_data)?;
        w.vec(Prefix::U8, self.alpn.as_slice())?;
        w.vec(Prefix::U8, self.early_data_context.as_slice())?;
        w.vec(Prefix::U8, self.server_name.as_slice())
    }

    /// Reads the form [`TicketState::encode`] writes.
    ///
    /// # Errors
    /// [`Error::Malformed`] if the bytes are truncated, have trailing bytes, an unknown
    /// version, or a field out of range.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        if r.u8().map_err(malformed)? != STATE_VERSION {
            return Err(Error::Malformed);
        }
        let suite = CipherSuite::from(r.u16().map_err(malformed)?);
        let psk = r.vec(Prefix::U8, 1, 0xff).map_err(malformed)?;
        let ticket_id = *r.array::<TICKET_ID_LEN>().map_err(malformed)?;
        let issued_ms = u64::from_be_bytes(*r.array::<8>().map_err(malformed)?);
        let lifetime_s = r.u32().map_err(malformed)?;
        let age_add = r.u32().map_err(malformed)?;
        let auth_ms = u64::from_be_bytes(*r.array::<8>().map_err(malformed)?);
        let max_early_data = r.u32().map_err(malformed)?;
        let alpn = r.vec(Prefix::U8, 0, MAX_ALPN_LEN).map_err(malformed)?;
        let context = r
            .vec(Prefix::U8, 0, MAX_EARLY_DATA_CONTEXT_LEN)
            .map_err(malformed)?;
        let server_name = r
            .vec(Prefix::U8, 0, MAX_SERVER_NAME_LEN)
            .map_err(malformed)?;
        r.finish().map_err(malformed)?;
        let psk = Secret::from_slice(psk).map_err(malformed)?;
        check_suite_psk(suite, &psk).map_err(malformed)?;
        if lifetime_s > MAX_TICKET_LIFETIME_S {
            return Err(Error::Malformed);
        }
        // Built here and filled in place (no state-sized temporaries).
        let mut state = Self {
            suite,
            psk,
            ticket_id,
            issued_ms,
            lifetime_s,
            age_add,
            auth_ms,
            max_early_data,
            alpn: Bytes::new(),
            early_data_context: Bytes::new(),
            server_name: Bytes::new(),
        };
        state.alpn.set(alpn).map_err(malformed)?;
        state.early_data_context.set(context).map_err(malformed)?;
        state.server_name.set(server_name).map_err(malformed)?;
        Ok(state)
    }
}

/// Checks that `suite` is known and `psk` has its hash's length.
fn check_suite_psk(suite: CipherSuite, psk: &Secret) -> Result<()> {
    match suite_hash(suite) {
        Some(h) if h.output_len() == psk.len() => Ok(()),
        _ => Err(Error::InvalidValue),
    }
}

impl PartialEq for TicketState {
    /// Field-wise equality; the PSK is compared in constant time.
    fn eq(&self, other: &Self) -> bool {
        self.psk.ct_eq(other.psk.as_bytes())
            && self.suite == other.suite
            && self.ticket_id == other.ticket_id
            && self.issued_ms == other.issued_ms
            && self.lifetime_s == other.lifetime_s
            && self.age_add == other.age_add
            && self.auth_ms == other.auth_ms
            && self.max_early_data == other.max_early_data
            && self.alpn == other.alpn
            && self.early_data_context == other.early_data_context
            && self.server_name == other.server_name
    }
}

impl Eq for TicketState {}

impl core::fmt::Debug for TicketState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TicketState")
            .field("suite", &self.suite)
            .field("psk", &self.psk)
            .field("ticket_id", &Hex(&self.ticket_id))
            .field("issued_ms", &self.issued_ms)
            .field("lifetime_s", &self.lifetime_s)
            .field("age_add", &self.age_add)
            .field("auth_ms", &self.auth_ms)
            .field("max_early_data", &self.max_early_data)
            .field("alpn", &OptHex(self.alpn()))
            .field("early_data_context", &Hex(self.early_data_context()))
            .field("server_name", &OptHex(self.server_name()))
            .finish()
    }
}

/// The AEAD a ticket format byte stands for.
const fn format_aead(format: u8) -> Option<AeadAlgorithm> {
    match format {
        FORMAT_V1_CHACHA20 => Some(AeadAlgorithm::ChaCha20Poly1305),
        FORMAT_V1_AES128GCM => Some(AeadAlgorithm::Aes128Gcm),
        _ => None,
    }
}

/// Keys the ticket AEAD for `key` and `format` (see the module docs).
fn ticket_aead<P: CryptoProvider>(p: &P, key: &TicketKey, format: u8) -> Result<P::Aead> {
    let alg = format_aead(format).ok_or(Error::Malformed)?;
    let new_hash = || p.hash(HashAlgorithm::Sha256);
    let prk = hkdf_extract(&[], key.secret(), new_hash)?;
    let mut okm = Zeroizing::new([0u8; MAX_KEY_LEN]);
    let okm = okm
        .get_mut(..alg.key_len())
        .ok_or(Error::Crypto(tls_crypto::Error::BadLength))?;
    hkdf_expand(
        HashAlgorithm::Sha256,
        prk.as_bytes(),
        &[KEY_LABEL, &[format], &key.name],
        okm,
        new_hash,
    )?;
    Ok(p.aead(alg, okm)?)
}

/// Seals `state` into a ticket in `out`, returning the ticket's length (at most
/// [`crate::MAX_SEALED_TICKET_LEN`]; exactly `state.encoded_len() + TICKET_OVERHEAD`).
///
/// The key is the newest in its encrypt window at `now_ms` ([`TicketKey::select_for_encrypt`]);
/// the nonce comes from `rng`. See the [module docs](self) for the format.
///
/// # Errors
/// [`Error::NoEncryptKey`] if no key is in its encrypt window (the server then issues no
/// ticket), [`Error::BufferTooSmall`] if `out` is too short, [`Error::Crypto`] if the
/// provider or `rng` fails (neither ChaCha20-Poly1305 nor AES-128-GCM, or no SHA-256). On
/// error `out` holds no plaintext.
pub fn seal_ticket<P: CryptoProvider>(
    p: &P,
    keys: &[TicketKey],
    lifetimes: &TicketKeyLifetimes,
    now_ms: u64,
    rng: &mut dyn Rng,
    state: &TicketState,
    out: &mut [u8],
) -> Result<usize> {
    let key = TicketKey::select_for_encrypt(keys, lifetimes, now_ms)?;
    let total = state.encoded_len().saturating_add(TICKET_OVERHEAD);
    let out = out.get_mut(..total).ok_or(Error::BufferTooSmall)?;
    let (format, aead) = match ticket_aead(p, key, FORMAT_V1_CHACHA20) {
        Ok(aead) => (FORMAT_V1_CHACHA20, aead),
        Err(Error::Crypto(tls_crypto::Error::Unsupported)) => (
            FORMAT_V1_AES128GCM,
            ticket_aead(p, key, FORMAT_V1_AES128GCM)?,
        ),
        Err(e) => return Err(e),
    };
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill(&mut nonce)?;

    let (aad, rest) = out
        .split_at_mut_checked(1 + TICKET_KEY_NAME_LEN)
        .ok_or(Error::BufferTooSmall)?;
    let (format_slot, name_slot) = aad.split_first_mut().ok_or(Error::BufferTooSmall)?;
    *format_slot = format;
    name_slot.copy_from_slice(&key.name);
    let (nonce_slot, rest) = rest
        .split_first_chunk_mut::<NONCE_LEN>()
        .ok_or(Error::BufferTooSmall)?;
    *nonce_slot = nonce;
    let (body, tag_slot) = rest
        .split_last_chunk_mut::<TAG_LEN>()
        .ok_or(Error::BufferTooSmall)?;

    let sealed = state
        .encode(body)
        .and_then(|_| Ok(aead.seal_in_place(&nonce, aad, body, tag_slot)?));
    if let Err(e) = sealed {
        body.zeroize();
        return Err(e);
    }
    Ok(total)
}

/// Opens a ticket sealed by [`seal_ticket`] with one of `keys`.
///
/// Any failure means the server ignores this PSK identity (and usually does a full handshake).
/// The caller still checks [`TicketState::is_live`], the keying-material lifetime, the ticket
/// age and anti-replay.
///
/// # Errors
/// [`Error::Malformed`] if the ticket is too short or long or has an unknown format byte,
/// [`Error::UnknownKey`] if no key has its name, [`Error::KeyExpired`] if that key is outside
/// its decrypt window, [`Error::BadTicket`] if authentication fails (tampering, wrong key) or
/// the contents are invalid, [`Error::Crypto`] if the provider lacks the algorithm.
pub fn open_ticket<P: CryptoProvider>(
    p: &P,
    keys: &[TicketKey],
    lifetimes: &TicketKeyLifetimes,
    now_ms: u64,
    ticket: &[u8],
) -> Result<TicketState> {
    // Opened in a frame of its own (the AEAD's key state is not under the decoding), then
    // decoded here; the plaintext is wiped on every path (one buffer: no `Zeroizing` moved).
    let mut buf = [0u8; MAX_TICKET_STATE_LEN];
    let opened = open_into(p, keys, lifetimes, now_ms, ticket, &mut buf)
        .and_then(|len| buf.get(..len).map_or(Err(Error::Malformed), decode_opened));
    buf.zeroize();
    opened
}

/// An opened ticket's state, decoded in a frame of its own ([`Error::BadTicket`] if invalid).
#[inline(never)]
fn decode_opened(body: &[u8]) -> Result<TicketState> {
    TicketState::decode(body).map_err(|_| Error::BadTicket)
}

/// [`open_ticket`]'s authentication and decryption: the plaintext state into `buf`, its
/// length returned.
#[inline(never)]
fn open_into<P: CryptoProvider>(
    p: &P,
    keys: &[TicketKey],
    lifetimes: &TicketKeyLifetimes,
    now_ms: u64,
    ticket: &[u8],
    buf: &mut [u8; MAX_TICKET_STATE_LEN],
) -> Result<usize> {
    let (aad, rest) = ticket
        .split_at_checked(1 + TICKET_KEY_NAME_LEN)
        .ok_or(Error::Malformed)?;
    let (&format, name) = aad.split_first().ok_or(Error::Malformed)?;
    if format_aead(format).is_none() {
        return Err(Error::Malformed);
    }
    let name: &[u8; TICKET_KEY_NAME_LEN] = name.try_into().map_err(malformed)?;
    let (nonce, rest) = rest
        .split_first_chunk::<NONCE_LEN>()
        .ok_or(Error::Malformed)?;
    let (ciphertext, tag) = rest.split_last_chunk::<TAG_LEN>().ok_or(Error::Malformed)?;
    if ciphertext.is_empty() || ciphertext.len() > MAX_TICKET_STATE_LEN {
        return Err(Error::Malformed);
    }
    let key = TicketKey::select_for_decrypt(keys, lifetimes, now_ms, name)?;
    let aead = ticket_aead(p, key, format)?;
    let body = buf.get_mut(..ciphertext.len()).ok_or(Error::Malformed)?;
    body.copy_from_slice(ciphertext);
    aead.open_in_place(nonce, aad, body, tag)
        .map_err(|_| Error::BadTicket)?;
    Ok(ciphertext.len())
}
