#![no_main]
use libfuzzer_sys::fuzz_target;
use tls_codec::handshake::split;
use tls_codec::HandshakeMessage;
use tls_codec_fuzz::round_trip;

fuzz_target!(|data: &[u8]| {
    // The input is a stream of messages, as in a handshake record.
    for raw in split(data) {
        let Ok(raw) = raw else { break };
        round_trip!(HandshakeMessage<'_>, raw.bytes);
    }
});
