//! The provider traits: the one seam between Wren and its cryptography.

use crate::{Digest, Result, Secret};

/// Hash functions TLS 1.3 cipher suites use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
}

impl HashAlgorithm {
    /// Output length in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
        }
    }

    /// Internal block length in bytes (for HMAC).
    #[must_use]
    pub const fn block_len(self) -> usize {
        match self {
            Self::Sha256 => 64,
            Self::Sha384 => 128,
        }
    }
}

/// AEAD algorithms of the TLS 1.3 cipher suites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AeadAlgorithm {
    /// AES-128-GCM.
    Aes128Gcm,
    /// AES-256-GCM.
    Aes256Gcm,
    /// ChaCha20-Poly1305 (RFC 8439).
    ChaCha20Poly1305,
}

impl AeadAlgorithm {
    /// Key length in bytes.
    #[must_use]
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128Gcm => 16,
            Self::Aes256Gcm | Self::ChaCha20Poly1305 => 32,
        }
    }
}

/// Nonce length of every TLS 1.3 AEAD (RFC 8446 §5.3: `iv_length` is 12).
pub const NONCE_LEN: usize = 12;
/// Tag length of every TLS 1.3 AEAD.
pub const TAG_LEN: usize = 16;
/// The longest AEAD key (AES-256, ChaCha20).
pub const MAX_KEY_LEN: usize = 32;

/// Key-exchange groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// X25519 (RFC 7748).
    X25519,
    /// NIST P-256 (secp256r1), uncompressed points.
    Secp256r1,
}

/// The longest public key share (an uncompressed P-256 point).
pub const MAX_PUBLIC_KEY_LEN: usize = 65;

/// Signature algorithms, as TLS 1.3 signature schemes name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// ECDSA over P-256 with SHA-256; DER-encoded signature, SEC1 public key.
    EcdsaP256Sha256,
    /// Ed25519; 64-byte signature, 32-byte public key.
    Ed25519,
    /// ECDSA over P-384 with SHA-384; DER-encoded signature, SEC1 public key.
    EcdsaP384Sha384,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2). The public key is the DER
    /// `RSAPublicKey` (modulus, exponent) of RFC 8017 §A.1.1; the signature is as long as the
    /// modulus.
    RsaPkcs1Sha256,
    /// RSASSA-PKCS1-v1_5 with SHA-384; key and signature as [`Self::RsaPkcs1Sha256`].
    RsaPkcs1Sha384,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 8446 `rsa_pss_rsae_sha256`);
    /// key and signature as [`Self::RsaPkcs1Sha256`].
    RsaPssSha256,
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt (`rsa_pss_rsae_sha384`); key
    /// and signature as [`Self::RsaPkcs1Sha256`].
    RsaPssSha384,
}

/// A running hash. Cloning forks it, so a transcript hash can be read without ending it.
pub trait Hash: Clone {
    /// Which function this is.
    fn algorithm(&self) -> HashAlgorithm;
    /// Absorbs `data`.
    fn update(&mut self, data: &[u8]);
    /// Ends the hash and returns its output.
    fn finish(self) -> Digest;
}

/// An AEAD keyed for one direction, sealing and opening in place with a detached tag.
pub trait Aead {
    /// Encrypts `buf` in place and writes the tag.
    ///
    /// # Errors
    /// [`crate::Error::BadLength`] if `buf` is too long for the algorithm.
    fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8; TAG_LEN],
    ) -> Result<()>;

    /// Checks the tag and decrypts `buf` in place.
    ///
    /// # Errors
    /// [`crate::Error::DecryptFailed`] if authentication fails; `buf` is then unspecified.
    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<()>;
}

/// One side of an ephemeral key exchange.
pub trait KeyExchange {
    /// The group.
    fn group(&self) -> Group;
    /// Our public key share, as it goes on the wire (RFC 8446 §4.2.8.2).
    fn public_key(&self) -> &[u8];
    /// Completes the exchange with the peer's share.
    ///
    /// # Errors
    /// [`crate::Error::BadKey`] if the peer's share is invalid,
    /// [`crate::Error::WeakSharedSecret`] if the result is all zeros.
    fn complete(self, peer_public_key: &[u8]) -> Result<Secret>;
}

/// A source of cryptographically secure random bytes.
pub trait Rng {
    /// Fills `dest` with random bytes.
    ///
    /// # Errors
    /// [`crate::Error::Rng`] if the source fails.
    fn fill(&mut self, dest: &mut [u8]) -> Result<()>;
}

/// A private key that can sign, in Wren or behind a host tool, a secure element or an HSM.
pub trait Signer {
    /// The algorithm this key signs with.
    fn algorithm(&self) -> SignatureAlgorithm;
    /// Signs `message`, writing the signature to `out` and returning its length.
    ///
    /// # Errors
    /// [`crate::Error::BadLength`] if `out` is too small, or the signer's own failure.
    fn sign(&self, message: &[u8], out: &mut [u8]) -> Result<usize>;
}

/// One algorithm of any family, for [`CryptoProvider::supports`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// A hash (and HMAC/HKDF over it).
    Hash(HashAlgorithm),
    /// An AEAD.
    Aead(AeadAlgorithm),
    /// A key-exchange group.
    KeyExchange(Group),
    /// Signature verification.
    Signature(SignatureAlgorithm),
}

/// The set of algorithms a connection uses, chosen at build time (software or hardware).
pub trait CryptoProvider {
    /// The running hash type.
    type Hash: Hash;
    /// The keyed AEAD type.
    type Aead: Aead;
    /// The key-exchange type.
    type KeyExchange: KeyExchange;

    /// Starts a hash.
    ///
    /// # Errors
    /// [`crate::Error::Unsupported`] if the algorithm is not available.
    fn hash(&self, alg: HashAlgorithm) -> Result<Self::Hash>;

    /// Keys an AEAD.
    ///
    /// # Errors
    /// [`crate::Error::Unsupported`], or [`crate::Error::BadKey`] for a key of the wrong length.
    fn aead(&self, alg: AeadAlgorithm, key: &[u8]) -> Result<Self::Aead>;

    /// Generates an ephemeral key pair with randomness from `rng`.
    ///
    /// # Errors
    /// [`crate::Error::Unsupported`] or [`crate::Error::Rng`].
    fn key_exchange(&self, group: Group, rng: &mut dyn Rng) -> Result<Self::KeyExchange>;

    /// Whether the provider carries `alg`. The handshake offers, and accepts from a peer, only
    /// the suites, groups and signature schemes whose algorithms this answers `true` for, so a
    /// build without an algorithm never advertises it. The default answers `true` for
    /// everything: a provider that cannot tell fails the algorithm when it is used.
    fn supports(&self, alg: Algorithm) -> bool {
        let _ = alg;
        true
    }

    /// Verifies `signature` over `message` with `public_key`.
    ///
    /// # Errors
    /// [`crate::Error::BadSignature`], [`crate::Error::BadKey`] or [`crate::Error::Unsupported`].
    fn verify(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<()>;
}
