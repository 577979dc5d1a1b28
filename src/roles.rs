//! Building the role's handshake state machine from the config.

use crate::config::Config;
use crate::error::{Code, Error};
use crate::machine::Handshake;
use tls_crypto::CryptoProvider;

/// The client's handshake for `server_name`.
#[cfg(feature = "client")]
pub(crate) fn client<'c, P: CryptoProvider>(
    config: &'c Config<'c, P>,
    server_name: Option<&str>,
) -> Result<Handshake<'c, P>, Error> {
    tls_handshake::ClientHandshake::new(&config.handshake, server_name)
        .map(Handshake::Client)
        .map_err(|e| Error::new(Code::Handshake(e)))
}

/// The server's handshake.
#[cfg(feature = "server")]
pub(crate) fn server<'c, P: CryptoProvider>(
    config: &'c Config<'c, P>,
) -> Result<Handshake<'c, P>, Error> {
    tls_handshake::ServerHandshake::new(&config.handshake)
        .map(Handshake::Server)
        .map_err(|e| Error::new(Code::Handshake(e)))
}
