//! After the handshake: KeyUpdate both ways (RFC 8446 §4.6.3) and, on the client,
//! NewSessionTicket (RFC 8446 §4.6.1).

use crate::emit;
use crate::key_schedule::{FinishedVerified, TrafficSecret};
use crate::keys::{install_read, install_write};
use crate::output::{Event, KeyLevel, Output};
use crate::suite::Suite;
use crate::{Error, Result};
use tls_codec::enums::{HandshakeType, KeyUpdateRequest};
use tls_codec::{Codec, HandshakeMessage, KeyUpdate};
use tls_crypto::CryptoProvider;

/// RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)".
const MAX_TICKET_LIFETIME: u32 = 604_800;

/// The application traffic secrets of a completed handshake; wiped on drop (each
/// [`TrafficSecret`] wipes itself).
pub(crate) struct Connected {
    suite: Suite,
    /// Our current sending secret.
    write: TrafficSecret,
    /// The peer's current sending secret.
    read: TrafficSecret,
}

impl Connected {
    /// Only a verified peer Finished leads here.
    pub(crate) fn new(
        suite: Suite,
        write: TrafficSecret,
        read: TrafficSecret,
        _proof: FinishedVerified,
    ) -> Self {
        Self { suite, write, read }
    }

    /// A post-handshake message. `is_client` allows NewSessionTicket.
    pub(crate) fn handle<P: CryptoProvider>(
        &mut self,
        provider: &P,
        msg: &HandshakeMessage<'_>,
        is_client: bool,
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
            HandshakeMessage::NewSessionTicket(t) if is_client => {
                if t.ticket_lifetime > MAX_TICKET_LIFETIME {
                    return Err(Error::IllegalParameter);
                }
                out.event(Event::NewSessionTicket {
                    lifetime: t.ticket_lifetime,
                    age_add: t.ticket_age_add,
                    nonce: t.ticket_nonce,
                    ticket: t.ticket,
                    max_early_data: t.extensions.early_data.unwrap_or(0),
                });
                Ok(())
            }
            // Post-handshake authentication was never offered (RFC 8446 §4.6.2), and no other
            // handshake message may follow the Finished messages.
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
