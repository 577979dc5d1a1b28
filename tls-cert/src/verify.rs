//! Chain verification: from the leaf, through the peer's intermediates, to a trust anchor.
//!
//! The path is searched depth-first from the leaf: at each step the trust anchors are tried
//! first (subject equal to the child's issuer, then the signature), then each unused
//! intermediate with a matching subject that passes the CA checks. A failed candidate is
//! skipped, so extra or misordered certificates in the peer's list do no harm. Work is bounded
//! by [`MAX_INTERMEDIATES`] per path and [`MAX_SIGNATURE_CHECKS`] signature verifications
//! in all; the search itself needs no heap (recursion depth is at most `MAX_INTERMEDIATES`).
//!
//! Trust anchors are used as RFC 5280 §6.1.1 (d) describes them: a name and a key. Their own
//! validity period and signature are not checked; their pathLenConstraint, when present, is.
//! Self-issued intermediates count towards pathLenConstraint (stricter than RFC 5280 §6.1.4).

use crate::cert::{Certificate, KeyAlgorithm, PublicKey};
use crate::extensions::{KeyUsage, Purpose};
use crate::name::{check_name, NameCheck};
use crate::{Error, Result};
use tls_crypto::CryptoProvider;

/// The most intermediates one path may hold (between the leaf and the anchor).
pub const MAX_INTERMEDIATES: usize = 6;
/// The most signature verifications one [`verify_chain`] call performs, whatever the peer
/// sends (an RSA-4096 verification is expensive on a microcontroller).
pub const MAX_SIGNATURE_CHECKS: u32 = 16;

/// What a chain must satisfy.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'a> {
    /// Trust anchors, as DER certificates. Anchors that fail to parse are skipped (check them
    /// once with [`Certificate::parse`] when loading them).
    pub trust_anchors: &'a [&'a [u8]],
    /// The current time in seconds since the Unix epoch. When `None`, validity periods are
    /// **not checked** at all (a device without a wall clock); every other check still applies.
    pub now: Option<u64>,
    /// The purpose the leaf's extendedKeyUsage must allow.
    pub purpose: Purpose,
    /// How the leaf's identity is checked.
    pub name: NameCheck<'a>,
}

/// A chain that verified: proof for the handshake, and the leaf's key for CertificateVerify.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedChain<'c> {
    leaf: Certificate<'c>,
    anchor: usize,
    intermediates: usize,
}

impl<'c> VerifiedChain<'c> {
    /// The leaf's public key (borrowed from the leaf's DER).
    #[must_use]
    pub const fn leaf_key(&self) -> PublicKey<'c> {
        self.leaf.public_key()
    }

    /// The parsed leaf certificate.
    #[must_use]
    pub const fn leaf(&self) -> &Certificate<'c> {
        &self.leaf
    }

    /// The index, in [`Policy::trust_anchors`], of the anchor the path ends at.
    #[must_use]
    pub const fn anchor_index(&self) -> usize {
        self.anchor
    }

    /// How many intermediates the path went through.
    #[must_use]
    pub const fn intermediates_used(&self) -> usize {
        self.intermediates
    }
}

/// Verifies `leaf` (DER) up to one of `policy.trust_anchors` through `intermediates` (DER, in
/// any order; the TLS Certificate message's order is fine) and checks the leaf for
/// `policy.purpose` and `policy.name`.
///
/// Checks, in this order: the leaf parses; its validity (if `now` is given); keyUsage (if
/// present) has digitalSignature (RFC 8446 §4.4.2.2); extendedKeyUsage (if present) lists the
/// purpose; its key type is supported; its name; then a path to an anchor where every
/// intermediate is within its validity, has basicConstraints `cA` TRUE, keyCertSign if
/// keyUsage is present, a respected pathLenConstraint, and signed the certificate below it.
///
/// `intermediates` is iterated several times (it is cloned), so pass a cheap iterator such as
/// `list.iter().copied()` or a reader over the Certificate message.
///
/// # Errors
/// The first problem found on the leaf, or, when no path is found, the most specific reason
/// a candidate path failed ([`Error::UnknownIssuer`] if no issuer was even found by name). See
/// [`Error`] for the list and [`Error::alert`] for the alert to send.
pub fn verify_chain<'c, 'i, P, I>(
    provider: &P,
    leaf: &'c [u8],
    intermediates: I,
    policy: &Policy<'_>,
) -> Result<VerifiedChain<'c>>
where
    P: CryptoProvider,
    I: IntoIterator<Item = &'i [u8]>,
    I::IntoIter: Clone,
{
    let leaf = Certificate::parse(leaf)?;
    if let Some(now) = policy.now {
        leaf.check_validity(now)?;
    }
    let ext = leaf.extensions();
    if ext
        .key_usage()
        .is_some_and(|ku| !ku.contains(KeyUsage::DIGITAL_SIGNATURE))
    {
        return Err(Error::KeyUsage);
    }
    if !ext.allows(policy.purpose) {
        return Err(Error::WrongEku);
    }
    if leaf.public_key().algorithm == KeyAlgorithm::Unsupported {
        return Err(Error::UnsupportedKey);
    }
    check_name(&leaf, &policy.name)?;

    let mut search = Search {
        provider,
        intermediates: intermediates.into_iter(),
        policy,
        budget: MAX_SIGNATURE_CHECKS,
        error: Error::UnknownIssuer,
        path: [usize::MAX; MAX_INTERMEDIATES],
    };
    match search.issuer_of(&leaf, 0) {
        Some((anchor, intermediates)) => Ok(VerifiedChain {
            leaf,
            anchor,
            intermediates,
        }),
        None => Err(search.error),
    }
}

/// The depth-first path search.
struct Search<'s, P, I> {
    provider: &'s P,
    intermediates: I,
    policy: &'s Policy<'s>,
    budget: u32,
    /// The most specific failure seen so far.
    error: Error,
    /// Indices of the intermediates on the current path, leaf side first.
    path: [usize; MAX_INTERMEDIATES],
}

impl<'i, P, I> Search<'_, P, I>
where
    P: CryptoProvider,
    I: Iterator<Item = &'i [u8]> + Clone,
{
    /// Remembers `e` unless a more specific error is already known.
    fn note(&mut self, e: Error) {
        if self.error == Error::UnknownIssuer {
            self.error = e;
        }
    }

    /// Checks `child`'s signature with `issuer`, within the budget.
    fn signed_by(&mut self, child: &Certificate<'_>, issuer: &PublicKey<'_>) -> bool {
        let Some(left) = self.budget.checked_sub(1) else {
            self.error = Error::ChainTooLong;
            return false;
        };
        self.budget = left;
        match child.verify_signed_by(self.provider, issuer) {
            Ok(()) => true,
            Err(e) => {
                self.note(e);
                false
            }
        }
    }

    /// Finds a path from `child` (with `depth` intermediates below and including it, the leaf
    /// being depth 0) to an anchor. Returns the anchor index and the count of intermediates.
    fn issuer_of(&mut self, child: &Certificate<'_>, depth: usize) -> Option<(usize, usize)> {
        // Trust anchors first.
        for (index, anchor) in self.policy.trust_anchors.iter().enumerate() {
            let Ok(anchor) = Certificate::parse(anchor) else {
                continue;
            };
            if anchor.subject() != child.issuer() {
                continue;
            }
            if let Some(p) = anchor
                .extensions()
                .basic_constraints()
                .and_then(|b| b.path_len)
            {
                if depth > usize::from(p) {
                    self.note(Error::PathLenExceeded);
                    continue;
                }
            }
            if self.signed_by(child, &anchor.public_key()) {
                return Some((index, depth));
            }
        }

        // Then the peer's intermediates.
        if depth >= MAX_INTERMEDIATES {
            self.note(Error::ChainTooLong);
            return None;
        }
        for (index, der) in self.intermediates.clone().enumerate() {
            if self.budget == 0 {
                return None;
            }
            if self.path.iter().take(depth).any(|&used| used == index) {
                continue;
            }
            let Ok(ca) = Certificate::parse(der) else {
                continue;
            };
            if ca.subject() != child.issuer() {
                continue;
            }
            if let Err(e) = self.check_ca(&ca, depth) {
                self.note(e);
                continue;
            }
            if !self.signed_by(child, &ca.public_key()) {
                continue;
            }
            if let Some(slot) = self.path.get_mut(depth) {
                *slot = index;
            }
            let next = depth.checked_add(1)?;
            if let Some(found) = self.issuer_of(&ca, next) {
                return Some(found);
            }
        }
        None
    }

    /// The checks an intermediate with `below` intermediates under it must pass.
    fn check_ca(&self, ca: &Certificate<'_>, below: usize) -> Result<()> {
        if let Some(now) = self.policy.now {
            ca.check_validity(now)?;
        }
        let ext = ca.extensions();
        let Some(bc) = ext.basic_constraints().filter(|b| b.ca) else {
            return Err(Error::NotCa);
        };
        if bc.path_len.is_some_and(|p| below > usize::from(p)) {
            return Err(Error::PathLenExceeded);
        }
        if ext
            .key_usage()
            .is_some_and(|ku| !ku.contains(KeyUsage::KEY_CERT_SIGN))
        {
            return Err(Error::KeyUsage);
        }
        Ok(())
    }
}
