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
