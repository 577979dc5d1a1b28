//! The single-use ticket store.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests: a panic is the verdict"
)]

use tls_psk::{ReplayStore, ReplayVerdict, SingleUseTickets};

const A: [u8; 16] = [0xaa; 16];
const B: [u8; 16] = [0xbb; 16];
const C: [u8; 16] = [0xcc; 16];

#[test]
fn fresh_then_replayed() {
    let s = SingleUseTickets::<4>::new();
    assert_eq!(s.check_and_record(&A, 0, 100), ReplayVerdict::Fresh);
    assert_eq!(s.check_and_record(&A, 1, 100), ReplayVerdict::Replayed);
    assert_eq!(s.check_and_record(&A, 99, 100), ReplayVerdict::Replayed);
    assert_eq!(s.check_and_record(&B, 1, 100), ReplayVerdict::Fresh);
    assert_eq!(s.live(1), 2);
    assert!(ReplayVerdict::Fresh.is_fresh());
    assert!(!ReplayVerdict::Full.is_fresh());
    assert!(!ReplayVerdict::Replayed.is_fresh());
}

#[test]
fn expiry_evicts() {
    let s = SingleUseTickets::<2>::new();
    assert_eq!(s.check_and_record(&A, 0, 100), ReplayVerdict::Fresh);
    assert_eq!(s.check_and_record(&B, 0, 200), ReplayVerdict::Fresh);
    assert_eq!(s.check_and_record(&C, 50, 300), ReplayVerdict::Full);
    // At 100, A's entry has expired: its slot is reused.
    assert_eq!(s.live(100), 1);
    assert_eq!(s.check_and_record(&C, 100, 300), ReplayVerdict::Fresh);
    assert_eq!(s.check_and_record(&B, 150, 200), ReplayVerdict::Replayed);
    assert_eq!(s.check_and_record(&C, 150, 300), ReplayVerdict::Replayed);
    // An expired entry for the same id does not count as a replay (the ticket itself is dead
    // by then: the handshake checks its lifetime first).
    assert_eq!(s.check_and_record(&B, 200, 400), ReplayVerdict::Fresh);
}

#[test]
fn full_fails_safe() {
    let s = SingleUseTickets::<3>::new();
    for i in 0..3u8 {
        assert_eq!(s.check_and_record(&[i; 16], 0, 1000), ReplayVerdict::Fresh);
    }
    assert_eq!(s.check_and_record(&[9; 16], 0, 1000), ReplayVerdict::Full);
    // Still full; the rejected id was not recorded.
    assert_eq!(s.check_and_record(&[9; 16], 10, 1000), ReplayVerdict::Full);
    // Recorded ids are still replays, not Full.
    assert_eq!(
        s.check_and_record(&[1; 16], 10, 1000),
        ReplayVerdict::Replayed
    );
    s.clear();
    assert_eq!(s.live(0), 0);
    assert_eq!(s.check_and_record(&[9; 16], 10, 1000), ReplayVerdict::Fresh);
}

#[test]
fn zero_capacity_is_always_full() {
    let s = SingleUseTickets::<0>::default();
    assert_eq!(s.check_and_record(&A, 0, 100), ReplayVerdict::Full);
}

#[test]
fn already_expired_ticket_is_refused() {
    let s = SingleUseTickets::<2>::new();
    assert_eq!(s.check_and_record(&A, 100, 100), ReplayVerdict::Replayed);
    assert_eq!(s.check_and_record(&A, 101, 100), ReplayVerdict::Replayed);
    assert_eq!(s.live(0), 0, "not recorded");
}

#[test]
fn all_zero_id_is_recorded() {
    // The free-slot filler is all zeros with expiry 0; a real all-zero id still works.
    let s = SingleUseTickets::<2>::new();
    assert_eq!(s.check_and_record(&[0; 16], 0, 10), ReplayVerdict::Fresh);
    assert_eq!(s.check_and_record(&[0; 16], 5, 10), ReplayVerdict::Replayed);
}

#[test]
fn as_trait_object_and_reference() {
    let s = SingleUseTickets::<2>::new();
    let dynamic: &dyn ReplayStore = &s;
    assert_eq!(dynamic.check_and_record(&A, 0, 10), ReplayVerdict::Fresh);
    let by_ref = &s;
    assert_eq!(
        ReplayStore::check_and_record(&by_ref, &A, 0, 10),
        ReplayVerdict::Replayed
    );
}
