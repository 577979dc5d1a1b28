use super::Error;

#[test]
fn error_is_one_byte() {
    assert_eq!(core::mem::size_of::<Error>(), 1);
    assert_eq!(core::mem::size_of::<crate::Result<()>>(), 1);
}

#[test]
fn names_are_distinct_and_display_uses_them() {
    let all = [
        Error::Unsupported,
        Error::BadKey,
        Error::BadSignature,
        Error::DecryptFailed,
        Error::BadLength,
        Error::Rng,
        Error::WeakSharedSecret,
    ];
    for (i, a) in all.iter().enumerate() {
        assert!(a.name().starts_with("CRYPTO_"));
        assert_eq!(Error::from_number(a.number()), Some(*a));
        for b in all.iter().skip(i + 1) {
            assert_ne!(a.name(), b.name());
        }
    }
    let mut buf = [0u8; 32];
    let mut w = Buf(&mut buf, 0);
    core::fmt::write(&mut w, format_args!("{}", Error::DecryptFailed)).unwrap();
    let n = w.1;
    assert_eq!(&buf[..n], b"CRYPTO_DECRYPT_FAILED");
}

/// A fixed buffer writer: the library is `no_std`, so its unit tests do without `String`.
struct Buf<'a>(&'a mut [u8], usize);

impl core::fmt::Write for Buf<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.1.checked_add(s.len()).ok_or(core::fmt::Error)?;
        self.0
            .get_mut(self.1..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.1 = end;
        Ok(())
    }
}

#[test]
fn numbers_round_trip() {
    let known = (0..=u16::MAX)
        .filter(|&n| Error::from_number(n).is_some_and(|e| e.number() == n))
        .count();
    assert_eq!(known, 7);
    assert_eq!(Error::WeakSharedSecret.number(), 0x0507);
}
