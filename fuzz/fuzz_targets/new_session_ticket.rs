#![no_main]
use libfuzzer_sys::fuzz_target;
use tls_codec::extensions::NewSessionTicketExtensions;
use tls_codec::NewSessionTicket;
use tls_codec_fuzz::{round_trip, typed_round_trip};

fuzz_target!(|data: &[u8]| {
    if let Some(t) = round_trip!(NewSessionTicket<'_>, data) {
        typed_round_trip!(NewSessionTicketExtensions<'_>, t.extensions);
    }
});
