//! IP address literals, parsed without `core::net`'s parser (which costs ~1.5 KB of flash).
//!
//! It accepts exactly what `<core::net::IpAddr as FromStr>` accepts, by the same algorithm:
//! dotted-quad IPv4 with one to three decimal digits per octet and no leading zero (RFC 6943
//! §3.1.1: no octal); IPv6 groups of one to four hex digits, one `::`, and an embedded IPv4
//! address as the last 32 bits; no zone, no brackets, nothing after the address.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `s` as a whole IPv4 or IPv6 literal.
pub(crate) fn parse(s: &[u8]) -> Option<IpAddr> {
    let mut p = s;
    if let Some(v4) = ipv4(&mut p) {
        return p.is_empty().then_some(IpAddr::V4(v4));
    }
    let mut p = s;
    let v6 = ipv6(&mut p)?;
    p.is_empty().then_some(IpAddr::V6(v6))
}

/// A number of at most `max_digits` digits in `radix` at the start of `p`; `p` moves past it
/// only on success. A leading zero is refused unless `zero_prefix` or the number is `0`.
fn number(p: &mut &[u8], radix: u32, max_digits: usize, zero_prefix: bool) -> Option<u32> {
    let mut q = *p;
    let mut value = 0u32;
    let mut digits = 0usize;
    let leading_zero = q.first() == Some(&b'0');
    while let Some((d, rest)) = q
        .split_first()
        .and_then(|(&c, rest)| Some((char::from(c).to_digit(radix)?, rest)))
    {
        // At most five digits of radix 16: no overflow.
        value = value.wrapping_mul(radix).wrapping_add(d);
        digits = digits.wrapping_add(1);
        q = rest;
        if digits > max_digits {
            return None;
        }
    }
    if digits == 0 || (!zero_prefix && leading_zero && digits > 1) {
        return None;
    }
    *p = q;
    Some(value)
}

/// The separator `sep` before every part but the first.
fn separator(p: &mut &[u8], index: usize, sep: u8) -> Option<()> {
    if index > 0 {
        *p = p.strip_prefix(&[sep])?;
    }
    Some(())
}

/// A dotted-quad IPv4 address at the start of `p`; `p` moves past it only on success.
fn ipv4(p: &mut &[u8]) -> Option<Ipv4Addr> {
    let mut q = *p;
    let mut octets = [0u8; 4];
    for (i, slot) in octets.iter_mut().enumerate() {
        separator(&mut q, i, b'.')?;
        *slot = u8::try_from(number(&mut q, 10, 3, false)?).ok()?;
    }
    *p = q;
    Some(Ipv4Addr::from(octets))
}

/// Colon-separated groups into `groups`, the last two possibly an embedded IPv4 address: how
/// many were read, and whether the IPv4 form ended them. `p` moves past what was read.
fn groups(p: &mut &[u8], groups: &mut [u16]) -> (usize, bool) {
    let limit = groups.len();
    let mut i = 0;
    while i < limit {
        // An embedded IPv4 address needs two groups.
        if i.wrapping_add(1) < limit {
            let mut q = *p;
            if let Some(v4) = separator(&mut q, i, b':').and_then(|()| ipv4(&mut q)) {
                let [a, b, c, d] = v4.octets();
                let mut slots = groups.iter_mut().skip(i);
                for v in [u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])] {
                    if let Some(slot) = slots.next() {
                        *slot = v;
                    }
                }
                *p = q;
                return (i.wrapping_add(2), true);
            }
        }
        let mut q = *p;
        let Some(g) = separator(&mut q, i, b':').and_then(|()| number(&mut q, 16, 4, true)) else {
            return (i, false);
        };
        if let Some(slot) = groups.get_mut(i) {
            // Four hex digits at most: fits.
            *slot = u16::try_from(g).unwrap_or(0);
        }
        *p = q;
        i = i.wrapping_add(1);
    }
    (limit, false)
}

/// An IPv6 address at the start of `p`; `p` moves past it only on success.
fn ipv6(p: &mut &[u8]) -> Option<Ipv6Addr> {
    let mut q = *p;
    let mut head = [0u16; 8];
    let (head_len, head_v4) = groups(&mut q, &mut head);
    if head_len == 8 {
        *p = q;
        return Some(Ipv6Addr::from(head));
    }
    // An IPv4 part before `::` is not allowed.
    if head_v4 {
        return None;
    }
    q = q.strip_prefix(b"::")?;
    // `::` stands for at least one zero group.
    let mut tail = [0u16; 7];
    let tail_slots = tail.get_mut(..7usize.checked_sub(head_len)?)?;
    let (tail_len, _) = groups(&mut q, tail_slots);
    let start = 8usize.checked_sub(tail_len)?;
    for (dst, src) in head.iter_mut().skip(start).zip(tail.iter()) {
        *dst = *src;
    }
    *p = q;
    Some(Ipv6Addr::from(head))
}
