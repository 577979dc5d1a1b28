//! After the handshake: KeyUpdate both ways (RFC 8446 §4.6.3) and NewSessionTicket
//! (RFC 8446 §4.6.1): issued by the server, turned into a [`Session`] by the client.

use crate::emit;
use crate::key_schedule::{FinishedVerified, ResumptionMasterSecret, TrafficSecret};
use crate::keys::{install_read, install_write};
#[cfg(feature = "client")]
use crate::negotiated::Negotiated;
use crate::output::{Event, KeyLevel, Output};
use crate::suite::Suite;
use crate::{Error, Result};
use tls_codec::enums::{HandshakeType, KeyUpdateRequest};
#[cfg(feature = "client")]
use tls_codec::NewSessionTicket;
use tls_codec::{Codec, HandshakeMessage, KeyUpdate};
use tls_crypto::CryptoProvider;
#[cfg(feature = "client")]
use tls_psk::Session;

/// The application traffic secrets of a completed handshake, and the resumption master
/// secret; wiped on drop (each secret wipes itself).
pub(crate) struct Connected {
    suite: Suite,
    /// Our current sending secret.
    write: TrafficSecret,
    /// The peer's current sending secret.
    read: TrafficSecret,
    /// `resumption_master_secret` (RFC 8446 §7.1): each ticket's PSK derives from it.
    resumption: Option<ResumptionMasterSecret>,
    /// Server: the next ticket_nonce (RFC 8446 §4.6.1: unique per ticket on a connection).
    #[cfg(feature = "server")]
    next_nonce: u64,
}

impl Connected {
    /// Only a verified peer Finished leads here.
    pub(crate) fn new(
        suite: Suite,
        write: TrafficSecret,
        read: TrafficSecret,
        _proof: FinishedVerified,
    ) -> Self {
        Self {
            suite,
            write,
            read,
            resumption: None,
            #[cfg(feature = "server")]
            next_nonce: 0,
        }
    }

    /// With the resumption master secret (tickets).
    pub(crate) fn with_resumption(mut self, resumption: ResumptionMasterSecret) -> Self {
        self.resumption = Some(resumption);
        self
    }

    /// The suite.
    #[cfg(feature = "server")]
    pub(crate) fn suite(&self) -> Suite {
        self.suite
    }

    /// Server: the PSK and nonce of the next ticket (RFC 8446 §4.6.1:
    /// `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)`).
    #[cfg(feature = "server")]
    pub(crate) fn next_ticket_psk<P: CryptoProvider>(
        &mut self,
        provider: &P,
    ) -> Result<([u8; 8], tls_crypto::Secret)> {
        let res = self.resumption.as_ref().ok_or(Error::InvalidState)?;
        let nonce = self.next_nonce.to_be_bytes();
        self.next_nonce = self.next_nonce.checked_add(1).ok_or(Error::InvalidState)?;
        Ok((nonce, res.resumption_psk(provider, &nonce)?))
    }

    /// Client: the [`Session`] a NewSessionTicket makes (RFC 8446 §4.6.1), lent to `f`
    /// (built in place in [`Session::new_with`]'s frame, never moved); `None` if the ticket is
    /// too long to store or the lifetime is 0 ("discarded immediately").
    #[cfg(feature = "client")]
    pub(crate) fn with_session<P: CryptoProvider, R>(
        &self,
        provider: &P,
        t: &NewSessionTicket<'_>,
        now_ms: u64,
        info: &Negotiated,
        f: impl FnOnce(Option<&Session>) -> R,
    ) -> Result<R> {
        let Some(res) = &self.resumption else {
            return Ok(f(None));
        };
        if t.ticket.len() > tls_psk::MAX_TICKET_LEN || t.ticket_lifetime == 0 {
            return Ok(f(None));
        }
        let psk = res.resumption_psk(provider, t.ticket_nonce)?;
        Session::new_with(
            self.suite.suite,
            psk,
            t.ticket,
            t.ticket_lifetime,
            t.ticket_age_add,
            now_ms,
            |s| {
                s.set_max_early_data(t.extensions.early_data.unwrap_or(0));
                s.set_alpn(info.alpn.as_ref().map(|a| a.as_bytes()))?;
                s.set_server_name(info.server_name.as_ref().map(|n| n.as_bytes()))?;
                Ok(f(Some(s)))
            },
        )?
    }

    /// A post-handshake message other than a client's NewSessionTicket.
    pub(crate) fn handle<P: CryptoProvider>(
        &mut self,
        provider: &P,
        msg: &HandshakeMessage<'_>,
        out: &mut dyn Output,
    ) -> Result<()> {
        match msg {
            HandshakeMessage::KeyUpdate(ku) => {
                // RFC 8446 §7.2: application_traffic_secret_N+1.
                self.read = self.read.next(provider)?;
                install_read(provider, out, self.suite, KeyLevel::Application, &self.read)?;
                out.event(Event::PeerKeyUpdated);
                // RFC 8446 §4.6.3: on update_requested, answer with our own KeyUpdate
                // (update_not_requested) before sending more application data.
                if ku.request == KeyUpdateRequest::UPDATE_REQUESTED {
                    self.send_key_update(provider, false, out)?;
                }
                Ok(())
            }
            // Post-handshake authentication was never offered (RFC 8446 §4.6.2), a server
            // receives no tickets, and no other handshake message may follow the Finished
            // messages.
            _ => Err(Error::UnexpectedMessage),
        }
    }

    /// Sends a KeyUpdate and switches our write keys (RFC 8446 §4.6.3): the message itself
    /// goes out under the old keys.
    pub(crate) fn send_key_update<P: CryptoProvider>(
        &mut self,
        provider: &P,
        request_peer: bool,
        out: &mut dyn Output,
    ) -> Result<()> {
        let ku = KeyUpdate {
            request: if request_peer {
                KeyUpdateRequest::UPDATE_REQUESTED
            } else {
                KeyUpdateRequest::UPDATE_NOT_REQUESTED
            },
        };
        // KeyUpdate is not part of the transcript.
        emit::send(
            out,
            HandshakeType::KEY_UPDATE,
            &|w| ku.encode(w),
            0,
            &mut |_| {},
        )?;
        self.write = self.write.next(provider)?;
        install_write(
            provider,
            out,
            self.suite,
            KeyLevel::Application,
            &self.write,
        )
    }
}
