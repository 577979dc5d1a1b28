//! Authentication: the peer's certificate chain and CertificateVerify (RFC 8446 §4.4.2,
//! §4.4.3), and our own CertificateVerify signature.

use crate::config::{Config, Verification};
use crate::emit;
use crate::negotiate::verify_algorithm;
use crate::negotiated::{subject_summary, FixedBytes, MAX_SUBJECT_LEN};
use crate::output::Output;
use crate::{Error, Result};
use tls_cert::{KeyAlgorithm, NameCheck, Policy, PublicKey, Purpose};
use tls_codec::enums::{HandshakeType, SignatureScheme};
use tls_codec::{Certificate, CertificateVerify, Codec};
use tls_crypto::{CryptoProvider, Digest, Signer, MAX_HASH_LEN};

/// The longest peer public key kept: an RSA-4096 `RSAPublicKey` is 526 bytes of DER
/// (SEQUENCE header 4, modulus INTEGER 4 + 513, exponent INTEGER up to 5).
pub const MAX_PEER_KEY_LEN: usize = 544;
/// The longest signature we produce: RSA-4096 (512 bytes); ECDSA P-384 DER is at most 104.
pub const MAX_SIGNATURE_LEN: usize = 512;

/// RFC 8446 §4.4.3: the context strings of the two CertificateVerify directions.
const SERVER_CONTEXT: &[u8] = b"TLS 1.3, server CertificateVerify";
const CLIENT_CONTEXT: &[u8] = b"TLS 1.3, client CertificateVerify";
/// 64 spaces, the longest context, one zero byte, the longest hash.
const MAX_CONTENT_LEN: usize = 64 + 33 + 1 + MAX_HASH_LEN;

/// Which side signed a CertificateVerify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signed {
    /// The server signed (server authentication).
    ByServer,
    /// The client signed (client authentication).
    ByClient,
}

/// Proof that the peer's CertificateVerify verified with the key of the certificate it
/// presented (RFC 8446 §4.4.3). Only [`verify_certificate_verify`] makes one.
#[derive(Debug)]
#[must_use = "a CertificateVerify check is pointless unless its proof is kept"]
pub struct CertificateVerified(());

/// The peer leaf's public key, copied out of its certificate so the Certificate message
/// need not be kept.
#[derive(Clone)]
pub(crate) struct PeerKey {
    algorithm: KeyAlgorithm,
    len: usize,
    bytes: [u8; MAX_PEER_KEY_LEN],
}

impl PeerKey {
    fn new(key: &PublicKey<'_>) -> Result<Self> {
        let mut out = Self {
            algorithm: key.algorithm,
            len: key.key.len(),
            bytes: [0; MAX_PEER_KEY_LEN],
        };
        out.bytes
            .get_mut(..key.key.len())
            .ok_or(Error::Certificate(tls_cert::Error::UnsupportedKey))?
            .copy_from_slice(key.key);
        Ok(out)
    }

    fn as_public_key(&self) -> PublicKey<'_> {
        PublicKey {
            algorithm: self.algorithm,
            key: self.bytes.get(..self.len).unwrap_or(&[]),
        }
    }
}

/// The peer's verified (or, in the dangerous mode, merely parsed) leaf.
pub(crate) struct PeerIdentity {
    pub(crate) key: PeerKey,
    pub(crate) subject: Option<FixedBytes<MAX_SUBJECT_LEN>>,
}

/// Checks a non-empty Certificate message's chain for `purpose` and keeps the leaf's key.
///
/// # Errors
/// [`Error::DecodeError`] for an empty list; a certificate error with its alert;
/// [`Error::UnsupportedExtension`] for entry extensions we never request (RFC 8446 §4.2).
pub(crate) fn verify_peer_chain<P: CryptoProvider>(
    config: &Config<'_, P>,
    msg: &Certificate<'_>,
    purpose: Purpose,
    name: NameCheck<'_>,
    unix_time: Option<u64>,
) -> Result<PeerIdentity> {
    let mut entries = msg.entries.iter();
    let leaf = entries.next().ok_or(Error::DecodeError)?;
    // We send neither status_request nor signed_certificate_timestamp, so no entry may carry
    // them; unknown ones were never requested either (RFC 8446 §4.4.2).
    for e in msg.entries.iter() {
        let x = e.extensions;
        if x.status_request.is_some()
            || x.signed_certificate_timestamp.is_some()
            || x.first_unknown.is_some()
        {
            return Err(Error::UnsupportedExtension);
        }
    }
    let parsed;
    let cert = if matches!(
        config.verification,
        Verification::DangerousNoVerificationForTestsOnly
    ) {
        parsed = tls_cert::Certificate::parse(leaf.cert_data)?;
        &parsed
    } else {
        let policy = Policy {
            trust_anchors: config.trust_anchors,
            now: unix_time,
            purpose,
            name,
        };
        let intermediates = entries.map(|e| e.cert_data);
        parsed = *tls_cert::verify_chain(config.provider, leaf.cert_data, intermediates, &policy)?
            .leaf();
        &parsed
    };
    let key = cert.public_key();
    if key.algorithm == KeyAlgorithm::Unsupported {
        return Err(Error::Certificate(tls_cert::Error::UnsupportedKey));
    }
    Ok(PeerIdentity {
        key: PeerKey::new(&key)?,
        subject: subject_summary(cert.subject()),
    })
}

/// The content a CertificateVerify signs (RFC 8446 §4.4.3): 64 spaces, the context string,
/// a zero byte, and the transcript hash.
fn content(by: Signed, hash: &Digest, out: &mut [u8; MAX_CONTENT_LEN]) -> Result<usize> {
    let context = match by {
        Signed::ByServer => SERVER_CONTEXT,
        Signed::ByClient => CLIENT_CONTEXT,
    };
    let mut w = tls_codec::Writer::new(out);
    w.bytes(&[0x20; 64])?;
    w.bytes(context)?;
    w.u8(0)?;
    w.bytes(hash.as_bytes())?;
    Ok(w.len())
}

/// Verifies the peer's CertificateVerify against `hash` (the transcript up to, not
/// including, the CertificateVerify).
///
/// # Errors
/// [`Error::IllegalParameter`] for a scheme we did not offer or that does not fit the key
/// (RFC 8446 §4.4.3), `decrypt_error` ([`tls_crypto::Error::BadSignature`]) for a signature
/// that does not verify.
pub(crate) fn verify_certificate_verify<P: CryptoProvider>(
    provider: &P,
    key: &PeerKey,
    cv: &CertificateVerify<'_>,
    offered: &[SignatureScheme],
    hash: &Digest,
    by: Signed,
) -> Result<CertificateVerified> {
    // RFC 8446 §4.4.3: "the signature algorithm MUST be one offered in the [peer's]
    // "signature_algorithms" extension".
    if !offered.contains(&cv.algorithm) {
        return Err(Error::IllegalParameter);
    }
    let alg = verify_algorithm(cv.algorithm).ok_or(Error::IllegalParameter)?;
    // Only schemes the provider carries are offered (negotiate::scheme_supported).
    if !provider.supports(tls_crypto::Algorithm::Signature(alg)) {
        return Err(Error::IllegalParameter);
    }
    let public = key.as_public_key();
    if !public.supports(alg) {
        return Err(Error::IllegalParameter);
    }
    let mut buf = [0u8; MAX_CONTENT_LEN];
    let len = content(by, hash, &mut buf)?;
    let message = buf.get(..len).ok_or(Error::BadLength)?;
    provider
        .verify(alg, public.key, message, cv.signature)
        .map_err(|e| match e {
            tls_crypto::Error::Unsupported => Error::Crypto(e),
            _ => Error::Crypto(tls_crypto::Error::BadSignature),
        })?;
    Ok(CertificateVerified(()))
}

/// Signs our CertificateVerify over `hash` with `signer` under `scheme` and adds it to
/// `flight`.
///
/// # Errors
/// The signer's failure, or as [`emit::Flight::add`].
pub(crate) fn send_certificate_verify(
    out: &mut dyn Output,
    flight: &mut emit::Flight,
    signer: &dyn Signer,
    scheme: SignatureScheme,
    hash: &Digest,
    by: Signed,
    absorb: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    let mut buf = [0u8; MAX_CONTENT_LEN];
    let len = content(by, hash, &mut buf)?;
    let message = buf.get(..len).ok_or(Error::BadLength)?;
    let mut sig = [0u8; MAX_SIGNATURE_LEN];
    let sig_len = signer.sign(message, &mut sig)?;
    let signature = sig.get(..sig_len).ok_or(Error::BadLength)?;
    let cv = CertificateVerify {
        algorithm: scheme,
        signature,
    };
    flight.add(
        out,
        HandshakeType::CERTIFICATE_VERIFY,
        &|w| cv.encode(w),
        0,
        absorb,
    )
}
