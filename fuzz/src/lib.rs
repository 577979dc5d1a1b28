//! Shared checks of the tls-codec fuzz targets.

/// Parses `$data` as `$ty` (whole input); if it parses, checks that encoding gives back the same
/// bytes, that those bytes parse to an equal value, and evaluates to `Some(value)`.
#[macro_export]
macro_rules! round_trip {
    ($ty:ty, $data:expr) => {{
        use tls_codec::Codec as _;
        let data: &[u8] = $data;
        match <$ty>::parse_exact(data) {
            Err(e) => {
                // Every parse error names an alert.
                assert!(e.alert().is_some(), "{e:?} without an alert");
                None
            }
            Ok(v) => {
                let mut buf = vec![0u8; data.len()];
                let mut w = tls_codec::Writer::new(&mut buf);
                v.encode(&mut w).expect("encoding a parsed value");
                let first = w.written().to_vec();
                assert_eq!(first, data, "parse then encode is not the identity");
                let again = <$ty>::parse_exact(&first).expect("re-parse");
                assert_eq!(again, v);
                let mut buf2 = vec![0u8; data.len()];
                let mut w2 = tls_codec::Writer::new(&mut buf2);
                again.encode(&mut w2).expect("re-encode");
                assert_eq!(w2.written(), &first[..]);
                Some(v)
            }
        }
    }};
}

/// For an extension set: encodes its typed fields (as a set built for sending), and checks that
/// the result parses back to the same typed fields.
#[macro_export]
macro_rules! typed_round_trip {
    ($ty:ty, $set:expr) => {{
        use tls_codec::Codec as _;
        let mut typed: $ty = $set;
        typed.raw = None;
        typed.first_unknown = None;
        let mut buf = vec![0u8; 1 << 17];
        let mut w = tls_codec::Writer::new(&mut buf);
        // Dropping unknown extensions may make the block shorter than its floor: not a bug.
        if typed.encode(&mut w).is_ok() {
            let bytes = w.written().to_vec();
            let mut back = <$ty>::parse_exact(&bytes).expect("typed encoding parses");
            back.raw = None;
            assert_eq!(back, typed);
        }
    }};
}
