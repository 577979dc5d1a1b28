//! The transcript hash (RFC 8446 §4.4.1).
//!
//! [`Transcript`] is one running hash over the handshake messages, headers included, in the order
//! sent and received. Reading it ([`Transcript::current_hash`]) forks the running state, so the
//! hash of every prefix the key schedule needs costs one `finish`, not a re-hash.
//!
//! # The ClientHello comes before the hash is known
//! A client hashes its ClientHello before the ServerHello names the suite, hence the hash
//! (DESIGN.md, "Buffers"). There are two ways out: keep the ClientHello's bytes until the
//! ServerHello arrives and hash them then, or hash them with every hash a suite might need and
//! keep only the chosen one. [`TranscriptStart`] does the second:
//!
//! - **RAM**: one extra hash state for the time of one round trip, `size_of::<P::Hash>()` bytes.
//!   SHA-256's own state is about 112 bytes and SHA-384's about 216, but a provider whose hash
//!   type is an enum over both pays the larger size in each slot: with `RustCrypto`,
//!   `Transcript` is 240 bytes and `TranscriptStart` 480 (measured on x86-64).
//!   Keeping the ClientHello instead costs its length: 200 to 500 bytes with classical key
//!   shares and PSKs, over 1.3 KiB with an X25519MLKEM768 share, and that buffer must live until
//!   the ServerHello while the transmit buffer could otherwise be reused.
//! - **CPU**: the ClientHello is hashed twice. SHA-384 costs roughly twice SHA-256 per byte on a
//!   32-bit core without 64-bit arithmetic, so a 512-byte ClientHello costs about three
//!   SHA-256-equivalents of 512 bytes instead of one: a few thousand cycles once per handshake,
//!   small next to one X25519.
//!
//! A client that offers only SHA-256 suites (the common embedded configuration) should use a
//! [`Transcript`] directly and pay neither; a server always knows the suite before it hashes.
//! After a HelloRetryRequest the suite is known, and [`Transcript::replace_with_message_hash`]
//! needs the hash of ClientHello1 only, never its bytes.

use tls_codec::enums::HandshakeType;
use tls_crypto::{CryptoProvider, Digest, Hash, HashAlgorithm};

use crate::{Error, Result};

/// The running transcript hash of one handshake, in the negotiated suite's hash.
#[derive(Clone)]
pub struct Transcript<H: Hash> {
    hash: H,
}

impl<H: Hash> Transcript<H> {
    /// An empty transcript hashed with `alg`.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the provider lacks `alg`.
    pub fn new<P: CryptoProvider<Hash = H>>(provider: &P, alg: HashAlgorithm) -> Result<Self> {
        Ok(Self {
            hash: provider.hash(alg)?,
        })
    }

    /// The transcript that a HelloRetryRequest starts (RFC 8446 §4.4.1): it holds the synthetic
    /// message `message_hash(254) || 00 00 Hash.length || client_hello1_hash`, whose hash
    /// replaces ClientHello1. A server whose HelloRetryRequest is stateless (the hash comes
    /// back in a cookie) starts here.
    ///
    /// # Errors
    /// [`Error::HashMismatch`] if `client_hello1_hash` is not `alg`'s length, or a provider
    /// error.
    pub fn from_message_hash<P: CryptoProvider<Hash = H>>(
        provider: &P,
        alg: HashAlgorithm,
        client_hello1_hash: &Digest,
    ) -> Result<Self> {
        let len = client_hello1_hash.as_bytes().len();
        if len != alg.output_len() {
            return Err(Error::HashMismatch);
        }
        let len = u8::try_from(len).map_err(|_| Error::HashMismatch)?;
        let mut t = Self::new(provider, alg)?;
        // A handshake header: msg_type, then a 24-bit length (RFC 8446 §4).
        t.update(&[HandshakeType::MESSAGE_HASH.get(), 0, 0, len]);
        t.update(client_hello1_hash.as_bytes());
        Ok(t)
    }

    /// The hash algorithm.
    #[must_use]
    pub fn algorithm(&self) -> HashAlgorithm {
        self.hash.algorithm()
    }

    /// Adds a whole handshake message (header included) or a piece of one: pieces of a message
    /// may be added as they arrive.
    pub fn update(&mut self, message: &[u8]) {
        self.hash.update(message);
    }

    /// Transcript-Hash of everything added so far. The transcript continues.
    #[must_use]
    pub fn current_hash(&self) -> Digest {
        self.hash.clone().finish()
    }

    /// The hash of the transcript followed by `partial`, which is not added: the hash a PSK
    /// binder covers, over a ClientHello truncated before its binders (RFC 8446 §4.2.11.2).
    #[must_use]
    pub fn hash_with(&self, partial: &[u8]) -> Digest {
        let mut h = self.hash.clone();
        h.update(partial);
        h.finish()
    }

    /// On a HelloRetryRequest, replaces ClientHello1 (all this transcript holds) by the
    /// `message_hash` message over its hash (RFC 8446 §4.4.1); the HelloRetryRequest itself is
    /// added next, by [`Transcript::update`].
    ///
    /// # Errors
    /// A provider error; the transcript is unchanged then.
    pub fn replace_with_message_hash<P: CryptoProvider<Hash = H>>(
        &mut self,
        provider: &P,
    ) -> Result<()> {
        let alg = self.algorithm();
        *self = Self::from_message_hash(provider, alg, &self.current_hash())?;
        Ok(())
    }
}

impl<H: Hash> core::fmt::Debug for Transcript<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Transcript")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

/// The transcript of a client's first ClientHello, hashed with every hash the provider offers
/// until the ServerHello (or HelloRetryRequest) names the suite; see the [module
/// docs](self) for what that costs.
#[derive(Clone)]
pub struct TranscriptStart<H: Hash> {
    sha256: Option<H>,
    sha384: Option<H>,
}

impl<H: Hash> TranscriptStart<H> {
    /// Starts a SHA-256 and a SHA-384 hash, skipping whichever the provider lacks.
    ///
    /// # Errors
    /// [`Error::HashUnavailable`] if the provider has neither, or a provider error other than
    /// `Unsupported`.
    pub fn new<P: CryptoProvider<Hash = H>>(provider: &P) -> Result<Self> {
        let start = |alg| match provider.hash(alg) {
            Ok(h) => Ok(Some(h)),
            Err(tls_crypto::Error::Unsupported) => Ok(None),
            Err(e) => Err(Error::Crypto(e)),
        };
        let s = Self {
            sha256: start(HashAlgorithm::Sha256)?,
            sha384: start(HashAlgorithm::Sha384)?,
        };
        if s.sha256.is_none() && s.sha384.is_none() {
            return Err(Error::HashUnavailable);
        }
        Ok(s)
    }

    /// Adds handshake bytes to every hash.
    pub fn update(&mut self, message: &[u8]) {
        for h in [&mut self.sha256, &mut self.sha384].into_iter().flatten() {
            h.update(message);
        }
    }

    /// Transcript-Hash with `alg` of everything added so far, followed by `partial` (not
    /// added); `partial` is empty except for a PSK binder, whose PSK fixes the hash before the
    /// suite is known.
    ///
    /// # Errors
    /// [`Error::HashUnavailable`] if `alg` is not being computed.
    pub fn hash_with(&self, alg: HashAlgorithm, partial: &[u8]) -> Result<Digest> {
        let mut h = self
            .slot(alg)
            .as_ref()
            .ok_or(Error::HashUnavailable)?
            .clone();
        h.update(partial);
        Ok(h.finish())
    }

    /// Keeps the hash of the negotiated suite and drops the other.
    ///
    /// # Errors
    /// [`Error::HashUnavailable`] if `alg` is not being computed.
    pub fn into_transcript(self, alg: HashAlgorithm) -> Result<Transcript<H>> {
        let Self { sha256, sha384 } = self;
        let hash = match alg {
            HashAlgorithm::Sha256 => sha256,
            HashAlgorithm::Sha384 => sha384,
        };
        hash.map(|hash| Transcript { hash })
            .ok_or(Error::HashUnavailable)
    }

    /// As [`TranscriptStart::into_transcript`], leaving this one as it is (the chosen hash's
    /// state is copied).
    ///
    /// # Errors
    /// [`Error::HashUnavailable`] if `alg` was not started.
    pub fn to_transcript(&self, alg: HashAlgorithm) -> Result<Transcript<H>> {
        self.slot(alg)
            .clone()
            .map(|hash| Transcript { hash })
            .ok_or(Error::HashUnavailable)
    }

    fn slot(&self, alg: HashAlgorithm) -> &Option<H> {
        match alg {
            HashAlgorithm::Sha256 => &self.sha256,
            HashAlgorithm::Sha384 => &self.sha384,
        }
    }
}

impl<H: Hash> core::fmt::Debug for TranscriptStart<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TranscriptStart")
            .field("sha256", &self.sha256.is_some())
            .field("sha384", &self.sha384.is_some())
            .finish()
    }
}
