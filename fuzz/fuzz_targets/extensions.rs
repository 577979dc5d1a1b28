#![no_main]
//! Every extension block context; the first byte picks the context.
use libfuzzer_sys::fuzz_target;
use tls_codec::extensions::{
    CertificateEntryExtensions, CertificateRequestExtensions, ClientHelloExtensions,
    HelloRetryRequestExtensions, NewSessionTicketExtensions, ServerHelloExtensions,
};
use tls_codec::EncryptedExtensions;
use tls_codec_fuzz::{round_trip, typed_round_trip};

macro_rules! check {
    ($ty:ty, $data:expr) => {
        if let Some(set) = round_trip!($ty, $data) {
            typed_round_trip!($ty, set);
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, data)) = data.split_first() else {
        return;
    };
    match which % 7 {
        0 => check!(ClientHelloExtensions<'_>, data),
        1 => check!(ServerHelloExtensions<'_>, data),
        2 => check!(HelloRetryRequestExtensions<'_>, data),
        3 => check!(EncryptedExtensions<'_>, data),
        4 => check!(CertificateEntryExtensions<'_>, data),
        5 => check!(CertificateRequestExtensions<'_>, data),
        _ => check!(NewSessionTicketExtensions<'_>, data),
    }
});
