//! The TLS 1.3 key schedule (RFC 8446 §7), as typestates.
//!
//! Each stage of the schedule is a type that holds one secret and is advanced by value, so a
//! stage that has been left cannot be used again and its secret is wiped as it goes:
//!
//! ```text
//!              0
//!              |
//!              v
//!    PSK ->  HKDF-Extract = Early Secret              EarlySecret::new
//!              |
//!              +-----> Derive-Secret(., "ext binder" | "res binder", "")
//!              |                     = binder_key              EarlySecret::binder_key
//!              +-----> Derive-Secret(., "c e traffic", ClientHello)
//!              |                     = client_early_traffic_secret
//!              +-----> Derive-Secret(., "e exp master", ClientHello)
//!              |                     = early_exporter_master_secret
//!              v
//!        Derive-Secret(., "derived", "")
//!              |
//!              v
//!    (EC)DHE -> HKDF-Extract = Handshake Secret       EarlySecret::into_handshake
//!              |
//!              +-----> Derive-Secret(., "c hs traffic", ClientHello...ServerHello)
//!              |                     = client_handshake_traffic_secret
//!              +-----> Derive-Secret(., "s hs traffic", ClientHello...ServerHello)
//!              |                     = server_handshake_traffic_secret
//!              v
//!        Derive-Secret(., "derived", "")
//!              |
//!              v
//!    0 -> HKDF-Extract = Master Secret                HandshakeSecret::into_master
//!              |
//!              +-----> Derive-Secret(., "c ap traffic", ClientHello...server Finished)
//!              |                     = client_application_traffic_secret_0
//!              +-----> Derive-Secret(., "s ap traffic", ClientHello...server Finished)
//!              |                     = server_application_traffic_secret_0
//!              +-----> Derive-Secret(., "exp master", ClientHello...server Finished)
//!              |                     = exporter_master_secret
//!              +-----> Derive-Secret(., "res master", ClientHello...client Finished)
//!                                    = resumption_master_secret
//! ```
//! (RFC 8446 §7.1, with Wren's names on the right.)
//!
//! What hangs off the diagram is typed too, and every such type carries its hash algorithm so
//! values of two suites cannot be mixed: a [`TrafficSecret`] gives [`TrafficKeys`] (§7.3), its
//! [`FinishedKey`] (§4.4.4) and the next generation for KeyUpdate (§7.2); a [`BinderKey`] gives
//! and checks PSK binders (§4.2.11.2); an [`ExporterSecret`] exports keying material (§7.5); a
//! [`ResumptionMasterSecret`] gives the PSK of a ticket (§4.6.1). Checking a Finished or a binder
//! yields a proof token ([`FinishedVerified`], [`BinderVerified`]) that only this module can
//! make, so a state machine that needs one cannot skip the check.
//!
//! Secrets: every type here that holds key material keeps it in a [`Secret`] (wiped on drop,
//! redacted `Debug`, never `Copy`). No function panics; every buffer is a fixed array or the
//! caller's slice.

use subtle::ConstantTimeEq;
use tls_crypto::{AeadAlgorithm, CryptoProvider, Digest, Hash, HashAlgorithm, Secret, NONCE_LEN};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Error, Result};

/// The labels of RFC 8446 §7.1, §7.2, §7.3, §7.5, §4.4.4 and §4.6.1, without the "tls13 "
/// prefix that [`HkdfLabel`] adds.
mod label {
    pub(super) const EXT_BINDER: &[u8] = b"ext binder";
    pub(super) const RES_BINDER: &[u8] = b"res binder";
    pub(super) const C_E_TRAFFIC: &[u8] = b"c e traffic";
    pub(super) const E_EXP_MASTER: &[u8] = b"e exp master";
    pub(super) const DERIVED: &[u8] = b"derived";
    pub(super) const C_HS_TRAFFIC: &[u8] = b"c hs traffic";
    pub(super) const S_HS_TRAFFIC: &[u8] = b"s hs traffic";
    pub(super) const C_AP_TRAFFIC: &[u8] = b"c ap traffic";
    pub(super) const S_AP_TRAFFIC: &[u8] = b"s ap traffic";
    pub(super) const EXP_MASTER: &[u8] = b"exp master";
    pub(super) const RES_MASTER: &[u8] = b"res master";
    pub(super) const KEY: &[u8] = b"key";
    pub(super) const IV: &[u8] = b"iv";
    pub(super) const FINISHED: &[u8] = b"finished";
    pub(super) const TRAFFIC_UPD: &[u8] = b"traffic upd";
    pub(super) const RESUMPTION: &[u8] = b"resumption";
    pub(super) const EXPORTER: &[u8] = b"exporter";
}

/// The `HkdfLabel` structure of RFC 8446 §7.1, kept as borrowed parts so it is fed to HMAC
/// without being assembled in a buffer:
///
/// ```text
/// struct {
///     uint16 length = Length;
///     opaque label<7..255> = "tls13 " + Label;
///     opaque context<0..255> = Context;
/// } HkdfLabel;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HkdfLabel<'a> {
    /// `length` (two bytes, big-endian) and the length byte of `label`.
    head: [u8; 3],
    label: &'a [u8],
    context_len: [u8; 1],
    context: &'a [u8],
}

impl<'a> HkdfLabel<'a> {
    /// The prefix of every TLS 1.3 label.
    pub const PREFIX: &'static [u8] = b"tls13 ";

    /// The `HkdfLabel` for `label` (without its "tls13 " prefix), `context` and an output of
    /// `length` bytes.
    ///
    /// # Errors
    /// [`Error::BadLength`] if `label` is empty or longer than 249 bytes, `context` is longer
    /// than 255 bytes, or `length` does not fit 16 bits.
    pub fn new(label: &'a [u8], context: &'a [u8], length: usize) -> Result<Self> {
        if label.is_empty() {
            return Err(Error::BadLength);
        }
        let [l0, l1] = u16::try_from(length)
            .map_err(|_| Error::BadLength)?
            .to_be_bytes();
        let label_len = Self::PREFIX
            .len()
            .checked_add(label.len())
            .and_then(|n| u8::try_from(n).ok())
            .ok_or(Error::BadLength)?;
        let context_len = u8::try_from(context.len()).map_err(|_| Error::BadLength)?;
        Ok(Self {
            head: [l0, l1, label_len],
            label,
            context_len: [context_len],
            context,
        })
    }

    /// The encoding, in order, as five parts whose concatenation is the HKDF `info`.
    #[must_use]
    pub fn parts(&self) -> [&[u8]; 5] {
        [
            &self.head,
            Self::PREFIX,
            self.label,
            &self.context_len,
            self.context,
        ]
    }
}

/// HKDF-Expand-Label(Secret, Label, Context, Length) (RFC 8446 §7.1) into `out`; `Length` is
/// `out.len()`.
///
/// `secret` must be a pseudorandom key of the hash's output length, as every TLS 1.3 secret is.
///
/// # Errors
/// [`Error::HashMismatch`] if `secret` is not `hash`'s output length, [`Error::BadLength`] if
/// `out` is longer than 255 hash lengths (RFC 5869 §2.3) or as for [`HkdfLabel::new`], or a
/// provider error.
pub fn hkdf_expand_label<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    secret: &Secret,
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<()> {
    if secret.len() != hash.output_len() {
        return Err(Error::HashMismatch);
    }
    // RFC 5869 §2.3: L <= 255 * HashLen.
    if out.len() > hash.output_len().saturating_mul(255) {
        return Err(Error::BadLength);
    }
    let info = HkdfLabel::new(label, context, out.len())?;
    let [head, prefix, label, context_len, context] = info.parts();
    // RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty; the output is
    // T(1) | T(2) | ...
    let mut prev = Secret::zero(0)?;
    let mut counter: u8 = 1;
    for chunk in out.chunks_mut(hash.output_len()) {
        prev = hmac(
            provider,
            hash,
            secret.as_bytes(),
            &[
                prev.as_bytes(),
                head,
                prefix,
                label,
                context_len,
                context,
                &[counter],
            ],
        )?;
        chunk.copy_from_slice(prev.as_bytes().get(..chunk.len()).ok_or(Error::BadLength)?);
        counter = counter.wrapping_add(1);
    }
    Ok(())
}

/// HMAC (RFC 2104) under `hash` over the concatenation of `parts`.
///
/// The whole message is at hand, so the inner hash is finished before the outer one starts:
/// one hash state on the stack at a time, where a streaming HMAC (`tls_crypto::hkdf::Hmac`)
/// keeps both. Not inlined: each key-schedule step calls it rather than holding its own copy
/// of the states.
#[inline(never)]
fn hmac<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    key: &[u8],
    parts: &[&[u8]],
) -> Result<Secret> {
    const IPAD: u8 = 0x36;
    const OPAD: u8 = 0x5c;
    let block_len = hash.block_len();
    let mut pad = [0u8; HashAlgorithm::Sha384.block_len()];
    if key.len() > block_len {
        // RFC 2104 §2: a key longer than the block is hashed first.
        let mut h = provider.hash(hash)?;
        h.update(key);
        let d = h.finish();
        pad.get_mut(..d.as_bytes().len())
            .ok_or(Error::BadLength)?
            .copy_from_slice(d.as_bytes());
    } else {
        pad.get_mut(..key.len())
            .ok_or(Error::BadLength)?
            .copy_from_slice(key);
    }
    let result = hmac_padded(provider, hash, &mut pad, block_len, IPAD, OPAD, parts);
    pad.zeroize();
    result
}

/// The two hashes of [`hmac`], with the key in `pad` (zero-padded; XORed in place).
fn hmac_padded<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    pad: &mut [u8],
    block_len: usize,
    ipad: u8,
    opad: u8,
    parts: &[&[u8]],
) -> Result<Secret> {
    let pad = pad.get_mut(..block_len).ok_or(Error::BadLength)?;
    for b in pad.iter_mut() {
        *b ^= ipad;
    }
    // One hash state, reused for the outer hash (the inner one is finished by then).
    let mut h = provider.hash(hash)?;
    h.update(pad);
    for p in parts {
        h.update(p);
    }
    let inner = Secret::from_slice(h.finish().as_bytes())?;
    for b in pad.iter_mut() {
        *b ^= ipad ^ opad;
    }
    h = provider.hash(hash)?;
    h.update(pad);
    h.update(inner.as_bytes());
    Ok(Secret::from_slice(h.finish().as_bytes())?)
}

/// Derive-Secret(Secret, Label, Messages) (RFC 8446 §7.1), given `transcript_hash` =
/// Transcript-Hash(Messages).
///
/// # Errors
/// [`Error::HashMismatch`] if `secret` or `transcript_hash` is not `hash`'s output length, or a
/// provider error.
pub fn derive_secret<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    secret: &Secret,
    label: &[u8],
    transcript_hash: &Digest,
) -> Result<Secret> {
    check_digest(hash, transcript_hash)?;
    expand_secret(provider, hash, secret, label, transcript_hash.as_bytes())
}

/// HKDF-Expand-Label to a secret of the hash's length.
fn expand_secret<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    secret: &Secret,
    label: &[u8],
    context: &[u8],
) -> Result<Secret> {
    let mut out = Secret::zero(hash.output_len())?;
    hkdf_expand_label(provider, hash, secret, label, context, out.as_mut_bytes())?;
    Ok(out)
}

fn extract<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    salt: &[u8],
    ikm: &[u8],
) -> Result<Secret> {
    // RFC 5869 §2.2: PRK = HMAC(salt, IKM); an empty salt is HashLen zeros, which HMAC's
    // zero padding of the key makes the same as no key bytes at all.
    hmac(provider, hash, salt, &[ikm])
}

/// Hash of the empty string: Transcript-Hash("") of Derive-Secret(., "derived", "").
fn empty_hash<P: CryptoProvider>(provider: &P, hash: HashAlgorithm) -> Result<Digest> {
    Ok(provider.hash(hash)?.finish())
}

fn check_digest(hash: HashAlgorithm, digest: &Digest) -> Result<()> {
    if digest.as_bytes().len() == hash.output_len() {
        Ok(())
    } else {
        Err(Error::HashMismatch)
    }
}

/// `Derive-Secret(secret, "derived", "")`, the salt of the next extraction (RFC 8446 §7.1).
fn derived<P: CryptoProvider>(
    provider: &P,
    hash: HashAlgorithm,
    secret: &Secret,
) -> Result<Secret> {
    let empty = empty_hash(provider, hash)?;
    derive_secret(provider, hash, secret, label::DERIVED, &empty)
}

/// Which kind of PSK a binder is for (RFC 8446 §7.1: the binder keys use different labels so a
/// binder for one kind never validates as the other).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PskKind {
    /// A PSK provisioned out of band: label "ext binder".
    External,
    /// A PSK from a NewSessionTicket: label "res binder".
    Resumption,
}

/// Declares a secret that knows its hash algorithm.
macro_rules! hashed_secret {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// Wiped on drop (its bytes live in a [`Secret`]), redacted in `Debug`, never `Copy`.
        pub struct $name {
            hash: HashAlgorithm,
            secret: Secret,
        }

        impl $name {
            /// Wraps `secret`, a value of `hash`'s schedule (e.g. a traffic secret restored
            /// from storage, or a known-answer test's input).
            ///
            /// # Errors
            /// [`Error::HashMismatch`] if `secret` is not `hash`'s output length.
            pub fn new(hash: HashAlgorithm, secret: Secret) -> Result<Self> {
                if secret.len() == hash.output_len() {
                    Ok(Self { hash, secret })
                } else {
                    Err(Error::HashMismatch)
                }
            }

            /// The hash this secret belongs to.
            #[must_use]
            pub const fn hash_algorithm(&self) -> HashAlgorithm {
                self.hash
            }

            /// The secret itself, for key logging and tests. Do not copy its bytes anywhere
            /// that is not wiped.
            #[must_use]
            pub const fn secret(&self) -> &Secret {
                &self.secret
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("hash", &self.hash)
                    .finish_non_exhaustive()
            }
        }

        // The only key material is `secret`, which wipes itself on drop.
        impl ZeroizeOnDrop for $name {}
    };
}

hashed_secret! {
    /// A traffic secret (RFC 8446 §7.1): client or server; early, handshake or application.
    TrafficSecret
}

hashed_secret! {
    /// The `finished_key` of RFC 8446 §4.4.4, derived from a traffic secret or a binder key.
    FinishedKey
}

hashed_secret! {
    /// A PSK binder key (RFC 8446 §7.1, §4.2.11.2).
    BinderKey
}

hashed_secret! {
    /// An exporter master secret, early or not (RFC 8446 §7.5).
    ExporterSecret
}

hashed_secret! {
    /// The resumption master secret (RFC 8446 §7.1, §4.6.1).
    ResumptionMasterSecret
}

/// The key and IV of one direction of record protection (RFC 8446 §7.3).
///
/// Wiped on drop, redacted in `Debug`, never `Copy`.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct TrafficKeys {
    key: Secret,
    iv: [u8; NONCE_LEN],
}

impl TrafficKeys {
    /// The AEAD key (`key_length` bytes of the suite's AEAD).
    #[must_use]
    pub fn key(&self) -> &[u8] {
        self.key.as_bytes()
    }

    /// The static IV, XORed with the record sequence number to make each nonce (RFC 8446 §5.3).
    #[must_use]
    pub const fn iv(&self) -> &[u8; NONCE_LEN] {
        &self.iv
    }
}

impl core::fmt::Debug for TrafficKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "TrafficKeys({}-byte key, redacted)", self.key.len())
    }
}

/// Proof that a peer's Finished verified (RFC 8446 §4.4.4). Only
/// [`FinishedKey::verify_finished`] makes one.
#[derive(Debug)]
#[must_use = "a Finished check is pointless unless its proof is kept"]
pub struct FinishedVerified(());

/// Proof that a PSK binder verified (RFC 8446 §4.2.11.2). Only [`BinderKey::verify_binder`]
/// makes one.
#[derive(Debug)]
#[must_use = "a binder check is pointless unless its proof is kept"]
pub struct BinderVerified(());

impl TrafficSecret {
    /// The record key and IV for `aead` (RFC 8446 §7.3):
    /// `HKDF-Expand-Label(secret, "key", "", key_length)` and
    /// `HKDF-Expand-Label(secret, "iv", "", iv_length)`.
    ///
    /// # Errors
    /// A provider error.
    pub fn traffic_keys<P: CryptoProvider>(
        &self,
        provider: &P,
        aead: AeadAlgorithm,
    ) -> Result<TrafficKeys> {
        let mut keys = TrafficKeys {
            key: Secret::zero(aead.key_len())?,
            iv: [0; NONCE_LEN],
        };
        let s = &self.secret;
        hkdf_expand_label(
            provider,
            self.hash,
            s,
            label::KEY,
            &[],
            keys.key.as_mut_bytes(),
        )?;
        hkdf_expand_label(provider, self.hash, s, label::IV, &[], &mut keys.iv)?;
        Ok(keys)
    }

    /// The key of the Finished message sent under this secret (RFC 8446 §4.4.4):
    /// `HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)`.
    ///
    /// # Errors
    /// A provider error.
    pub fn finished_key<P: CryptoProvider>(&self, provider: &P) -> Result<FinishedKey> {
        let secret = expand_secret(provider, self.hash, &self.secret, label::FINISHED, &[])?;
        Ok(FinishedKey {
            hash: self.hash,
            secret,
        })
    }

    /// The next generation of this application traffic secret, after a KeyUpdate
    /// (RFC 8446 §7.2): `HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length)`.
    ///
    /// # Errors
    /// A provider error.
    #[doc(alias = "next_traffic_secret")]
    #[doc(alias = "key_update")]
    pub fn next<P: CryptoProvider>(&self, provider: &P) -> Result<Self> {
        let secret = expand_secret(provider, self.hash, &self.secret, label::TRAFFIC_UPD, &[])?;
        Ok(Self {
            hash: self.hash,
            secret,
        })
    }
}

impl FinishedKey {
    /// `verify_data = HMAC(finished_key, Transcript-Hash(...))` (RFC 8446 §4.4.4).
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `transcript_hash` is not this key's hash length, or a
    /// provider error.
    pub fn verify_data<P: CryptoProvider>(
        &self,
        provider: &P,
        transcript_hash: &Digest,
    ) -> Result<Secret> {
        check_digest(self.hash, transcript_hash)?;
        let hash = self.hash;
        hmac(
            provider,
            hash,
            self.secret.as_bytes(),
            &[transcript_hash.as_bytes()],
        )
    }

    /// Checks a peer's `received` verify_data against `transcript_hash`, in constant time
    /// (RFC 8446 §4.4.4).
    ///
    /// # Errors
    /// [`Error::BadFinished`] if it does not match (alert `decrypt_error`), or as
    /// [`FinishedKey::verify_data`].
    pub fn verify_finished<P: CryptoProvider>(
        &self,
        provider: &P,
        transcript_hash: &Digest,
        received: &[u8],
    ) -> Result<FinishedVerified> {
        let expected = self.verify_data(provider, transcript_hash)?;
        if bool::from(expected.as_bytes().ct_eq(received)) {
            Ok(FinishedVerified(()))
        } else {
            Err(Error::BadFinished)
        }
    }
}

impl BinderKey {
    /// The Finished key the binder is computed with (RFC 8446 §4.2.11.2: "computed in the same
    /// way as the Finished message but with the BaseKey being the binder_key").
    ///
    /// # Errors
    /// A provider error.
    pub fn finished_key<P: CryptoProvider>(&self, provider: &P) -> Result<FinishedKey> {
        let secret = expand_secret(provider, self.hash, &self.secret, label::FINISHED, &[])?;
        Ok(FinishedKey {
            hash: self.hash,
            secret,
        })
    }

    /// The binder over `truncated_hash`, the transcript hash through the ClientHello truncated
    /// before its binders list (RFC 8446 §4.2.11.2).
    ///
    /// # Errors
    /// As [`FinishedKey::verify_data`].
    pub fn binder<P: CryptoProvider>(
        &self,
        provider: &P,
        truncated_hash: &Digest,
    ) -> Result<Secret> {
        self.finished_key(provider)?
            .verify_data(provider, truncated_hash)
    }

    /// Checks a `received` binder in constant time (RFC 8446 §4.2.11.2).
    ///
    /// # Errors
    /// [`Error::BadBinder`] if it does not match (alert `decrypt_error`), or as
    /// [`BinderKey::binder`].
    pub fn verify_binder<P: CryptoProvider>(
        &self,
        provider: &P,
        truncated_hash: &Digest,
        received: &[u8],
    ) -> Result<BinderVerified> {
        match self
            .finished_key(provider)?
            .verify_finished(provider, truncated_hash, received)
        {
            Ok(FinishedVerified(())) => Ok(BinderVerified(())),
            Err(Error::BadFinished) => Err(Error::BadBinder),
            Err(e) => Err(e),
        }
    }
}

impl ExporterSecret {
    /// TLS-Exporter(label, context_value, key_length) into `out` (RFC 8446 §7.5):
    /// `HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value),
    /// key_length)`. An absent context and an empty one give the same output in TLS 1.3.
    ///
    /// # Errors
    /// [`Error::BadLength`] if `label` is empty or over 249 bytes or `out` is longer than
    /// 255 hash lengths, or a provider error.
    pub fn export<P: CryptoProvider>(
        &self,
        provider: &P,
        label: &[u8],
        context: &[u8],
        out: &mut [u8],
    ) -> Result<()> {
        let empty = empty_hash(provider, self.hash)?;
        let secret = derive_secret(provider, self.hash, &self.secret, label, &empty)?;
        let mut h = provider.hash(self.hash)?;
        h.update(context);
        let context_hash = h.finish();
        hkdf_expand_label(
            provider,
            self.hash,
            &secret,
            label::EXPORTER,
            context_hash.as_bytes(),
            out,
        )
    }
}

impl ResumptionMasterSecret {
    /// The PSK of the ticket with `ticket_nonce` (RFC 8446 §4.6.1):
    /// `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)`.
    ///
    /// # Errors
    /// [`Error::BadLength`] if `ticket_nonce` is over 255 bytes, or a provider error.
    pub fn resumption_psk<P: CryptoProvider>(
        &self,
        provider: &P,
        ticket_nonce: &[u8],
    ) -> Result<Secret> {
        expand_secret(
            provider,
            self.hash,
            &self.secret,
            label::RESUMPTION,
            ticket_nonce,
        )
    }
}

/// The first stage: Early Secret = HKDF-Extract(0, PSK) (RFC 8446 §7.1).
pub struct EarlySecret<'p, P: CryptoProvider> {
    provider: &'p P,
    hash: HashAlgorithm,
    secret: Secret,
}

/// The second stage: Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""),
/// (EC)DHE) (RFC 8446 §7.1).
pub struct HandshakeSecret<'p, P: CryptoProvider> {
    provider: &'p P,
    hash: HashAlgorithm,
    secret: Secret,
}

/// The last stage: Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0)
/// (RFC 8446 §7.1).
pub struct MasterSecret<'p, P: CryptoProvider> {
    provider: &'p P,
    hash: HashAlgorithm,
    secret: Secret,
}

/// What the three stages share: accessors, redacted `Debug`, wipe on drop, and the
/// traffic-secret derivation.
macro_rules! stage_common {
    ($name:ident) => {
        impl<P: CryptoProvider> $name<'_, P> {
            /// The hash of this schedule.
            #[must_use]
            pub const fn hash_algorithm(&self) -> HashAlgorithm {
                self.hash
            }

            /// The stage's secret, for tests. Do not copy its bytes anywhere that is not wiped.
            #[must_use]
            pub const fn secret(&self) -> &Secret {
                &self.secret
            }

            fn traffic(&self, label: &[u8], transcript_hash: &Digest) -> Result<TrafficSecret> {
                let secret = derive_secret(
                    self.provider,
                    self.hash,
                    &self.secret,
                    label,
                    transcript_hash,
                )?;
                Ok(TrafficSecret {
                    hash: self.hash,
                    secret,
                })
            }
        }

        impl<P: CryptoProvider> core::fmt::Debug for $name<'_, P> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("hash", &self.hash)
                    .finish_non_exhaustive()
            }
        }

        // The only key material is `secret`, which wipes itself on drop.
        impl<P: CryptoProvider> ZeroizeOnDrop for $name<'_, P> {}
    };
}

stage_common!(EarlySecret);
stage_common!(HandshakeSecret);
stage_common!(MasterSecret);

impl<'p, P: CryptoProvider> EarlySecret<'p, P> {
    /// Starts the schedule of `hash` with `psk`, or with no PSK (a string of `Hash.length`
    /// zeros, RFC 8446 §7.1).
    ///
    /// # Errors
    /// [`Error::BadLength`] for an empty PSK, or a provider error.
    pub fn new(provider: &'p P, hash: HashAlgorithm, psk: Option<&[u8]>) -> Result<Self> {
        let zeros = Secret::zero(hash.output_len())?;
        let ikm = match psk {
            Some([]) => return Err(Error::BadLength),
            Some(psk) => psk,
            None => zeros.as_bytes(),
        };
        let secret = extract(provider, hash, zeros.as_bytes(), ikm)?;
        Ok(Self {
            provider,
            hash,
            secret,
        })
    }

    /// The binder key for a PSK of `kind`: `Derive-Secret(., "ext binder" | "res binder", "")`.
    ///
    /// # Errors
    /// A provider error.
    pub fn binder_key(&self, kind: PskKind) -> Result<BinderKey> {
        let label = match kind {
            PskKind::External => label::EXT_BINDER,
            PskKind::Resumption => label::RES_BINDER,
        };
        let empty = empty_hash(self.provider, self.hash)?;
        let secret = derive_secret(self.provider, self.hash, &self.secret, label, &empty)?;
        Ok(BinderKey {
            hash: self.hash,
            secret,
        })
    }

    /// `client_early_traffic_secret`, the key of 0-RTT data, over the ClientHello's hash.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `client_hello_hash` has the wrong length, or a provider error.
    pub fn client_early_traffic_secret(&self, client_hello_hash: &Digest) -> Result<TrafficSecret> {
        self.traffic(label::C_E_TRAFFIC, client_hello_hash)
    }

    /// `early_exporter_master_secret`, over the ClientHello's hash.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `client_hello_hash` has the wrong length, or a provider error.
    pub fn early_exporter_master_secret(
        &self,
        client_hello_hash: &Digest,
    ) -> Result<ExporterSecret> {
        let TrafficSecret { hash, secret } =
            self.traffic(label::E_EXP_MASTER, client_hello_hash)?;
        Ok(ExporterSecret { hash, secret })
    }

    /// Advances to the Handshake Secret with the (EC)DHE shared secret, or with none (a
    /// `psk_ke` handshake: `Hash.length` zeros). The early secret is wiped.
    ///
    /// # Errors
    /// A provider error.
    pub fn into_handshake(self, ecdhe: Option<&Secret>) -> Result<HandshakeSecret<'p, P>> {
        let salt = derived(self.provider, self.hash, &self.secret)?;
        let zeros = Secret::zero(self.hash.output_len())?;
        let ikm = ecdhe.unwrap_or(&zeros);
        let secret = extract(self.provider, self.hash, salt.as_bytes(), ikm.as_bytes())?;
        Ok(HandshakeSecret {
            provider: self.provider,
            hash: self.hash,
            secret,
        })
    }
}

impl<'p, P: CryptoProvider> HandshakeSecret<'p, P> {
    /// `client_handshake_traffic_secret`, over the hash of ClientHello...ServerHello.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `hello_hash` has the wrong length, or a provider error.
    pub fn client_handshake_traffic_secret(&self, hello_hash: &Digest) -> Result<TrafficSecret> {
        self.traffic(label::C_HS_TRAFFIC, hello_hash)
    }

    /// `server_handshake_traffic_secret`, over the hash of ClientHello...ServerHello.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `hello_hash` has the wrong length, or a provider error.
    pub fn server_handshake_traffic_secret(&self, hello_hash: &Digest) -> Result<TrafficSecret> {
        self.traffic(label::S_HS_TRAFFIC, hello_hash)
    }

    /// Advances to the Master Secret. The handshake secret is wiped.
    ///
    /// # Errors
    /// A provider error.
    pub fn into_master(self) -> Result<MasterSecret<'p, P>> {
        self.master()
    }

    /// As [`HandshakeSecret::into_master`], leaving this stage in place: for a state that is
    /// replaced (and wiped) right after, so it need not move out first.
    ///
    /// # Errors
    /// A provider error.
    pub fn master(&self) -> Result<MasterSecret<'p, P>> {
        let salt = derived(self.provider, self.hash, &self.secret)?;
        let zeros = Secret::zero(self.hash.output_len())?;
        let secret = extract(self.provider, self.hash, salt.as_bytes(), zeros.as_bytes())?;
        Ok(MasterSecret {
            provider: self.provider,
            hash: self.hash,
            secret,
        })
    }
}

impl<P: CryptoProvider> MasterSecret<'_, P> {
    /// `client_application_traffic_secret_0`, over the hash of ClientHello...server Finished.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `server_finished_hash` has the wrong length, or a provider
    /// error.
    pub fn client_application_traffic_secret_0(
        &self,
        server_finished_hash: &Digest,
    ) -> Result<TrafficSecret> {
        self.traffic(label::C_AP_TRAFFIC, server_finished_hash)
    }

    /// `server_application_traffic_secret_0`, over the hash of ClientHello...server Finished.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `server_finished_hash` has the wrong length, or a provider
    /// error.
    pub fn server_application_traffic_secret_0(
        &self,
        server_finished_hash: &Digest,
    ) -> Result<TrafficSecret> {
        self.traffic(label::S_AP_TRAFFIC, server_finished_hash)
    }

    /// `exporter_master_secret`, over the hash of ClientHello...server Finished.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `server_finished_hash` has the wrong length, or a provider
    /// error.
    pub fn exporter_master_secret(&self, server_finished_hash: &Digest) -> Result<ExporterSecret> {
        let TrafficSecret { hash, secret } =
            self.traffic(label::EXP_MASTER, server_finished_hash)?;
        Ok(ExporterSecret { hash, secret })
    }

    /// `resumption_master_secret`, over the hash of ClientHello...client Finished.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `client_finished_hash` has the wrong length, or a provider
    /// error.
    pub fn resumption_master_secret(
        &self,
        client_finished_hash: &Digest,
    ) -> Result<ResumptionMasterSecret> {
        let TrafficSecret { hash, secret } =
            self.traffic(label::RES_MASTER, client_finished_hash)?;
        Ok(ResumptionMasterSecret { hash, secret })
    }
}
