//! The connection's configuration: built once, borrowed by every connection (`&'a Config`), so
//! the borrow checker enforces s2n-tls's rule that a config in use does not change.

use core::cell::RefCell;
use tls_crypto::{CryptoProvider, Rng, RustCrypto};
use tls_handshake::{ClientAuth, Identity, SecurityPolicy, Verification};

/// A random source that many connections share through `&self`: an MCU's RNG peripheral, the
/// operating system's generator, or a [`RefCellRng`] around any [`tls_crypto::Rng`].
pub trait ConfigRng {
    /// Fills `dest` with random bytes.
    ///
    /// # Errors
    /// [`tls_crypto::Error::Rng`] when the source fails; the handshake then fails with
    /// `internal_error`.
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error>;
}

/// Shares a `&mut`-style [`tls_crypto::Rng`] through a [`RefCell`] (single-threaded use, the
/// common case on a microcontroller).
#[derive(Debug)]
pub struct RefCellRng<R: Rng>(RefCell<R>);

impl<R: Rng> RefCellRng<R> {
    /// Wraps `rng`.
    pub const fn new(rng: R) -> Self {
        Self(RefCell::new(rng))
    }

    /// Gives the wrapped generator back.
    pub fn into_inner(self) -> R {
        self.0.into_inner()
    }
}

impl<R: Rng> ConfigRng for RefCellRng<R> {
    /// # Errors
    /// [`tls_crypto::Error::Rng`] if the generator is already borrowed (re-entrant use) or
    /// fails.
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error> {
        let mut rng = self
            .0
            .try_borrow_mut()
            .map_err(|_| tls_crypto::Error::Rng)?;
        rng.fill(dest)
    }
}

/// The operating system's generator (`getrandom`); for host tools and tests.
#[cfg(feature = "std")]
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRng;

#[cfg(feature = "std")]
impl ConfigRng for OsRng {
    /// # Errors
    /// [`tls_crypto::Error::Rng`] if the operating system's generator fails.
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error> {
        getrandom::getrandom(dest).map_err(|_| tls_crypto::Error::Rng)
    }
}

/// Adapts a shared [`ConfigRng`] to the `&mut self` [`Rng`] the handshake takes.
pub(crate) struct SharedRng<'a>(pub(crate) &'a dyn ConfigRng);

impl Rng for SharedRng<'_> {
    fn fill(&mut self, dest: &mut [u8]) -> tls_crypto::Result<()> {
        self.0.fill(dest)
    }
}

/// Which side of the handshake a connection plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Sends the ClientHello.
    Client,
    /// Answers it.
    Server,
}

/// Everything a connection needs that does not change per connection.
pub struct Config<'a, P: CryptoProvider = RustCrypto> {
    /// The handshake's settings: provider, policy, ALPN, trust anchors, verification, identity.
    pub handshake: tls_handshake::Config<'a, P>,
    /// The random source.
    pub rng: &'a dyn ConfigRng,
    /// Wall-clock source (seconds since the Unix epoch) for certificate validity; `None`: the
    /// validity period is not checked (a device without a trusted clock).
    pub unix_time: Option<fn() -> u64>,
}

impl<'a, P: CryptoProvider> Config<'a, P> {
    /// A config with the default policy (`default_tls13`), full verification against
    /// `trust_anchors` (DER certificates), no ALPN, no identity, no clock.
    ///
    /// ```
    /// use wren_tls::{Config, RefCellRng};
    /// use tls_crypto::{RustCrypto, TestRng};
    /// let rng = RefCellRng::new(TestRng::new([1; 32]));
    /// let config: Config<'_> = Config::new(&RustCrypto, &rng, &[]);
    /// assert!(config.unix_time.is_none());
    /// ```
    #[must_use]
    pub const fn new(
        provider: &'a P,
        rng: &'a dyn ConfigRng,
        trust_anchors: &'a [&'a [u8]],
    ) -> Self {
        Self {
            handshake: tls_handshake::Config::new(provider, trust_anchors),
            rng,
            unix_time: None,
        }
    }

    /// With security policy `policy`.
    #[must_use]
    pub const fn with_policy(mut self, policy: &'a SecurityPolicy) -> Self {
        self.handshake.policy = policy;
        self
    }

    /// With ALPN protocols, most preferred first.
    #[must_use]
    pub const fn with_alpn(mut self, alpn: &'a [&'a [u8]]) -> Self {
        self.handshake.alpn = alpn;
        self
    }

    /// With our certificate chain and signing key (required for a server).
    #[must_use]
    pub const fn with_identity(mut self, identity: Identity<'a>) -> Self {
        self.handshake.identity = Some(identity);
        self
    }

    /// With how the peer's certificate is checked.
    #[must_use]
    pub const fn with_verification(mut self, verification: Verification<'a>) -> Self {
        self.handshake.verification = verification;
        self
    }

    /// Server side: whether to ask for a client certificate.
    #[must_use]
    pub const fn with_client_auth(mut self, client_auth: ClientAuth) -> Self {
        self.handshake.client_auth = client_auth;
        self
    }

    /// Client side: middlebox compatibility mode on or off (on by default).
    #[must_use]
    pub const fn with_middlebox_compat(mut self, on: bool) -> Self {
        self.handshake.middlebox_compat = on;
        self
    }

    /// With a wall clock (seconds since the Unix epoch) for certificate validity.
    #[must_use]
    pub const fn with_unix_time(mut self, unix_time: fn() -> u64) -> Self {
        self.unix_time = Some(unix_time);
        self
    }
}
