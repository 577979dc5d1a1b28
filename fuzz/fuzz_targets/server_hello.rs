#![no_main]
use libfuzzer_sys::fuzz_target;
use tls_codec::extensions::{HelloRetryRequestExtensions, ServerHelloExtensions};
use tls_codec::server_hello::is_hello_retry_request;
use tls_codec::{HelloRetryRequest, ServerHello};
use tls_codec_fuzz::{round_trip, typed_round_trip};

fuzz_target!(|data: &[u8]| {
    if is_hello_retry_request(data) {
        if let Some(hrr) = round_trip!(HelloRetryRequest<'_>, data) {
            typed_round_trip!(HelloRetryRequestExtensions<'_>, hrr.extensions);
        }
    } else if let Some(sh) = round_trip!(ServerHello<'_>, data) {
        typed_round_trip!(ServerHelloExtensions<'_>, sh.extensions);
    }
});
