//! Unit tests of the extension machinery.

use super::*;
use crate::enums::NamedGroup;
use crate::list::List;

#[test]
fn known_types_are_distinct() {
    for (i, a) in KNOWN.iter().enumerate() {
        assert!(!KNOWN[i + 1..].contains(a), "{a:?} twice");
    }
    assert!(is_known(ExtensionType::KEY_SHARE));
    assert!(!is_known(ExtensionType::RENEGOTIATION_INFO));
}

#[test]
fn wire_and_typed_lists_iterate_alike() {
    let wire = List::<NamedGroup>::parse_exact(&[0, 4, 0, 0x1d, 0, 0x17]).unwrap();
    let typed = List::Items(&[NamedGroup::X25519, NamedGroup::SECP256R1]);
    assert_eq!(wire, typed);
    assert_eq!(wire.len(), 2);
    assert!(wire.contains(&NamedGroup::SECP256R1));
    assert_eq!(wire.wire_bytes(), Some(&[0, 0x1d, 0, 0x17][..]));
    assert_eq!(typed.wire_bytes(), None);
    // An odd-length group list is malformed at parse time, so iteration never fails.
    assert_eq!(
        List::<NamedGroup>::parse_exact(&[0, 3, 0, 0x1d, 0]),
        Err(Error::Truncated)
    );
}

#[test]
fn binder_slots() {
    let mut list = [0, 6, 2, 0xa, 0xb, 2, 0xc, 0xd];
    assert_eq!(binder_mut(&mut list, 0).unwrap(), &[0xa, 0xb]);
    assert_eq!(binder_mut(&mut list, 1).unwrap(), &[0xc, 0xd]);
    assert!(binder_mut(&mut list, 2).is_none());
    assert!(binder_mut(&mut [0], 0).is_none());
    assert!(binder_mut(&mut [0, 3, 5, 1], 0).is_none());
}

#[test]
fn raw_block_iteration_and_find() {
    let block = [0, 0x2b, 0, 2, 3, 4, 0xfa, 0xfa, 0, 0];
    let raw = RawExtensions(&block);
    assert_eq!(raw.iter().count(), 2);
    assert_eq!(raw.find(ExtensionType(0xfafa)).unwrap().body, &[] as &[u8]);
    assert!(raw.find(ExtensionType::COOKIE).is_none());
    // A malformed block ends iteration instead of looping or panicking.
    assert_eq!(RawExtensions(&[0, 1, 0, 9]).iter().count(), 0);
}
