//! One X.509 v3 certificate (RFC 5280 §4.1), parsed in place.
//!
//! Every field borrows from the DER; nothing is copied or collected. Names are kept as their raw
//! DER and compared byte for byte (see [`Certificate::issuer`]).

use crate::extensions::Extensions;
use crate::reader::{single, tag, uint, Der};
use crate::time::parse_time;
use crate::{oid, Error, Result};
use tls_crypto::SignatureAlgorithm;

/// The longest serial number accepted, in bytes (RFC 5280 §4.1.2.2: 20 octets, plus a leading
/// zero some encoders add).
const MAX_SERIAL_LEN: usize = 21;

/// A parsed certificate, borrowing its DER.
#[derive(Clone, Copy, Debug)]
pub struct Certificate<'a> {
    der: &'a [u8],
    tbs: &'a [u8],
    signature_algorithm: CertSignature,
    signature: &'a [u8],
    serial: &'a [u8],
    issuer: &'a [u8],
    subject: &'a [u8],
    not_before: u64,
    not_after: u64,
    public_key: PublicKey<'a>,
    extensions: Extensions<'a>,
}

impl<'a> Certificate<'a> {
    /// Parses a DER certificate.
    ///
    /// Unsupported signature algorithms and key types do not fail parsing (a trust anchor may
    /// use one); they fail when used.
    ///
    /// # Errors
    /// [`Error::BadDer`] for malformed or trailing DER, an unknown version, mismatched inner and
    /// outer signature algorithms, or a duplicated extension;
    /// [`Error::UnsupportedCriticalExtension`] for a critical extension this crate does not
    /// process.
    pub fn parse(der: &'a [u8]) -> Result<Self> {
        // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
        let mut outer = Der::new(single(der, tag::SEQUENCE)?);
        let tbs = outer.take_tagged(tag::SEQUENCE)?;
        let outer_alg = outer.take_tagged(tag::SEQUENCE)?;
        let signature = outer.octet_bits()?;
        outer.finish()?;

        let mut t = Der::new(tbs.value);
        // version [0] EXPLICIT Version DEFAULT v1
        let version = match t.optional(tag::CONTEXT_0)? {
            Some(v) => {
                match uint(single(v.value, tag::INTEGER)?)? {
                    [1] => 2,
                    [2] => 3,
                    // v1 must be omitted in DER (DEFAULT).
                    _ => return Err(Error::BadDer),
                }
            }
            None => 1,
        };
        let serial = t.uint()?;
        if serial.len() > MAX_SERIAL_LEN {
            return Err(Error::BadDer);
        }
        let inner_alg = t.take_tagged(tag::SEQUENCE)?;
        // RFC 5280 §4.1.1.2: the two algorithm identifiers must be the same.
        if inner_alg.whole != outer_alg.whole {
            return Err(Error::BadDer);
        }
        let signature_algorithm = CertSignature::parse(outer_alg.value)?;
        let issuer = t.take_tagged(tag::SEQUENCE)?.whole;
        let (not_before, not_after) = parse_validity(t.value(tag::SEQUENCE)?)?;
        let subject = t.take_tagged(tag::SEQUENCE)?.whole;
        let public_key = PublicKey::parse(t.value(tag::SEQUENCE)?)?;
        let mut extensions = Extensions::default();
        if version >= 2 {
            // issuerUniqueID [1] IMPLICIT, subjectUniqueID [2] IMPLICIT: skipped.
            let _ = t.optional(tag::IMPLICIT_1)?;
            let _ = t.optional(tag::IMPLICIT_2)?;
        }
        if version == 3 {
            if let Some(ext) = t.optional(tag::CONTEXT_3)? {
                extensions = Extensions::parse(single(ext.value, tag::SEQUENCE)?)?;
            }
        }
        t.finish()?;

        Ok(Self {
            der,
            tbs: tbs.whole,
            signature_algorithm,
            signature,
            serial,
            issuer,
            subject,
            not_before,
            not_after,
            public_key,
            extensions,
        })
    }

    /// The whole DER encoding.
    #[must_use]
    pub const fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The serial number's magnitude (big-endian, leading zeros removed).
    #[must_use]
    pub const fn serial(&self) -> &'a [u8] {
        self.serial
    }

    /// The issuer `Name` as raw DER (tag and length included).
    ///
    /// Chain building compares names byte for byte instead of with RFC 5280 §7.1's
    /// case-folding comparison; CAs copy the issuer name from their own subject, so this
    /// matches real chains.
    #[must_use]
    pub const fn issuer(&self) -> &'a [u8] {
        self.issuer
    }

    /// The subject `Name` as raw DER (tag and length included).
    #[must_use]
    pub const fn subject(&self) -> &'a [u8] {
        self.subject
    }

    /// notBefore, in seconds since the Unix epoch.
    #[must_use]
    pub const fn not_before(&self) -> u64 {
        self.not_before
    }

    /// notAfter, in seconds since the Unix epoch.
    #[must_use]
    pub const fn not_after(&self) -> u64 {
        self.not_after
    }

    /// The subject's public key.
    #[must_use]
    pub const fn public_key(&self) -> PublicKey<'a> {
        self.public_key
    }

    /// The extensions this crate understands.
    #[must_use]
    pub const fn extensions(&self) -> &Extensions<'a> {
        &self.extensions
    }

    /// Checks the validity period against `now` (seconds since the Unix epoch); both bounds
    /// are inclusive (RFC 5280 §4.1.2.5).
    ///
    /// # Errors
    /// [`Error::NotYetValid`] or [`Error::Expired`].
    pub const fn check_validity(&self, now: u64) -> Result<()> {
        if now < self.not_before {
            Err(Error::NotYetValid)
        } else if now > self.not_after {
            Err(Error::Expired)
        } else {
            Ok(())
        }
    }

    /// Checks that `issuer_key` signed this certificate.
    ///
    /// # Errors
    /// [`Error::UnsupportedSignatureAlgorithm`] if the algorithm is unsupported or does not fit
    /// the key (e.g. ecdsa-with-SHA256 from a P-384 key); [`Error::BadSignature`] if the
    /// signature does not verify or the issuer's key is invalid.
    pub fn verify_signed_by<P: tls_crypto::CryptoProvider>(
        &self,
        provider: &P,
        issuer_key: &PublicKey<'_>,
    ) -> Result<()> {
        let alg = self
            .signature_algorithm
            .resolve(issuer_key.algorithm)
            .ok_or(Error::UnsupportedSignatureAlgorithm)?;
        provider
            .verify(alg, issuer_key.key, self.tbs, self.signature)
            .map_err(|e| match e {
                tls_crypto::Error::Unsupported => Error::UnsupportedSignatureAlgorithm,
                _ => Error::BadSignature,
            })
    }
}

/// Validity ::= SEQUENCE { notBefore Time, notAfter Time }.
fn parse_validity(bytes: &[u8]) -> Result<(u64, u64)> {
    let mut r = Der::new(bytes);
    let not_before = parse_time(&r.any()?)?;
    let not_after = parse_time(&r.any()?)?;
    r.finish()?;
    Ok((not_before, not_after))
}

/// Public-key algorithms of `SubjectPublicKeyInfo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// id-ecPublicKey on P-256; the key is a SEC1 point.
    EcP256,
    /// id-ecPublicKey on P-384; the key is a SEC1 point.
    EcP384,
    /// Ed25519; the key is 32 bytes.
    Ed25519,
    /// rsaEncryption; the key is the DER `RSAPublicKey` (modulus, exponent).
    Rsa,
    /// Anything else (kept so an anchor with such a key still parses).
    Unsupported,
}

/// A subject public key, borrowed from its certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey<'a> {
    /// The algorithm.
    pub algorithm: KeyAlgorithm,
    /// The key bytes in the form `tls_crypto::CryptoProvider::verify` takes for it.
    pub key: &'a [u8],
}

impl<'a> PublicKey<'a> {
    /// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey
    /// BIT STRING }; `bytes` is the SEQUENCE's value.
    fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut r = Der::new(bytes);
        let mut alg = Der::new(r.value(tag::SEQUENCE)?);
        let key = r.octet_bits()?;
        r.finish()?;
        let id = alg.value(tag::OID)?;
        let algorithm = if id == oid::EC_PUBLIC_KEY {
            // RFC 5480 §2.1.1: namedCurve only.
            match alg.optional(tag::OID)? {
                Some(c) if c.value == oid::SECP256R1 => KeyAlgorithm::EcP256,
                Some(c) if c.value == oid::SECP384R1 => KeyAlgorithm::EcP384,
                Some(_) => KeyAlgorithm::Unsupported,
                None => {
                    let _ = alg.any()?; // ecParameters or implicitCA: unsupported
                    KeyAlgorithm::Unsupported
                }
            }
        } else if id == oid::ED25519 {
            // RFC 8410 §3: parameters absent.
            KeyAlgorithm::Ed25519
        } else if id == oid::RSA_ENCRYPTION {
            // RFC 3279 §2.3.1: parameters NULL (tolerated absent).
            let _ = alg.optional(tag::NULL)?;
            KeyAlgorithm::Rsa
        } else {
            while !alg.is_empty() {
                let _ = alg.any()?;
            }
            KeyAlgorithm::Unsupported
        };
        alg.finish()?;
        Ok(Self { algorithm, key })
    }

    /// Whether this key can verify signatures of `alg` (checks the type only).
    #[must_use]
    pub const fn supports(&self, alg: SignatureAlgorithm) -> bool {
        matches!(
            (self.algorithm, alg),
            (KeyAlgorithm::EcP256, SignatureAlgorithm::EcdsaP256Sha256)
                | (KeyAlgorithm::EcP384, SignatureAlgorithm::EcdsaP384Sha384)
                | (KeyAlgorithm::Ed25519, SignatureAlgorithm::Ed25519)
                | (
                    KeyAlgorithm::Rsa,
                    SignatureAlgorithm::RsaPkcs1Sha256
                        | SignatureAlgorithm::RsaPkcs1Sha384
                        | SignatureAlgorithm::RsaPssSha256
                        | SignatureAlgorithm::RsaPssSha384
                )
        )
    }
}

/// A certificate's signature algorithm, before it is paired with the issuer's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CertSignature {
    EcdsaSha256,
    EcdsaSha384,
    Ed25519,
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPssSha256,
    RsaPssSha384,
    Unsupported,
}

impl CertSignature {
    /// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }; `bytes` is
    /// the SEQUENCE's value.
    fn parse(bytes: &[u8]) -> Result<Self> {
        let mut r = Der::new(bytes);
        let id = r.value(tag::OID)?;
        let alg = if id == oid::ECDSA_WITH_SHA256 {
            Self::EcdsaSha256 // RFC 5758 §3.2: parameters absent
        } else if id == oid::ECDSA_WITH_SHA384 {
            Self::EcdsaSha384
        } else if id == oid::ED25519 {
            Self::Ed25519 // RFC 8410 §3: parameters absent
        } else if id == oid::SHA256_WITH_RSA {
            let _ = r.optional(tag::NULL)?; // RFC 4055 §5: NULL
            Self::RsaPkcs1Sha256
        } else if id == oid::SHA384_WITH_RSA {
            let _ = r.optional(tag::NULL)?;
            Self::RsaPkcs1Sha384
        } else if id == oid::RSASSA_PSS {
            parse_pss_params(r.value(tag::SEQUENCE)?)?
        } else {
            while !r.is_empty() {
                let _ = r.any()?;
            }
            Self::Unsupported
        };
        r.finish()?;
        Ok(alg)
    }

    /// The TLS signature scheme for this algorithm with an issuer key of type `key`.
    const fn resolve(self, key: KeyAlgorithm) -> Option<SignatureAlgorithm> {
        use KeyAlgorithm as K;
        use SignatureAlgorithm as S;
        match (self, key) {
            (Self::EcdsaSha256, K::EcP256) => Some(S::EcdsaP256Sha256),
            (Self::EcdsaSha384, K::EcP384) => Some(S::EcdsaP384Sha384),
            (Self::Ed25519, K::Ed25519) => Some(S::Ed25519),
            (Self::RsaPkcs1Sha256, K::Rsa) => Some(S::RsaPkcs1Sha256),
            (Self::RsaPkcs1Sha384, K::Rsa) => Some(S::RsaPkcs1Sha384),
            (Self::RsaPssSha256, K::Rsa) => Some(S::RsaPssSha256),
            (Self::RsaPssSha384, K::Rsa) => Some(S::RsaPssSha384),
            _ => None,
        }
    }
}

/// RSASSA-PSS-params (RFC 4055 §3.1). Only the combinations TLS 1.3 names are supported: hash
/// SHA-256 or SHA-384, MGF1 with the same hash, salt as long as the hash, trailer 1.
fn parse_pss_params(bytes: &[u8]) -> Result<CertSignature> {
    let mut r = Der::new(bytes);
    // hashAlgorithm [0] DEFAULT sha1
    let hash = match r.optional(tag::CONTEXT_0)? {
        Some(h) => parse_hash_alg(single(h.value, tag::SEQUENCE)?)?,
        None => None,
    };
    // maskGenAlgorithm [1] DEFAULT mgf1SHA1
    let mgf_hash = match r.optional(tag::CONTEXT_1)? {
        Some(m) => {
            let mut m = Der::new(single(m.value, tag::SEQUENCE)?);
            let id = m.value(tag::OID)?;
            let h = parse_hash_alg(m.value(tag::SEQUENCE)?)?;
            m.finish()?;
            if id == oid::MGF1 {
                h
            } else {
                None
            }
        }
        None => None,
    };
    // saltLength [2] DEFAULT 20
    let salt: Option<u32> = match r.optional(tag::CONTEXT_2)? {
        Some(s) => small_uint(uint(single(s.value, tag::INTEGER)?)?),
        None => Some(20),
    };
    // trailerField [3] DEFAULT 1
    let trailer_ok = match r.optional(tag::CONTEXT_3)? {
        Some(t) => uint(single(t.value, tag::INTEGER)?)? == [1],
        None => true,
    };
    r.finish()?;
    Ok(match (hash, mgf_hash, salt, trailer_ok) {
        (Some(HashId::Sha256), Some(HashId::Sha256), Some(32), true) => CertSignature::RsaPssSha256,
        (Some(HashId::Sha384), Some(HashId::Sha384), Some(48), true) => CertSignature::RsaPssSha384,
        _ => CertSignature::Unsupported,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HashId {
    Sha256,
    Sha384,
}

/// A hash AlgorithmIdentifier's value: SHA-256 or SHA-384 (parameters NULL or absent);
/// `None` for any other hash.
fn parse_hash_alg(bytes: &[u8]) -> Result<Option<HashId>> {
    let mut r = Der::new(bytes);
    let id = r.value(tag::OID)?;
    let _ = r.optional(tag::NULL)?;
    r.finish()?;
    Ok(if id == oid::SHA256 {
        Some(HashId::Sha256)
    } else if id == oid::SHA384 {
        Some(HashId::Sha384)
    } else {
        None
    })
}

/// A non-negative integer's magnitude as `u32`; `None` if larger.
pub(crate) fn small_uint(bytes: &[u8]) -> Option<u32> {
    if bytes.len() > 4 {
        return None;
    }
    bytes
        .iter()
        .try_fold(0u32, |acc, &b| Some(acc.checked_shl(8)? | u32::from(b)))
}
