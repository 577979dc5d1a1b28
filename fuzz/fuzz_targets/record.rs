#![no_main]
use libfuzzer_sys::fuzz_target;
use tls_codec::handshake::HandshakeHeader;
use tls_codec::record::{Alert, RecordHeader, HEADER_LEN};
use tls_codec_fuzz::round_trip;

fuzz_target!(|data: &[u8]| {
    if let Some(h) = round_trip!(RecordHeader, data.get(..HEADER_LEN).unwrap_or(data)) {
        assert_eq!(RecordHeader::from_bytes(&h.to_bytes()), h);
    }
    round_trip!(Alert, data.get(..2).unwrap_or(data));
    round_trip!(HandshakeHeader, data.get(..4).unwrap_or(data));
});
