//! Building the role's handshake state machine from the config.

use crate::config::Config;
use crate::error::{Code, Error};
use crate::machine::Handshake;
use tls_crypto::CryptoProvider;
use tls_handshake::{ClientHandshake, ServerHandshake};

/// The client's handshake for `server_name`.
pub(crate) fn client<'c, P: CryptoProvider>(
    config: &'c Config<'c, P>,
    server_name: Option<&str>,
) -> Result<Handshake<'c, P>, Error> {
    ClientHandshake::new(&config.handshake, server_name)
        .map(Handshake::Client)
        .map_err(|e| Error::new(Code::Handshake(e)))
}

/// The server's handshake.
pub(crate) fn server<'c, P: CryptoProvider>(
    config: &'c Config<'c, P>,
) -> Result<Handshake<'c, P>, Error> {
    ServerHandshake::new(&config.handshake)
        .map(Handshake::Server)
        .map_err(|e| Error::new(Code::Handshake(e)))
}
