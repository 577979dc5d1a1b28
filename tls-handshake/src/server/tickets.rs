//! The server's NewSessionTickets (RFC 8446 §4.6.1), sealed with the ticket keys.

use crate::config::Config;
use crate::connected::Connected;
use crate::emit;
use crate::negotiated::Negotiated;
use crate::output::{Env, Output};
use crate::Result;
use tls_codec::enums::{CipherSuite, HandshakeType};
use tls_codec::extensions::NewSessionTicketExtensions;
use tls_codec::{Codec, NewSessionTicket};
use tls_crypto::CryptoProvider;
use tls_psk::{
    seal_ticket, TicketState, MAX_SEALED_TICKET_LEN, MAX_TICKET_LIFETIME_S, TICKET_ID_LEN,
};

/// Milliseconds per second.
const MS_PER_S: u64 = 1000;

/// Sends one NewSessionTicket; `Ok(false)` when none can be issued: no ticket key in its
/// encrypt window, or the keying material (from `auth_ms`) too old for any lifetime.
///
/// The ticket carries a fresh random `ticket_age_add` and ticket id, the resumption PSK for
/// its nonce, the original authentication time, the ALPN protocol and server name, and the
/// early-data limit when 0-RTT is on (and, with anti-replay, a store to make tickets single
/// use). Its lifetime is the config's, cut to what is left of the keying-material lifetime.
/// The sealed ticket is built in a [`MAX_SEALED_TICKET_LEN`]-byte stack buffer.
pub(super) fn send_ticket<P: CryptoProvider>(
    config: &Config<'_, P>,
    info: &Negotiated,
    auth_ms: Option<u64>,
    c: &mut Connected,
    out: &mut dyn Output,
    env: &mut Env<'_>,
) -> Result<bool> {
    let t = &config.tickets;
    let p = config.provider;
    let now = env.now_ms;
    if t.keys.is_empty() {
        return Ok(false);
    }
    let auth_ms = auth_ms.unwrap_or(now);
    let left_ms = auth_ms
        .saturating_add(t.keying_material_lifetime_ms)
        .saturating_sub(now);
    let left_s = u32::try_from(left_ms / MS_PER_S).unwrap_or(u32::MAX);
    let lifetime_s = t.ticket_lifetime_s.min(MAX_TICKET_LIFETIME_S).min(left_s);
    if lifetime_s == 0 {
        return Ok(false);
    }
    let ed = &config.early_data;
    let max_early_data = if ed.max_early_data > 0 && (!ed.anti_replay || ed.replay_store.is_some())
    {
        ed.max_early_data
    } else {
        0
    };
    let (nonce, psk) = c.next_ticket_psk(p)?;
    let mut age_add = [0u8; 4];
    env.rng.fill(&mut age_add)?;
    let age_add = u32::from_be_bytes(age_add);
    let mut sealed = [0u8; MAX_SEALED_TICKET_LEN];
    let terms = Terms {
        suite: c.suite().suite,
        lifetime_s,
        age_add,
        auth_ms,
        max_early_data,
    };
    let Some(len) = seal_state(config, info, psk, &terms, &mut sealed, env)? else {
        return Ok(false);
    };
    let nst = NewSessionTicket {
        ticket_lifetime: lifetime_s,
        ticket_age_add: age_add,
        ticket_nonce: &nonce,
        ticket: sealed.get(..len).unwrap_or(&[]),
        extensions: NewSessionTicketExtensions {
            early_data: (max_early_data > 0).then_some(max_early_data),
            ..NewSessionTicketExtensions::default()
        },
    };
    // Post-handshake messages are not part of the transcript.
    emit::send(
        out,
        HandshakeType::NEW_SESSION_TICKET,
        &|w| nst.encode(w),
        0,
        &mut |_| {},
    )?;
    Ok(true)
}

/// A ticket's terms, for [`seal_state`].
struct Terms {
    suite: CipherSuite,
    lifetime_s: u32,
    age_add: u32,
    auth_ms: u64,
    max_early_data: u32,
}

/// The ticket's state (with a fresh ticket id), sealed into `sealed`: its length, or `None`
/// without a key to encrypt with. In a frame of its own, so the state is not under the
/// NewSessionTicket's writing.
#[inline(never)]
fn seal_state<P: CryptoProvider>(
    config: &Config<'_, P>,
    info: &Negotiated,
    psk: tls_crypto::Secret,
    terms: &Terms,
    sealed: &mut [u8; MAX_SEALED_TICKET_LEN],
    env: &mut Env<'_>,
) -> Result<Option<usize>> {
    let t = &config.tickets;
    let now = env.now_ms;
    let mut ticket_id = [0u8; TICKET_ID_LEN];
    env.rng.fill(&mut ticket_id)?;
    let mut state = TicketState::new(
        terms.suite,
        psk,
        ticket_id,
        now,
        terms.lifetime_s,
        terms.age_add,
    )?;
    state.set_auth_ms(terms.auth_ms);
    state.set_early_data(terms.max_early_data, config.early_data.context)?;
    state.set_alpn(info.alpn.as_ref().map(|a| a.as_bytes()))?;
    state.set_server_name(info.server_name.as_ref().map(|n| n.as_bytes()))?;
    match seal_ticket(
        config.provider,
        t.keys,
        &t.lifetimes,
        now,
        env.rng,
        &state,
        sealed,
    ) {
        Ok(len) => Ok(Some(len)),
        Err(tls_psk::Error::NoEncryptKey) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
