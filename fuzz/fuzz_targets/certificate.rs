#![no_main]
use libfuzzer_sys::fuzz_target;
use tls_codec::extensions::CertificateEntryExtensions;
use tls_codec::{Certificate, CertificateRequest};
use tls_codec_fuzz::{round_trip, typed_round_trip};

fuzz_target!(|data: &[u8]| {
    if let Some(c) = round_trip!(Certificate<'_>, data) {
        for entry in c.entries.iter() {
            assert!(!entry.cert_data.is_empty());
            typed_round_trip!(CertificateEntryExtensions<'_>, entry.extensions);
        }
    }
    if let Some(cr) = round_trip!(CertificateRequest<'_>, data) {
        assert!(cr.extensions.signature_algorithms.is_some());
    }
});
