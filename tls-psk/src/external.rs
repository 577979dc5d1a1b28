//! External (out-of-band) pre-shared keys and their early-data settings (RFC 8446 §2.2,
//! §4.2.10, §4.2.11; s2n-tls "Pre-shared Keys").

use crate::bytes::Hex;
use crate::{
    suite_hash, Error, Result, MAX_ALPN_LEN, MAX_EARLY_DATA_CONTEXT_LEN, MAX_IDENTITY_LEN,
};
use tls_codec::enums::CipherSuite;
use tls_crypto::HashAlgorithm;

/// Which kind of PSK a connection offers or accepts (`s2n_config_set_psk_mode`).
///
/// The two are separate: a connection in [`PskMode::Resumption`] never uses the external PSKs
/// of its config, and one in [`PskMode::External`] neither issues nor accepts tickets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PskMode {
    /// Session tickets from an earlier connection (the default, as in s2n-tls).
    #[default]
    Resumption,
    /// PSKs provisioned out of band ([`ExternalPsk`]).
    External,
}

/// Early-data settings bound to an external PSK (`s2n_psk_configure_early_data`,
/// `s2n_psk_set_application_protocol`, `s2n_psk_set_early_data_context`).
///
/// Early data with an external PSK must use exactly this suite and ALPN protocol
/// (RFC 8446 §4.2.10): both sides must have provisioned the same values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PskEarlyData<'a> {
    /// The most early data the client may send under this PSK; 0 disables it.
    pub max_early_data: u32,
    /// The cipher suite early data is protected with; its hash must be the PSK's.
    pub suite: CipherSuite,
    /// The ALPN protocol early data belongs to, if any (1 to [`MAX_ALPN_LEN`] bytes).
    pub alpn: Option<&'a [u8]>,
    /// An application-defined context shown to the server's early-data callback (at most
    /// [`MAX_EARLY_DATA_CONTEXT_LEN`] bytes).
    pub context: &'a [u8],
}

impl<'a> PskEarlyData<'a> {
    /// Settings for up to `max_early_data` bytes under `suite`, no ALPN, empty context.
    #[must_use]
    pub const fn new(max_early_data: u32, suite: CipherSuite) -> Self {
        Self {
            max_early_data,
            suite,
            alpn: None,
            context: &[],
        }
    }

    /// Checks the lengths of the ALPN name and the context.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if the ALPN name is empty or over [`MAX_ALPN_LEN`], or the
    /// context is over [`MAX_EARLY_DATA_CONTEXT_LEN`].
    pub fn validate(&self) -> Result<()> {
        if let Some(alpn) = self.alpn {
            if alpn.is_empty() || alpn.len() > MAX_ALPN_LEN {
                return Err(Error::InvalidValue);
            }
        }
        if self.context.len() > MAX_EARLY_DATA_CONTEXT_LEN {
            return Err(Error::InvalidValue);
        }
        Ok(())
    }
}

/// An external PSK (`s2n_external_psk_new`, `s2n_psk_set_identity`, `s2n_psk_set_secret`,
/// `s2n_psk_set_hmac`). Borrowed: the caller owns (and wipes) the secret.
///
/// Both roles list PSKs in preference order; the first is preferred. `Debug` does not show
/// the secret.
///
/// ```
/// use tls_psk::ExternalPsk;
/// use tls_crypto::HashAlgorithm;
///
/// let psk = ExternalPsk::new(b"device-42", &[0x5a; 32], HashAlgorithm::Sha256)?;
/// assert!(!format!("{psk:?}").contains("5a5a"));
/// # Ok::<(), tls_psk::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ExternalPsk<'a> {
    /// The identity sent in the ClientHello (1 to [`MAX_IDENTITY_LEN`] bytes).
    pub identity: &'a [u8],
    /// The secret (the PSK input to the early secret, RFC 8446 §7.1). Not empty.
    pub secret: &'a [u8],
    /// The hash of the PSK: only suites with this hash can use it (RFC 8446 §4.2.11).
    /// SHA-256 by default in s2n-tls.
    pub hash: HashAlgorithm,
    /// Early-data settings; `None` means no 0-RTT with this PSK.
    pub early_data: Option<PskEarlyData<'a>>,
}

impl<'a> ExternalPsk<'a> {
    /// A PSK without early data.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if the identity is empty or over [`MAX_IDENTITY_LEN`], or the
    /// secret is empty.
    pub fn new(identity: &'a [u8], secret: &'a [u8], hash: HashAlgorithm) -> Result<Self> {
        let psk = Self {
            identity,
            secret,
            hash,
            early_data: None,
        };
        psk.validate()?;
        Ok(psk)
    }

    /// The same PSK with early data allowed under `early_data`.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `early_data` is invalid or its suite's hash is not the PSK's.
    pub fn with_early_data(mut self, early_data: PskEarlyData<'a>) -> Result<Self> {
        self.early_data = Some(early_data);
        self.validate()?;
        Ok(self)
    }

    /// Checks every field (for PSKs built with a struct literal).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if the identity is empty or over [`MAX_IDENTITY_LEN`], the
    /// secret is empty, or the early-data settings are invalid or use a suite whose hash is
    /// not [`ExternalPsk::hash`] (or that Wren does not know).
    pub fn validate(&self) -> Result<()> {
        if self.identity.is_empty() || self.identity.len() > MAX_IDENTITY_LEN {
            return Err(Error::InvalidValue);
        }
        if self.secret.is_empty() {
            return Err(Error::InvalidValue);
        }
        if let Some(ed) = &self.early_data {
            ed.validate()?;
            if suite_hash(ed.suite) != Some(self.hash) {
                return Err(Error::InvalidValue);
            }
        }
        Ok(())
    }

    /// The most early data this PSK allows (0 when it has no early-data settings).
    #[must_use]
    pub fn max_early_data(&self) -> u32 {
        self.early_data.map_or(0, |ed| ed.max_early_data)
    }

    /// The first PSK in `psks` whose identity is `identity` (server-side lookup of an offered
    /// identity; identities are public, so the comparison need not be constant time).
    #[must_use]
    pub fn find<'p>(psks: &'p [ExternalPsk<'a>], identity: &[u8]) -> Option<(usize, &'p Self)> {
        psks.iter()
            .enumerate()
            .find(|(_, p)| p.identity == identity)
    }
}

impl core::fmt::Debug for ExternalPsk<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ExternalPsk")
            .field("identity", &Hex(self.identity))
            .field(
                "secret",
                &format_args!("<{} bytes, redacted>", self.secret.len()),
            )
            .field("hash", &self.hash)
            .field("early_data", &self.early_data)
            .finish()
    }
}
