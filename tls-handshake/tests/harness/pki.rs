//! The test PKI of tls-cert/testdata, as signers and chains.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test data")]

use tls_crypto::{EcdsaP256Signer, Ed25519Signer, Signer};

macro_rules! td {
    ($f:literal) => {
        include_bytes!(concat!("../../../tls-cert/testdata/", $f))
    };
}

pub const ROOT: &[u8] = td!("root-ca.der");
pub const OTHER_ROOT: &[u8] = td!("other-root-ca.der");
pub const INT: &[u8] = td!("int-ca.der");
pub const INT2: &[u8] = td!("int2-ca.der");
pub const INT_ED25519: &[u8] = td!("int-ed25519-ca.der");
pub const LEAF_P256: &[u8] = td!("leaf-p256.der");
pub const LEAF_DIRECT: &[u8] = td!("leaf-direct.der");
pub const LEAF_TWO_INT: &[u8] = td!("leaf-two-int.der");
pub const LEAF_ED25519: &[u8] = td!("leaf-ed25519.der");
pub const LEAF_RSA2048: &[u8] = td!("leaf-rsa2048.der");
pub const LEAF_RSA2048_KEY_PEM: &str =
    include_str!("../../../tls-cert/testdata/leaf-rsa2048.key.pem");
pub const CLIENT_P256: &[u8] = td!("client-p256.der");

pub const LEAF_UNKNOWN_ISSUER: &[u8] = td!("leaf-unknown-issuer.der");
pub const INT_NOT_CA: &[u8] = td!("int-not-ca.der");
pub const LEAF_UNDER_NOT_CA: &[u8] = td!("leaf-under-not-ca.der");
pub const INT_PATHLEN0: &[u8] = td!("int-pathlen0-ca.der");
pub const INT_UNDER_PATHLEN0: &[u8] = td!("int-under-pathlen0-ca.der");
pub const LEAF_PATHLEN: &[u8] = td!("leaf-pathlen.der");
pub const INT_NO_CERTSIGN: &[u8] = td!("int-no-certsign-ca.der");
pub const LEAF_UNDER_NO_CERTSIGN: &[u8] = td!("leaf-under-no-certsign.der");
pub const LEAF_EXPIRED: &[u8] = td!("leaf-expired.der");
pub const LEAF_CRITICAL_UNKNOWN: &[u8] = td!("leaf-critical-unknown.der");
pub const LEAF_BAD_SIGNATURE: &[u8] = td!("leaf-bad-signature.der");

pub fn p256(raw: &[u8]) -> EcdsaP256Signer {
    EcdsaP256Signer::from_bytes(raw).unwrap()
}

pub fn leaf_p256_signer() -> EcdsaP256Signer {
    p256(td!("leaf-p256.key.raw"))
}
pub fn leaf_direct_signer() -> EcdsaP256Signer {
    p256(td!("leaf-direct.key.raw"))
}
pub fn leaf_two_int_signer() -> EcdsaP256Signer {
    p256(td!("leaf-two-int.key.raw"))
}
pub fn client_p256_signer() -> EcdsaP256Signer {
    p256(td!("client-p256.key.raw"))
}
pub fn leaf_ed25519_signer() -> Ed25519Signer {
    Ed25519Signer::from_seed(td!("leaf-ed25519.key.raw"))
}

/// A server identity: chain (leaf first) and signer.
pub struct Id {
    pub chain: Vec<&'static [u8]>,
    pub signer: Box<dyn Signer>,
}

impl Id {
    pub fn identity(&self) -> tls_handshake::Identity<'_> {
        tls_handshake::Identity {
            chain: &self.chain,
            signer: &*self.signer,
        }
    }
}

pub fn p256_one_level() -> Id {
    Id {
        chain: vec![LEAF_DIRECT],
        signer: Box::new(leaf_direct_signer()),
    }
}
pub fn p256_chain() -> Id {
    Id {
        chain: vec![LEAF_P256, INT],
        signer: Box::new(leaf_p256_signer()),
    }
}
pub fn p256_two_level() -> Id {
    Id {
        chain: vec![LEAF_TWO_INT, INT2, INT],
        signer: Box::new(leaf_two_int_signer()),
    }
}
pub fn ed25519_chain() -> Id {
    Id {
        chain: vec![LEAF_ED25519, INT_ED25519],
        signer: Box::new(leaf_ed25519_signer()),
    }
}
pub fn rsa2048_chain() -> Id {
    Id {
        chain: vec![LEAF_RSA2048, INT],
        signer: Box::new(super::rsa_signer::RsaPssSigner::from_pem(
            LEAF_RSA2048_KEY_PEM,
        )),
    }
}
pub fn client_identity() -> Id {
    Id {
        chain: vec![CLIENT_P256, INT],
        signer: Box::new(client_p256_signer()),
    }
}
/// A chain whose leaf is signed by the P-256 key of leaf-p256 (for "wrong chain" cases the
/// signer does not matter: the chain check fails first).
pub fn with_leaf(chain: Vec<&'static [u8]>) -> Id {
    Id {
        chain,
        signer: Box::new(leaf_p256_signer()),
    }
}
