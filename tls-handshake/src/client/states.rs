//! The client's states and their transitions (RFC 8446 §4.1 - §4.4).

use super::ClientHandshake;
use crate::auth::{
    send_certificate_verify, verify_certificate_verify, verify_peer_chain, CertificateVerified,
    PeerKey, Signed,
};
use crate::config::Verification;
use crate::connected::Connected;
use crate::emit;
use crate::keys::{install_read, install_write, HandshakeKeys};
use crate::negotiate::{alpn_names, kx_group, our_scheme, LEGACY_VERSION};
use crate::negotiated::FixedBytes;
use crate::output::{Env, Event, KeyLevel, Output};
use crate::suite::Suite;
use crate::transcript::{Transcript, TranscriptStart};
use crate::{Error, Result};
use tls_cert::{NameCheck, Purpose};
use tls_codec::client_hello::RANDOM_LEN;
use tls_codec::enums::{CipherSuite, HandshakeType, NamedGroup, ProtocolVersion, SignatureScheme};
use tls_codec::extensions::{ClientHelloExtensions, Cookie, KeyShareEntry, ServerName};
use tls_codec::{
    Certificate, CertificateRequest, CertificateVerify, ClientHello, Codec, EncryptedExtensions,
    Finished, HelloRetryRequest, List, ServerHello,
};
use tls_crypto::{CryptoProvider, KeyExchange};

/// Length of the random legacy_session_id of middlebox compatibility mode (RFC 8446 §D.4).
const COMPAT_SESSION_ID_LEN: usize = 32;

/// The ClientHello's hash before the suite is known, or after a HelloRetryRequest named it.
enum ClientTranscript<P: CryptoProvider> {
    Start(TranscriptStart<P::Hash>),
    Known(Transcript<P::Hash>),
}

impl<P: CryptoProvider> ClientTranscript<P> {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Start(t) => t.update(bytes),
            Self::Known(t) => t.update(bytes),
        }
    }

    fn into_transcript(self, suite: Suite) -> Result<Transcript<P::Hash>> {
        match self {
            Self::Start(t) => t.into_transcript(suite.hash),
            Self::Known(t) if t.algorithm() == suite.hash => Ok(t),
            // RFC 8446 §4.1.4: the ServerHello's suite must be the HelloRetryRequest's.
            Self::Known(_) => Err(Error::IllegalParameter),
        }
    }
}

/// The ClientHello fields that stay the same in ClientHello2 (RFC 8446 §4.1.2).
struct HelloParams {
    random: [u8; RANDOM_LEN],
    session_id: [u8; COMPAT_SESSION_ID_LEN],
    session_id_len: usize,
}

impl HelloParams {
    fn session_id(&self) -> &[u8] {
        self.session_id.get(..self.session_id_len).unwrap_or(&[])
    }
}

/// ClientHello sent; waiting for a ServerHello or a HelloRetryRequest.
pub(super) struct ExpectServerHello<P: CryptoProvider> {
    kx: P::KeyExchange,
    group: NamedGroup,
    transcript: ClientTranscript<P>,
    hello: HelloParams,
    /// The suite of the HelloRetryRequest, once one was received.
    retried: Option<Suite>,
}

/// Waiting for EncryptedExtensions (RFC 8446 §4.3.1).
pub(super) struct ExpectEncryptedExtensions<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
}

/// Waiting for a CertificateRequest or the server's Certificate.
pub(super) struct ExpectCertificateOrRequest<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
}

/// What we answer a CertificateRequest with (RFC 8446 §4.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ClientCertificate {
    /// No CertificateRequest: no Certificate from us.
    NotRequested,
    /// Asked, but we have no identity usable with the server's schemes: empty Certificate.
    Empty,
    /// Our chain and a CertificateVerify under this scheme.
    Send(SignatureScheme),
}

/// CertificateRequest received; waiting for the server's Certificate.
pub(super) struct ExpectCertificate<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    ours: ClientCertificate,
}

/// The server's chain verified; waiting for its CertificateVerify.
pub(super) struct ExpectCertificateVerify<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    ours: ClientCertificate,
    server_key: PeerKey,
}

/// The server proved its key; waiting for its Finished.
pub(super) struct ExpectFinished<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    ours: ClientCertificate,
    _verified: CertificateVerified,
}

/// RFC 8446 §4.2.1: a ServerHello or HelloRetryRequest without supported_versions comes from
/// a server that cannot do TLS 1.3; one that selects anything but TLS 1.3 is illegal.
fn check_selected_version(v: Option<ProtocolVersion>) -> Result<()> {
    match v {
        None => Err(Error::ProtocolVersion),
        Some(ProtocolVersion::TLS_1_3) => Ok(()),
        Some(_) => Err(Error::IllegalParameter),
    }
}

/// Encodes and sends a ClientHello for the current key share (RFC 8446 §4.1.2).
fn send_client_hello<P: CryptoProvider>(
    hs: &ClientHandshake<'_, P>,
    hello: &HelloParams,
    group: NamedGroup,
    public_key: &[u8],
    cookie: Option<Cookie<'_>>,
    out: &mut dyn Output,
    absorb: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    let config = hs.config;
    let policy = config.policy;
    let (names, n) = alpn_names(config.alpn)?;
    let alpn = names.get(..n).unwrap_or(&[]);
    let name = hs.info.server_name.as_ref().and_then(|n| n.as_str());
    let sni_name = match name.map(tls_cert::ServerName::parse) {
        Some(Ok(tls_cert::ServerName::Dns(d))) => Some(d),
        _ => None,
    };
    let sni = sni_name.map(|d| [ServerName::host_name(d.as_bytes())]);
    let share = [KeyShareEntry {
        group,
        key_exchange: public_key,
    }];
    let extensions = ClientHelloExtensions {
        server_name: sni.as_ref().map(|s| List::Items(s)),
        supported_groups: Some(List::Items(policy.groups)),
        signature_algorithms: Some(List::Items(policy.signature_schemes)),
        signature_algorithms_cert: Some(List::Items(policy.certificate_signature_schemes)),
        alpn: (!alpn.is_empty()).then_some(List::Items(alpn)),
        supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
        key_share: Some(List::Items(&share)),
        cookie,
        ..ClientHelloExtensions::default()
    };
    let ch = ClientHello {
        legacy_version: LEGACY_VERSION,
        random: &hello.random,
        legacy_session_id: hello.session_id(),
        cipher_suites: List::Items(policy.cipher_suites),
        // RFC 8446 §4.1.2: exactly one byte, the null method.
        legacy_compression_methods: &[0],
        extensions,
    };
    emit::send(
        out,
        HandshakeType::CLIENT_HELLO,
        &|w| ch.encode(w),
        0,
        absorb,
    )
}

impl<'c, P: CryptoProvider> ExpectServerHello<P> {
    /// Generates the key share and randoms and sends ClientHello1.
    pub(super) fn start(
        hs: &mut ClientHandshake<'c, P>,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<Self> {
        let config = hs.config;
        let mut random = [0u8; RANDOM_LEN];
        env.rng.fill(&mut random)?;
        let mut session_id = [0u8; COMPAT_SESSION_ID_LEN];
        let session_id_len = if config.middlebox_compat {
            // RFC 8446 §D.4: "the client MUST send a non-empty session ID": 32 random bytes.
            env.rng.fill(&mut session_id)?;
            COMPAT_SESSION_ID_LEN
        } else {
            0
        };
        // One share, for the policy's first group we implement; all groups listed.
        let (group, kx_alg) = config
            .policy
            .groups
            .iter()
            .find_map(|g| kx_group(*g).map(|k| (*g, k)))
            .ok_or(Error::InvalidConfig)?;
        let kx = config.provider.key_exchange(kx_alg, env.rng)?;
        let mut s = Self {
            kx,
            group,
            transcript: ClientTranscript::Start(TranscriptStart::new(config.provider)?),
            hello: HelloParams {
                random,
                session_id,
                session_id_len,
            },
            retried: None,
        };
        send_client_hello(
            hs,
            &s.hello,
            s.group,
            s.kx.public_key(),
            None,
            out,
            &mut |b| s.transcript.update(b),
        )?;
        Ok(s)
    }

    /// Checks the fields a ServerHello and a HelloRetryRequest share (RFC 8446 §4.1.3).
    fn check_common(
        &self,
        hs: &ClientHandshake<'c, P>,
        session_id_echo: &[u8],
        suite: CipherSuite,
        compression: u8,
    ) -> Result<Suite> {
        // "A client which receives a legacy_session_id_echo field that does not match what it
        // sent in the ClientHello MUST abort the handshake with an "illegal_parameter" alert."
        if session_id_echo != self.hello.session_id() {
            return Err(Error::IllegalParameter);
        }
        // legacy_compression_method "MUST have the value 0".
        if compression != 0 {
            return Err(Error::IllegalParameter);
        }
        // "A client which receives a cipher suite that was not offered MUST abort the
        // handshake with an "illegal_parameter" alert."
        if !hs.config.policy.cipher_suites.contains(&suite) {
            return Err(Error::IllegalParameter);
        }
        Suite::lookup(suite).ok_or(Error::IllegalParameter)
    }

    /// RFC 8446 §4.1.4: a HelloRetryRequest; answers with ClientHello2.
    pub(super) fn hello_retry_request(
        self,
        hs: &mut ClientHandshake<'c, P>,
        hrr: &HelloRetryRequest<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<Self> {
        // "If a client receives a second HelloRetryRequest in the same connection [...], it
        // MUST abort the handshake with an "unexpected_message" alert."
        if self.retried.is_some() {
            return Err(Error::UnexpectedMessage);
        }
        let x = &hrr.extensions;
        check_selected_version(x.supported_versions)?;
        let suite = self.check_common(
            hs,
            hrr.legacy_session_id_echo,
            hrr.cipher_suite,
            hrr.legacy_compression_method,
        )?;
        // RFC 8446 §4.2: only extensions we offered may come back.
        if x.first_unknown.is_some() {
            return Err(Error::UnsupportedExtension);
        }
        // "Clients MUST abort the handshake with an "illegal_parameter" alert if the
        // HelloRetryRequest would not result in any change in the ClientHello."
        if x.key_share.is_none() && x.cookie.is_none() {
            return Err(Error::IllegalParameter);
        }
        let config = hs.config;
        let Self {
            kx,
            group,
            transcript,
            hello,
            ..
        } = self;
        let (kx, group) = match x.key_share {
            Some(selected) => {
                // RFC 8446 §4.2.8: the selected group "MUST correspond to a group which was
                // provided in the "supported_groups" extension in the original ClientHello"
                // and "MUST NOT correspond to a group which was provided in the "key_share"
                // extension in the original ClientHello", else illegal_parameter.
                if selected == group || !config.policy.groups.contains(&selected) {
                    return Err(Error::IllegalParameter);
                }
                let alg = kx_group(selected).ok_or(Error::IllegalParameter)?;
                drop(kx);
                (config.provider.key_exchange(alg, env.rng)?, selected)
            }
            None => (kx, group),
        };
        // RFC 8446 §4.4.1: ClientHello1 is replaced by message_hash, then the HRR follows.
        let mut t = transcript.into_transcript(suite)?;
        t.replace_with_message_hash(config.provider)?;
        t.update(bytes);
        hs.info.hello_retry = true;
        // RFC 8446 §D.4: the dummy change_cipher_spec goes right before our second flight,
        // which here is ClientHello2.
        if hello.session_id_len > 0 && !hs.ccs_sent {
            out.send_change_cipher_spec()?;
            hs.ccs_sent = true;
        }
        send_client_hello(
            hs,
            &hello,
            group,
            kx.public_key(),
            x.cookie,
            out,
            &mut |b| t.update(b),
        )?;
        Ok(Self {
            kx,
            group,
            transcript: ClientTranscript::Known(t),
            hello,
            retried: Some(suite),
        })
    }

    /// RFC 8446 §4.1.3: the ServerHello; derives the handshake secrets.
    pub(super) fn server_hello(
        self,
        hs: &mut ClientHandshake<'c, P>,
        sh: &ServerHello<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<ExpectEncryptedExtensions<'c, P>> {
        let x = &sh.extensions;
        check_selected_version(x.supported_versions)?;
        let suite = self.check_common(
            hs,
            sh.legacy_session_id_echo,
            sh.cipher_suite,
            sh.legacy_compression_method,
        )?;
        // RFC 8446 §4.1.4: the ServerHello's suite must be the HelloRetryRequest's.
        if self.retried.is_some_and(|r| r != suite) {
            return Err(Error::IllegalParameter);
        }
        // RFC 8446 §4.2: no PSK was offered, and unknown extensions were never requested.
        if x.first_unknown.is_some() || x.pre_shared_key.is_some() {
            return Err(Error::UnsupportedExtension);
        }
        // RFC 8446 §4.2.8: without PSK the server must send a key share, in our group.
        let share = x.key_share.ok_or(Error::MissingExtension)?;
        if share.group != self.group {
            return Err(Error::IllegalParameter);
        }
        let config = hs.config;
        let Self { kx, transcript, .. } = self;
        let shared = kx.complete(share.key_exchange)?;
        let mut transcript = transcript.into_transcript(suite)?;
        transcript.update(bytes);
        let keys = HandshakeKeys::new(config.provider, suite, transcript, &shared)?;
        install_read(
            config.provider,
            out,
            suite,
            KeyLevel::Handshake,
            &keys.server,
        )?;
        hs.info.suite = Some(suite);
        hs.info.group = Some(share.group);
        Ok(ExpectEncryptedExtensions { keys })
    }
}

impl<'c, P: CryptoProvider> ExpectEncryptedExtensions<'c, P> {
    /// RFC 8446 §4.3.1.
    pub(super) fn encrypted_extensions(
        mut self,
        hs: &mut ClientHandshake<'c, P>,
        ee: &EncryptedExtensions<'_>,
        bytes: &[u8],
    ) -> Result<ExpectCertificateOrRequest<'c, P>> {
        self.keys.transcript.update(bytes);
        // RFC 8446 §4.2: responses only to what we asked for. We never send
        // max_fragment_length, early_data or record_size_limit; server_name only with SNI.
        let sent_sni = hs
            .info
            .server_name
            .as_ref()
            .and_then(|n| n.as_str())
            .is_some_and(|n| {
                matches!(
                    tls_cert::ServerName::parse(n),
                    Ok(tls_cert::ServerName::Dns(_))
                )
            });
        if ee.first_unknown.is_some()
            || ee.max_fragment_length.is_some()
            || ee.early_data
            || ee.record_size_limit.is_some()
            || (ee.server_name && !sent_sni)
        {
            return Err(Error::UnsupportedExtension);
        }
        if let Some(p) = ee.alpn {
            // RFC 7301 §3.1: the server's protocol must be one the client offered.
            if hs.config.alpn.is_empty() {
                return Err(Error::UnsupportedExtension);
            }
            if !hs.config.alpn.contains(&p.0) {
                return Err(Error::IllegalParameter);
            }
            hs.info.alpn = FixedBytes::new(p.0);
        }
        Ok(ExpectCertificateOrRequest { keys: self.keys })
    }
}

impl<'c, P: CryptoProvider> ExpectCertificateOrRequest<'c, P> {
    /// RFC 8446 §4.3.2.
    pub(super) fn certificate_request(
        mut self,
        hs: &mut ClientHandshake<'c, P>,
        cr: &CertificateRequest<'_>,
        bytes: &[u8],
    ) -> Result<ExpectCertificate<'c, P>> {
        self.keys.transcript.update(bytes);
        // "certificate_request_context [...] SHALL be zero length unless used for the
        // post-handshake authentication exchanges".
        if !cr.context.is_empty() {
            return Err(Error::IllegalParameter);
        }
        let offered = cr
            .extensions
            .signature_algorithms
            .ok_or(Error::MissingExtension)?;
        let ours = match hs.config.identity {
            Some(id) => match our_scheme(hs.config.policy, id.signer.algorithm(), offered) {
                Ok(scheme) => ClientCertificate::Send(scheme),
                // RFC 8446 §4.4.2: with no suitable certificate, send an empty one.
                Err(_) => ClientCertificate::Empty,
            },
            None => ClientCertificate::Empty,
        };
        Ok(ExpectCertificate {
            keys: self.keys,
            ours,
        })
    }

    /// The server's Certificate, without a CertificateRequest.
    pub(super) fn certificate(
        self,
        hs: &mut ClientHandshake<'c, P>,
        msg: &Certificate<'_>,
        bytes: &[u8],
        env: &mut Env<'_>,
    ) -> Result<ExpectCertificateVerify<'c, P>> {
        ExpectCertificate {
            keys: self.keys,
            ours: ClientCertificate::NotRequested,
        }
        .certificate(hs, msg, bytes, env)
    }
}

impl<'c, P: CryptoProvider> ExpectCertificate<'c, P> {
    /// RFC 8446 §4.4.2: the server's chain, checked per the config's [`Verification`].
    pub(super) fn certificate(
        mut self,
        hs: &mut ClientHandshake<'c, P>,
        msg: &Certificate<'_>,
        bytes: &[u8],
        env: &mut Env<'_>,
    ) -> Result<ExpectCertificateVerify<'c, P>> {
        self.keys.transcript.update(bytes);
        // "In the case of server authentication, this field SHALL be zero length."
        if !msg.context.is_empty() {
            return Err(Error::IllegalParameter);
        }
        // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message, the client
        // MUST abort the handshake with a "decode_error" alert."
        if msg.entries.is_empty() {
            return Err(Error::DecodeError);
        }
        let config = hs.config;
        let name = hs.info.server_name.as_ref().and_then(|n| n.as_str());
        let check = match config.verification {
            Verification::Full => NameCheck::Name(tls_cert::ServerName::parse(
                name.ok_or(Error::InvalidConfig)?,
            )?),
            Verification::VerifyHost(cb) => NameCheck::Callback(cb),
            Verification::DangerousNoVerificationForTestsOnly => NameCheck::None,
        };
        let peer = verify_peer_chain(config, msg, Purpose::ServerAuth, check, env.unix_time)?;
        hs.info.peer_subject = peer.subject;
        Ok(ExpectCertificateVerify {
            keys: self.keys,
            ours: self.ours,
            server_key: peer.key,
        })
    }
}

impl<'c, P: CryptoProvider> ExpectCertificateVerify<'c, P> {
    /// RFC 8446 §4.4.3: the server's signature over the transcript so far.
    pub(super) fn certificate_verify(
        mut self,
        hs: &mut ClientHandshake<'c, P>,
        cv: &CertificateVerify<'_>,
        bytes: &[u8],
    ) -> Result<ExpectFinished<'c, P>> {
        let hash = self.keys.transcript.current_hash();
        let verified = verify_certificate_verify(
            hs.config.provider,
            &self.server_key,
            cv,
            hs.config.policy.signature_schemes,
            &hash,
            Signed::ByServer,
        )?;
        self.keys.transcript.update(bytes);
        hs.info.signature_scheme = Some(cv.algorithm);
        Ok(ExpectFinished {
            keys: self.keys,
            ours: self.ours,
            _verified: verified,
        })
    }
}

impl<'c, P: CryptoProvider> ExpectFinished<'c, P> {
    /// RFC 8446 §4.4.4: the server's Finished; then our second flight.
    pub(super) fn finished(
        mut self,
        hs: &mut ClientHandshake<'c, P>,
        fin: &Finished<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<Connected> {
        let config = hs.config;
        let p = config.provider;
        let hash = self.keys.transcript.current_hash();
        // RFC 8446 §4.4.4: verify_data is Hash.length bytes.
        if fin.verify_data.len() != hash.as_bytes().len() {
            return Err(Error::DecodeError);
        }
        let proof = self
            .keys
            .server
            .finished_key(p)?
            .verify_finished(p, &hash, fin.verify_data)?;
        self.keys.transcript.update(bytes);
        let mut app = self.keys.into_application()?;
        let suite = app.suite;
        install_read(p, out, suite, KeyLevel::Application, &app.server)?;

        // RFC 8446 §D.4: the dummy change_cipher_spec before our encrypted flight, unless it
        // went before ClientHello2.
        if config.middlebox_compat && !hs.ccs_sent {
            out.send_change_cipher_spec()?;
            hs.ccs_sent = true;
        }
        install_write(p, out, suite, KeyLevel::Handshake, &app.client_handshake)?;
        let t = &mut app.transcript;
        match (self.ours, config.identity) {
            (ClientCertificate::NotRequested, _) => {}
            (ClientCertificate::Send(scheme), Some(id)) => {
                emit::send(
                    out,
                    HandshakeType::CERTIFICATE,
                    &|w| emit::certificate_body(w, id.chain),
                    emit::certificate_message_len(id.chain),
                    &mut |b| t.update(b),
                )?;
                let hash = t.current_hash();
                send_certificate_verify(
                    out,
                    id.signer,
                    scheme,
                    &hash,
                    Signed::ByClient,
                    &mut |b| t.update(b),
                )?;
                hs.info.client_authenticated = true;
            }
            (ClientCertificate::Empty | ClientCertificate::Send(_), _) => {
                emit::send(
                    out,
                    HandshakeType::CERTIFICATE,
                    &|w| emit::certificate_body(w, &[]),
                    0,
                    &mut |b| t.update(b),
                )?;
            }
        }
        let verify_data = app
            .client_handshake
            .finished_key(p)?
            .verify_data(p, &t.current_hash())?;
        emit::send(
            out,
            HandshakeType::FINISHED,
            &|w| w.bytes(verify_data.as_bytes()),
            0,
            &mut |b| t.update(b),
        )?;
        install_write(p, out, suite, KeyLevel::Application, &app.client)?;
        out.event(Event::HandshakeComplete);
        Ok(Connected::new(suite, app.client, app.server, proof))
    }
}
