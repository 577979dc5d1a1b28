//! The default provider: pure-Rust RustCrypto implementations, one cargo feature per family.
//!
//! Algorithms whose feature is off answer [`Error::Unsupported`] at run time, so a build without
//! AES-GCM still links and simply never negotiates it.

use crate::{
    Aead, AeadAlgorithm, Algorithm, CryptoProvider, Digest, Error, Group, Hash, HashAlgorithm,
    KeyExchange, Result, Rng, Secret, SignatureAlgorithm, MAX_PUBLIC_KEY_LEN, NONCE_LEN, TAG_LEN,
};
#[cfg(any(feature = "aes-gcm", feature = "chacha20"))]
use aes_gcm_aead::{AeadInPlace, KeyInit};

#[cfg(feature = "aes-gcm")]
use aes_gcm::aead as aes_gcm_aead;
#[cfg(all(feature = "chacha20", not(feature = "aes-gcm")))]
use chacha20poly1305::aead as aes_gcm_aead;

/// The RustCrypto-backed provider. A unit value: `&RustCrypto` is all a connection needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

/// A running SHA-2 hash.
#[derive(Clone)]
pub enum Sha2Hash {
    /// SHA-256.
    #[cfg(feature = "sha2")]
    Sha256(sha2::Sha256),
    /// SHA-384 (feature `sha384`: without it no SHA-512 code is linked and the enum is
    /// SHA-256's size).
    #[cfg(feature = "sha384")]
    Sha384(sha2::Sha384),
    /// No hash is compiled in; never constructed.
    #[cfg(not(feature = "sha2"))]
    None(core::convert::Infallible),
}

impl Hash for Sha2Hash {
    fn algorithm(&self) -> HashAlgorithm {
        match self {
            #[cfg(feature = "sha2")]
            Self::Sha256(_) => HashAlgorithm::Sha256,
            #[cfg(feature = "sha384")]
            Self::Sha384(_) => HashAlgorithm::Sha384,
            #[cfg(not(feature = "sha2"))]
            Self::None(n) => match *n {},
        }
    }

    fn update(&mut self, data: &[u8]) {
        #[cfg(feature = "sha2")]
        use sha2::Digest as _;
        match self {
            #[cfg(feature = "sha2")]
            Self::Sha256(h) => h.update(data),
            #[cfg(feature = "sha384")]
            Self::Sha384(h) => h.update(data),
            #[cfg(not(feature = "sha2"))]
            Self::None(n) => {
                let _ = data;
                match *n {}
            }
        }
    }

    fn finish(self) -> Digest {
        #[cfg(feature = "sha2")]
        use sha2::Digest as _;
        match self {
            #[cfg(feature = "sha2")]
            Self::Sha256(h) => digest_of(&h.finalize()),
            #[cfg(feature = "sha384")]
            Self::Sha384(h) => digest_of(&h.finalize()),
            #[cfg(not(feature = "sha2"))]
            Self::None(n) => match n {},
        }
    }
}

/// A hash output as a [`Digest`]. Both SHA-2 outputs fit [`crate::MAX_HASH_LEN`]; the empty
/// fallback keeps `finish` total without a panic path and is never taken.
#[cfg(feature = "sha2")]
fn digest_of(bytes: &[u8]) -> Digest {
    Digest::from_slice(bytes).unwrap_or_else(|_| Digest::empty())
}

/// A keyed AEAD.
///
/// Variants differ in size (AES key schedules are large); with no heap there is nothing to box
/// them into, and a connection holds at most two.
#[allow(
    clippy::large_enum_variant,
    reason = "no heap: the key schedule lives inline"
)]
pub enum RcAead {
    /// AES-128-GCM.
    #[cfg(feature = "aes-gcm")]
    Aes128Gcm(aes_gcm::Aes128Gcm),
    /// AES-256-GCM.
    #[cfg(feature = "aes-gcm")]
    Aes256Gcm(aes_gcm::Aes256Gcm),
    /// ChaCha20-Poly1305.
    #[cfg(feature = "chacha20")]
    ChaCha20Poly1305(chacha20poly1305::ChaCha20Poly1305),
    /// No AEAD is compiled in; never constructed.
    #[cfg(not(any(feature = "aes-gcm", feature = "chacha20")))]
    None(core::convert::Infallible),
}

impl Aead for RcAead {
    fn seal_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8; TAG_LEN],
    ) -> Result<()> {
        match self {
            #[cfg(feature = "aes-gcm")]
            Self::Aes128Gcm(c) => put_tag(c.encrypt_in_place_detached(nonce.into(), aad, buf), tag),
            #[cfg(feature = "aes-gcm")]
            Self::Aes256Gcm(c) => put_tag(c.encrypt_in_place_detached(nonce.into(), aad, buf), tag),
            #[cfg(feature = "chacha20")]
            Self::ChaCha20Poly1305(c) => {
                put_tag(c.encrypt_in_place_detached(nonce.into(), aad, buf), tag)
            }
            #[cfg(not(any(feature = "aes-gcm", feature = "chacha20")))]
            Self::None(n) => {
                let _ = (nonce, aad, buf, tag);
                match *n {}
            }
        }
    }

    fn open_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<()> {
        match self {
            #[cfg(feature = "aes-gcm")]
            Self::Aes128Gcm(c) => {
                opened(c.decrypt_in_place_detached(nonce.into(), aad, buf, tag.into()))
            }
            #[cfg(feature = "aes-gcm")]
            Self::Aes256Gcm(c) => {
                opened(c.decrypt_in_place_detached(nonce.into(), aad, buf, tag.into()))
            }
            #[cfg(feature = "chacha20")]
            Self::ChaCha20Poly1305(c) => {
                opened(c.decrypt_in_place_detached(nonce.into(), aad, buf, tag.into()))
            }
            #[cfg(not(any(feature = "aes-gcm", feature = "chacha20")))]
            Self::None(n) => {
                let _ = (nonce, aad, buf, tag);
                match *n {}
            }
        }
    }
}

/// The detached tag of a RustCrypto AEAD (both crates share `aead` 0.5) copied out, or
/// [`Error::BadLength`] if the buffer was too long for the algorithm.
#[cfg(any(feature = "aes-gcm", feature = "chacha20"))]
fn put_tag(
    sealed: core::result::Result<
        aes_gcm_aead::generic_array::GenericArray<u8, aes_gcm_aead::consts::U16>,
        aes_gcm_aead::Error,
    >,
    tag: &mut [u8; TAG_LEN],
) -> Result<()> {
    let t = sealed.map_err(|_| Error::BadLength)?;
    tag.copy_from_slice(&t);
    Ok(())
}

/// Maps an opening failure to the one opaque [`Error::DecryptFailed`] (no MAC oracle).
#[cfg(any(feature = "aes-gcm", feature = "chacha20"))]
fn opened(r: core::result::Result<(), aes_gcm_aead::Error>) -> Result<()> {
    r.map_err(|_| Error::DecryptFailed)
}

/// An ephemeral key pair.
pub struct RcKeyExchange {
    group: Group,
    public: [u8; MAX_PUBLIC_KEY_LEN],
    public_len: usize,
    secret: RcKxSecret,
}

enum RcKxSecret {
    #[cfg(feature = "x25519")]
    X25519(x25519_dalek::StaticSecret),
    #[cfg(feature = "p256")]
    P256(p256::NonZeroScalar),
    #[cfg(not(any(feature = "x25519", feature = "p256")))]
    #[allow(
        dead_code,
        reason = "uninhabited placeholder when no group is compiled in"
    )]
    None(core::convert::Infallible),
}

impl Drop for RcKeyExchange {
    fn drop(&mut self) {
        // StaticSecret zeroizes itself on drop (x25519-dalek `zeroize` feature). A
        // NonZeroScalar is `Copy` and does not wipe itself: its `Zeroize` clears it with
        // volatile writes (a plain assignment here is a dead store the optimizer may drop)
        // and then stores one, keeping the type's non-zero invariant.
        match &mut self.secret {
            #[cfg(feature = "p256")]
            RcKxSecret::P256(s) => zeroize::Zeroize::zeroize(s),
            #[allow(unreachable_patterns, reason = "reachable when another group is on")]
            _ => {}
        }
    }
}

impl KeyExchange for RcKeyExchange {
    fn group(&self) -> Group {
        self.group
    }

    fn public_key(&self) -> &[u8] {
        self.public.get(..self.public_len).unwrap_or(&[])
    }

    fn complete(self, peer_public_key: &[u8]) -> Result<Secret> {
        match &self.secret {
            #[cfg(feature = "x25519")]
            RcKxSecret::X25519(s) => {
                let peer: [u8; 32] = peer_public_key.try_into().map_err(|_| Error::BadKey)?;
                let shared = s.diffie_hellman(&x25519_dalek::PublicKey::from(peer));
                if !shared.was_contributory() {
                    return Err(Error::WeakSharedSecret);
                }
                Secret::from_slice(shared.as_bytes())
            }
            #[cfg(feature = "p256")]
            RcKxSecret::P256(s) => {
                // RFC 8446 §4.2.8.2: uncompressed points only.
                if peer_public_key.first() != Some(&4) || peer_public_key.len() != 65 {
                    return Err(Error::BadKey);
                }
                let peer =
                    p256::PublicKey::from_sec1_bytes(peer_public_key).map_err(|_| Error::BadKey)?;
                let shared = p256::ecdh::diffie_hellman(s, peer.as_affine());
                Secret::from_slice(shared.raw_secret_bytes())
            }
            #[cfg(not(any(feature = "x25519", feature = "p256")))]
            RcKxSecret::None(n) => {
                let _ = peer_public_key;
                match *n {}
            }
        }
    }
}

/// Our [`Rng`] as a `rand_core` generator, for key generation APIs that fill a secret in
/// place. `fill_bytes` cannot fail, so the first error is kept here for the caller to answer
/// (a key made from a failed fill is dropped, and wiped, unused).
#[cfg(feature = "x25519")]
struct RandCore<'a> {
    rng: &'a mut dyn Rng,
    failed: Option<Error>,
}

#[cfg(feature = "x25519")]
impl rand_core::RngCore for RandCore<'_> {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if let Err(e) = self.rng.fill(dest) {
            self.failed.get_or_insert(e);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> core::result::Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        match self.failed {
            None => Ok(()),
            Some(_) => Err(rand_core::Error::from(core::num::NonZeroU32::MIN)),
        }
    }
}

/// Our [`Rng`] is cryptographically secure by contract.
#[cfg(feature = "x25519")]
impl rand_core::CryptoRng for RandCore<'_> {}

impl CryptoProvider for RustCrypto {
    type Hash = Sha2Hash;
    type Aead = RcAead;
    type KeyExchange = RcKeyExchange;

    fn supports(&self, alg: Algorithm) -> bool {
        match alg {
            Algorithm::Hash(HashAlgorithm::Sha256) => cfg!(feature = "sha2"),
            Algorithm::Hash(HashAlgorithm::Sha384) => cfg!(feature = "sha384"),
            Algorithm::Aead(AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm) => {
                cfg!(feature = "aes-gcm")
            }
            Algorithm::Aead(AeadAlgorithm::ChaCha20Poly1305) => cfg!(feature = "chacha20"),
            Algorithm::KeyExchange(Group::X25519) => cfg!(feature = "x25519"),
            Algorithm::KeyExchange(Group::Secp256r1) => cfg!(feature = "p256"),
            Algorithm::Signature(SignatureAlgorithm::EcdsaP256Sha256) => {
                cfg!(feature = "p256-verify")
            }
            Algorithm::Signature(SignatureAlgorithm::Ed25519) => cfg!(feature = "ed25519"),
            Algorithm::Signature(SignatureAlgorithm::EcdsaP384Sha384) => cfg!(feature = "p384"),
            Algorithm::Signature(
                SignatureAlgorithm::RsaPkcs1Sha256
                | SignatureAlgorithm::RsaPkcs1Sha384
                | SignatureAlgorithm::RsaPssSha256
                | SignatureAlgorithm::RsaPssSha384,
            ) => cfg!(feature = "rsa"),
        }
    }

    fn hash(&self, alg: HashAlgorithm) -> Result<Sha2Hash> {
        match alg {
            #[cfg(feature = "sha2")]
            HashAlgorithm::Sha256 => Ok(Sha2Hash::Sha256(sha2::Sha256::default())),
            #[cfg(feature = "sha384")]
            HashAlgorithm::Sha384 => Ok(Sha2Hash::Sha384(sha2::Sha384::default())),
            #[allow(unreachable_patterns, reason = "reachable when a feature is off")]
            _ => Err(Error::Unsupported),
        }
    }

    fn aead(&self, alg: AeadAlgorithm, key: &[u8]) -> Result<RcAead> {
        if key.len() != alg.key_len() {
            return Err(Error::BadKey);
        }
        match alg {
            #[cfg(feature = "aes-gcm")]
            AeadAlgorithm::Aes128Gcm => aes_gcm::Aes128Gcm::new_from_slice(key)
                .map(RcAead::Aes128Gcm)
                .map_err(|_| Error::BadKey),
            #[cfg(feature = "aes-gcm")]
            AeadAlgorithm::Aes256Gcm => aes_gcm::Aes256Gcm::new_from_slice(key)
                .map(RcAead::Aes256Gcm)
                .map_err(|_| Error::BadKey),
            #[cfg(feature = "chacha20")]
            AeadAlgorithm::ChaCha20Poly1305 => {
                chacha20poly1305::ChaCha20Poly1305::new_from_slice(key)
                    .map(RcAead::ChaCha20Poly1305)
                    .map_err(|_| Error::BadKey)
            }
            #[allow(unreachable_patterns, reason = "reachable when a feature is off")]
            _ => Err(Error::Unsupported),
        }
    }

    fn key_exchange(&self, group: Group, rng: &mut dyn Rng) -> Result<RcKeyExchange> {
        let mut public = [0u8; MAX_PUBLIC_KEY_LEN];
        match group {
            #[cfg(feature = "x25519")]
            Group::X25519 => {
                // The RNG writes the key straight into the secret: no seed buffer of ours and
                // no by-value copy of it (`StaticSecret::from([u8; 32])` takes one).
                let mut source = RandCore { rng, failed: None };
                let secret = x25519_dalek::StaticSecret::random_from_rng(&mut source);
                if let Some(e) = source.failed {
                    return Err(e);
                }
                let pk = x25519_dalek::PublicKey::from(&secret);
                public
                    .get_mut(..32)
                    .ok_or(Error::BadLength)?
                    .copy_from_slice(pk.as_bytes());
                Ok(RcKeyExchange {
                    group,
                    public,
                    public_len: 32,
                    secret: RcKxSecret::X25519(secret),
                })
            }
            #[cfg(feature = "p256")]
            Group::Secp256r1 => {
                use p256::elliptic_curve::sec1::ToEncodedPoint;
                // Rejection sampling: a random 32-byte string is a valid scalar with
                // overwhelming probability; bound the loop so a broken RNG cannot hang us.
                for _ in 0..8 {
                    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
                    rng.fill(seed.as_mut())?;
                    let Ok(sk) = p256::SecretKey::from_slice(seed.as_ref()) else {
                        continue;
                    };
                    let point = sk.public_key().to_encoded_point(false);
                    let bytes = point.as_bytes();
                    public
                        .get_mut(..bytes.len())
                        .ok_or(Error::BadLength)?
                        .copy_from_slice(bytes);
                    return Ok(RcKeyExchange {
                        group,
                        public,
                        public_len: bytes.len(),
                        secret: RcKxSecret::P256(sk.to_nonzero_scalar()),
                    });
                }
                Err(Error::Rng)
            }
            #[allow(unreachable_patterns, reason = "reachable when a feature is off")]
            _ => {
                let _ = (rng, &mut public);
                Err(Error::Unsupported)
            }
        }
    }

    fn verify(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        match alg {
            // Wren's own verify-only code (`tls-p256`: public inputs, variable time), also when
            // the `p256` crate is linked for ECDH and signing: one verification path.
            #[cfg(feature = "p256-verify")]
            SignatureAlgorithm::EcdsaP256Sha256 => tls_p256::verify(public_key, message, signature)
                .map_err(|e| match e {
                    tls_p256::Error::BadKey => Error::BadKey,
                    tls_p256::Error::BadSignature => Error::BadSignature,
                }),
            #[cfg(feature = "ed25519")]
            SignatureAlgorithm::Ed25519 => {
                let key: [u8; 32] = public_key.try_into().map_err(|_| Error::BadKey)?;
                let key =
                    ed25519_dalek::VerifyingKey::from_bytes(&key).map_err(|_| Error::BadKey)?;
                let sig = ed25519_dalek::Signature::from_slice(signature)
                    .map_err(|_| Error::BadSignature)?;
                key.verify_strict(message, &sig)
                    .map_err(|_| Error::BadSignature)
            }
            #[cfg(feature = "p384")]
            SignatureAlgorithm::EcdsaP384Sha384 => {
                use p384::ecdsa::signature::Verifier;
                let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
                    .map_err(|_| Error::BadKey)?;
                let sig =
                    p384::ecdsa::Signature::from_der(signature).map_err(|_| Error::BadSignature)?;
                key.verify(message, &sig).map_err(|_| Error::BadSignature)
            }
            #[cfg(feature = "rsa")]
            SignatureAlgorithm::RsaPkcs1Sha256 => crate::rsa::verify(
                crate::rsa::Padding::Pkcs1,
                HashAlgorithm::Sha256,
                public_key,
                message,
                signature,
            ),
            #[cfg(feature = "rsa")]
            SignatureAlgorithm::RsaPkcs1Sha384 => crate::rsa::verify(
                crate::rsa::Padding::Pkcs1,
                HashAlgorithm::Sha384,
                public_key,
                message,
                signature,
            ),
            #[cfg(feature = "rsa")]
            SignatureAlgorithm::RsaPssSha256 => crate::rsa::verify(
                crate::rsa::Padding::Pss,
                HashAlgorithm::Sha256,
                public_key,
                message,
                signature,
            ),
            #[cfg(feature = "rsa")]
            SignatureAlgorithm::RsaPssSha384 => crate::rsa::verify(
                crate::rsa::Padding::Pss,
                HashAlgorithm::Sha384,
                public_key,
                message,
                signature,
            ),
            #[allow(unreachable_patterns, reason = "reachable when a feature is off")]
            _ => {
                let _ = (public_key, message, signature);
                Err(Error::Unsupported)
            }
        }
    }
}

/// An ECDSA P-256 signing key held in Wren (wiped on drop by `p256`).
#[cfg(feature = "p256")]
pub struct EcdsaP256Signer(p256::ecdsa::SigningKey);

#[cfg(feature = "p256")]
impl EcdsaP256Signer {
    /// From a 32-byte big-endian private scalar.
    ///
    /// # Errors
    /// [`Error::BadKey`] if the scalar is not 32 bytes, zero or out of range.
    pub fn from_bytes(scalar: &[u8]) -> Result<Self> {
        // `SigningKey::from_slice` would left-pad 24..=31 bytes: a truncated key must not
        // silently become a different key.
        let scalar: &[u8; 32] = scalar.try_into().map_err(|_| Error::BadKey)?;
        p256::ecdsa::SigningKey::from_slice(scalar)
            .map(Self)
            .map_err(|_| Error::BadKey)
    }

    /// The public key as an uncompressed SEC1 point.
    #[must_use]
    pub fn public_key(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        let p = self.0.verifying_key().to_encoded_point(false);
        if let Some(dst) = out.get_mut(..p.as_bytes().len()) {
            dst.copy_from_slice(p.as_bytes());
        }
        out
    }
}

#[cfg(feature = "p256")]
impl crate::Signer for EcdsaP256Signer {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::EcdsaP256Sha256
    }

    fn sign(&self, message: &[u8], out: &mut [u8]) -> Result<usize> {
        use p256::ecdsa::signature::Signer as _;
        // RFC 6979 deterministic nonces: no RNG needed, no nonce reuse across restarts.
        let sig: p256::ecdsa::Signature = self.0.sign(message);
        let der = sig.to_der();
        let bytes = der.as_bytes();
        out.get_mut(..bytes.len())
            .ok_or(Error::BadLength)?
            .copy_from_slice(bytes);
        Ok(bytes.len())
    }
}

/// An Ed25519 signing key held in Wren (wiped on drop by `ed25519-dalek`).
#[cfg(feature = "ed25519")]
pub struct Ed25519Signer(ed25519_dalek::SigningKey);

#[cfg(feature = "ed25519")]
impl Ed25519Signer {
    /// From the 32-byte seed.
    #[must_use]
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// The 32-byte public key.
    #[must_use]
    pub fn public_key(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }
}

#[cfg(feature = "ed25519")]
impl crate::Signer for Ed25519Signer {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Ed25519
    }

    fn sign(&self, message: &[u8], out: &mut [u8]) -> Result<usize> {
        use ed25519_dalek::Signer as _;
        let sig = self.0.sign(message).to_bytes();
        out.get_mut(..sig.len())
            .ok_or(Error::BadLength)?
            .copy_from_slice(&sig);
        Ok(sig.len())
    }
}
