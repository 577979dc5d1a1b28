#![no_main]
use libfuzzer_sys::fuzz_target;
use tls_codec::extensions::ClientHelloExtensions;
use tls_codec::ClientHello;
use tls_codec_fuzz::{round_trip, typed_round_trip};

fuzz_target!(|data: &[u8]| {
    if let Some(ch) = round_trip!(ClientHello<'_>, data) {
        typed_round_trip!(ClientHelloExtensions<'_>, ch.extensions);
        if let Some(n) = ch.binders_len() {
            assert!(n >= 35 && n < data.len());
        }
    }
});
