use super::*;
use core::net::{Ipv4Addr, Ipv6Addr};

#[test]
fn exact_and_case_insensitive() {
    assert!(dns_name_matches(b"example.com", "example.com"));
    assert!(dns_name_matches(b"EXAMPLE.com", "example.COM"));
    assert!(dns_name_matches(b"example.com.", "example.com"));
    assert!(dns_name_matches(b"example.com", "example.com."));
    assert!(!dns_name_matches(b"example.com", "www.example.com"));
    assert!(!dns_name_matches(b"www.example.com", "example.com"));
    assert!(!dns_name_matches(b"example.co", "example.com"));
    assert!(!dns_name_matches(b"", "example.com"));
    assert!(!dns_name_matches(b"exa\xc3\xa9mple.com", "exaemple.com"));
}

#[test]
fn wildcard_whole_leftmost_label_only() {
    assert!(dns_name_matches(b"*.example.com", "www.example.com"));
    assert!(dns_name_matches(b"*.Example.COM", "WWW.example.com"));
    // Exactly one label.
    assert!(!dns_name_matches(b"*.example.com", "example.com"));
    assert!(!dns_name_matches(b"*.example.com", "a.b.example.com"));
    assert!(!dns_name_matches(b"*.example.com", ".example.com"));
    // Partial and non-leftmost wildcards match nothing.
    assert!(!dns_name_matches(b"w*.example.com", "www.example.com"));
    assert!(!dns_name_matches(b"*w.example.com", "www.example.com"));
    assert!(!dns_name_matches(b"www.*.com", "www.example.com"));
    assert!(!dns_name_matches(b"*.*.example.com", "a.b.example.com"));
    assert!(!dns_name_matches(b"*", "com"));
    // Not over a single (public-suffix-like) label.
    assert!(!dns_name_matches(b"*.com", "example.com"));
    assert!(!dns_name_matches(b"*.", "com"));
    // A wildcard in the reference is never a pattern.
    assert!(!dns_name_matches(b"*.example.com", "*.example.com"));
    assert!(!dns_name_matches(b"www.example.com", "*.example.com"));
}

#[test]
fn server_name_parse() {
    assert_eq!(
        ServerName::parse("192.0.2.1"),
        Ok(ServerName::Ip(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))))
    );
    assert_eq!(
        ServerName::parse("::1"),
        Ok(ServerName::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)))
    );
    assert_eq!(
        ServerName::parse("example.com."),
        Ok(ServerName::Dns("example.com"))
    );
    assert_eq!(
        ServerName::parse("xn--bcher-kva.example"),
        Ok(ServerName::Dns("xn--bcher-kva.example"))
    );
    for bad in [
        "",
        ".",
        "a..b",
        "*.example.com",
        "exa mple.com",
        "bücher.example",
        "[::1]",
    ] {
        assert_eq!(ServerName::parse(bad), Err(Error::InvalidName), "{bad}");
    }
    let long = [b'a'; 64];
    let long = core::str::from_utf8(&long).unwrap();
    assert_eq!(ServerName::parse(long), Err(Error::InvalidName));
}

#[test]
fn ip_matches_only_ip_entries() {
    let v4 = ServerName::Ip(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1)));
    let v6 = ServerName::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST));
    assert!(matches_reference(PresentedId::Ip(&[127, 0, 0, 1]), &v4));
    assert!(!matches_reference(PresentedId::Ip(&[127, 0, 0, 2]), &v4));
    assert!(!matches_reference(PresentedId::Ip(&[127, 0, 0, 1]), &v6));
    assert!(!matches_reference(PresentedId::Dns(b"127.0.0.1"), &v4));
    assert!(!matches_reference(
        PresentedId::CommonName(b"127.0.0.1"),
        &v4
    ));
    let mut one = [0u8; 16];
    one[15] = 1;
    assert!(matches_reference(PresentedId::Ip(&one), &v6));
    assert!(!matches_reference(
        PresentedId::Ip(&[127, 0, 0, 1]),
        &ServerName::Dns("localhost")
    ));
}

#[test]
fn common_name_last_wins() {
    // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "a" } },
    //            SET { SEQUENCE { OID 2.5.4.3, PrintableString "b.example" } } }
    let name = [
        0x30, 0x22, 0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x03, b'a', b'.',
        b'b', 0x31, 0x12, 0x30, 0x10, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x09, b'b', b'.', b'e',
        b'x', b'a', b'm', b'p', b'l', b'e',
    ];
    assert_eq!(common_name(&name), Some(&b"b.example"[..]));
    assert_eq!(common_name(&name[..name.len() - 1]), None);
}

/// The literals `core::net`'s parser accepts and rejects, with the same answers from ours.
#[test]
fn ip_literals() {
    let v4 = |a, b, c, d| Some(IpAddr::V4(Ipv4Addr::new(a, b, c, d)));
    let v6 = |g: [u16; 8]| Some(IpAddr::V6(Ipv6Addr::from(g)));
    let cases: &[(&str, Option<IpAddr>)] = &[
        ("0.0.0.0", v4(0, 0, 0, 0)),
        ("255.255.255.255", v4(255, 255, 255, 255)),
        ("192.0.2.1", v4(192, 0, 2, 1)),
        ("256.0.0.1", None),
        ("01.2.3.4", None), // no octal (RFC 6943 §3.1.1)
        ("1.2.3", None),
        ("1.2.3.4.", None),
        ("1.2.3.4.5", None),
        ("1..3.4", None),
        ("0001.2.3.4", None),
        (" 1.2.3.4", None),
        ("::", v6([0; 8])),
        ("::1", v6([0, 0, 0, 0, 0, 0, 0, 1])),
        ("1::", v6([1, 0, 0, 0, 0, 0, 0, 0])),
        ("2001:db8::1", v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])),
        (
            "2001:DB8:0:0:0:0:0:1",
            v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]),
        ),
        ("0001:02:003:4:5:6:7:8", v6([1, 2, 3, 4, 5, 6, 7, 8])),
        ("1:2:3:4:5:6:7::", v6([1, 2, 3, 4, 5, 6, 7, 0])),
        ("::2:3:4:5:6:7:8", v6([0, 2, 3, 4, 5, 6, 7, 8])),
        (
            "::ffff:192.0.2.1",
            v6([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201]),
        ),
        ("1:2:3:4:5:6:1.2.3.4", v6([1, 2, 3, 4, 5, 6, 0x102, 0x304])),
        ("::1.2.3.4", v6([0, 0, 0, 0, 0, 0, 0x102, 0x304])),
        ("1:2:3:4:5:6:7:1.2.3.4", None),
        ("1.2.3.4::", None), // IPv4 before `::`
        ("1:2:3:4:5:6:7:8:9", None),
        ("1:2:3:4:5:6:7", None),
        ("1::2::3", None),
        (":::", None),
        (":1::", None),
        ("12345::", None),
        ("g::", None),
        ("::1.2.3", None),
        ("::1.2.3.4.5", None),
        ("::01.2.3.4", None),
        ("fe80::1%1", None),
        ("[::1]", None),
        ("", None),
    ];
    for (s, want) in cases {
        assert_eq!(super::ip::parse(s.as_bytes()), *want, "{s}");
        assert_eq!(s.parse::<IpAddr>().ok(), *want, "core disagrees: {s}");
    }
}

/// Every string of up to six characters over an alphabet that reaches each branch of the
/// parser gets the same answer as `core::net`'s.
#[test]
fn ip_literals_same_as_core() {
    const ALPHABET: &[u8] = b"0129af:.";
    let mut buf = [0u8; 6];
    for len in 0..=buf.len() {
        let total = ALPHABET.len().pow(u32::try_from(len).unwrap());
        for mut n in 0..total {
            for b in buf.iter_mut().take(len) {
                *b = ALPHABET[n % ALPHABET.len()];
                n /= ALPHABET.len();
            }
            let s = core::str::from_utf8(&buf[..len]).unwrap();
            assert_eq!(super::ip::parse(s.as_bytes()), s.parse().ok(), "{s}");
        }
    }
    // Longer forms around the embedded IPv4 address and the group count.
    for s in [
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:",
        "1:2:3:4:5::7:8",
        "1:2:3:4:5:6::1.2.3.4",
        "1:2:3:4:5::1.2.3.4",
        "::255.255.255.255",
        "::255.255.255.256",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "fffff:ffff:ffff:ffff:ffff:ffff:ffff:fff",
        "1:2:3:4:5:6:7:8.1.2.3",
    ] {
        assert_eq!(super::ip::parse(s.as_bytes()), s.parse().ok(), "{s}");
    }
}

/// The DNS rules of `ServerName::parse` as they were written before the one-pass loop (split
/// on dots), kept as the reference.
fn dns_reference(name: &str) -> Option<&str> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > MAX_DNS_NAME_LEN {
        return None;
    }
    name.split('.')
        .all(|label| {
            !label.is_empty()
                && label.len() <= MAX_LABEL_LEN
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .then_some(name)
}

#[test]
fn dns_names_same_as_reference() {
    const ALPHABET: &[&str] = &["a", "Z", "0", "-", "_", ".", "*", " ", "ü"];
    let mut idx = [0usize; 6];
    let mut s = [0u8; 12];
    for len in 0..=idx.len() {
        let total = ALPHABET.len().pow(u32::try_from(len).unwrap());
        for mut n in 0..total {
            let mut end = 0;
            for i in idx.iter_mut().take(len) {
                *i = n % ALPHABET.len();
                n /= ALPHABET.len();
                let part = ALPHABET[*i].as_bytes();
                s[end..end + part.len()].copy_from_slice(part);
                end += part.len();
            }
            let name = core::str::from_utf8(&s[..end]).unwrap();
            if super::ip::parse(name.as_bytes()).is_some() {
                continue;
            }
            let want = dns_reference(name)
                .map(ServerName::Dns)
                .ok_or(Error::InvalidName);
            assert_eq!(ServerName::parse(name), want, "{name:?}");
        }
    }
    // Label and name length limits.
    let mut buf = [b'a'; 300];
    for (label, total) in [
        (63, 63),
        (64, 64),
        (63, 253),
        (63, 254),
        (10, 253),
        (10, 254),
    ] {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = if (i + 1) % (label + 1) == 0 {
                b'.'
            } else {
                b'a'
            };
        }
        for len in [total, total + 1] {
            let name = core::str::from_utf8(&buf[..len]).unwrap();
            let want = dns_reference(name)
                .map(ServerName::Dns)
                .ok_or(Error::InvalidName);
            assert_eq!(ServerName::parse(name), want, "{label} {len}");
        }
    }
}
