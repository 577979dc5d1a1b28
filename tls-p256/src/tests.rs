//! Unit tests of the verify-only P-256 code against the `p256` crate (a dev-dependency) and
//! against its own definitions: field and scalar arithmetic, point formulas with their special
//! cases, the constant table, NAF recoding, DER parsing, and edge scalars end to end.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

extern crate std;

use super::*;
use p256::elliptic_curve::group::Group as _;
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::point::AffineCoordinates;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::elliptic_curve::{Field as _, PrimeField};
use p256::{AffinePoint, FieldElement, ProjectivePoint, Scalar, U256};
use sha2::Digest as _;
use std::vec::Vec;

/// A deterministic stream of 32-byte values (SHA-256 in counter mode).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> [u8; 32] {
        self.0 += 1;
        sha2::Sha256::digest(self.0.to_le_bytes()).into()
    }
}

fn be(l: &Limbs) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, w) in out.rchunks_exact_mut(4).zip(l) {
        chunk.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// Values near the edges of the field and the order, plus random ones.
fn samples(m: &Limbs) -> Vec<Limbs> {
    let mut m1 = *m;
    sub_assign(&mut m1, &[1, 0, 0, 0, 0, 0, 0, 0]);
    let mut m2 = m1;
    sub_assign(&mut m2, &[1, 0, 0, 0, 0, 0, 0, 0]);
    let mut v = std::vec![
        [0; 8],
        [1, 0, 0, 0, 0, 0, 0, 0],
        [2, 0, 0, 0, 0, 0, 0, 0],
        [0xFFFF_FFFF, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0xFFFF_FFFF, 0, 0, 0, 0],
        [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0xFFFF_FFFF, 0xFFFF_FFFE],
        m1,
        m2,
    ];
    let mut s = Stream(7);
    for _ in 0..200 {
        let mut x = limbs_from_be(&s.next());
        while geq(&x, m) {
            sub_assign(&mut x, m);
        }
        v.push(x);
    }
    v
}

/// The reference element of one of ours (out of Montgomery form).
fn fe_ref(a: &Fe) -> FieldElement {
    FieldElement::from_bytes(&be(&a.to_limbs()).into()).unwrap()
}

/// Our element (in Montgomery form) of a reference one.
fn fe_of(f: &FieldElement) -> Fe {
    Fe::from_limbs(&limbs_from_be(&f.to_bytes().into()))
}

/// Our element of an integer below p.
fn fe(x: &Limbs) -> Fe {
    assert!(!geq(x, &P));
    Fe::from_limbs(x)
}

fn scalar_ref(a: &Limbs) -> Scalar {
    Scalar::from_repr(be(a).into()).unwrap()
}

fn scalar_of(s: &Scalar) -> Limbs {
    limbs_from_be(&s.to_bytes().into())
}

fn affine_of(p: &ProjectivePoint) -> Affine {
    let a = p.to_affine().to_encoded_point(false);
    Affine {
        x: fe(&limbs_from_be(
            a.x().unwrap().as_slice().try_into().unwrap(),
        )),
        y: fe(&limbs_from_be(
            a.y().unwrap().as_slice().try_into().unwrap(),
        )),
    }
}

/// Jacobian to affine with our own inversion; `None` for the identity.
fn to_affine(p: &Jacobian) -> Option<Affine> {
    let zi = p.z.invert()?;
    let zz = zi.square();
    Some(Affine {
        x: p.x.mul(&zz),
        y: p.y.mul(&zz.mul(&zi)),
    })
}

#[test]
fn constants_are_what_they_claim() {
    // p and n against the reference crate: p - 1 and n - 1 are the largest elements.
    let mut p1 = P;
    sub_assign(&mut p1, &[1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        fe_of(&(FieldElement::ZERO - FieldElement::ONE)).to_limbs(),
        p1
    );
    let mut n1 = N;
    sub_assign(&mut n1, &[1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(scalar_of(&-Scalar::ONE), n1);
    // -n^-1 mod 2^32, and 2^256 mod n = 2^256 - n.
    assert_eq!(N[0].wrapping_mul(N0_INV), u32::MAX);
    let mut r = [0u32; 8];
    sub_assign(&mut r, &N);
    assert_eq!(r, R_MOD_N);
    let mut pn = P;
    sub_assign(&mut pn, &N);
    assert_eq!(pn, P_MINUS_N);
    // 4·(p+1)/4 - 1 = p.
    let mut e = SQRT_EXP;
    for _ in 0..2 {
        let c = e;
        add_assign(&mut e, &c);
    }
    sub_assign(&mut e, &[1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(e, P);
    // G is on y^2 = x^3 - 3x + b.
    let g = G_TABLE[0];
    assert_eq!(g.y.square(), g.x.curve_rhs());
    assert_eq!(g, affine_of(&ProjectivePoint::GENERATOR));
}

#[test]
fn field_arithmetic_matches_reference() {
    let v = samples(&P);
    for a in &v {
        let (fa, ra) = (fe(a), fe_ref(&fe(a)));
        assert_eq!(fa.square(), fe_of(&ra.square()), "square {a:x?}");
        assert_eq!(fa.neg(), fe_of(&-ra));
        assert_eq!(fa.double(), fe_of(&ra.double()));
        if !fa.is_zero() {
            assert_eq!(fa.invert().unwrap(), fe_of(&ra.invert().unwrap()));
        } else {
            assert_eq!(fa.invert(), None);
        }
        for b in v.iter().step_by(7) {
            let (fb, rb) = (fe(b), fe_ref(&fe(b)));
            assert_eq!(fa.mul(&fb), fe_of(&(ra * rb)), "mul {a:x?} {b:x?}");
            assert_eq!(fa.add(&fb), fe_of(&(ra + rb)));
            assert_eq!(fa.sub(&fb), fe_of(&(ra - rb)));
        }
    }
    // Montgomery form round trips, and the constants.
    for a in &v {
        assert_eq!(fe(a).to_limbs(), *a);
    }
    assert_eq!(Fe::ONE, fe_of(&FieldElement::ONE));
    assert_eq!(Fe::ONE.to_limbs(), [1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        be(&B.to_limbs()),
        [
            0x5A, 0xC6, 0x35, 0xD8, 0xAA, 0x3A, 0x93, 0xE7, 0xB3, 0xEB, 0xBD, 0x55, 0x76, 0x98,
            0x86, 0xBC, 0x65, 0x1D, 0x06, 0xB0, 0xCC, 0x53, 0xB0, 0xF6, 0x3B, 0xCE, 0x3C, 0x3E,
            0x27, 0xD2, 0x60, 0x4B
        ]
    );
}

#[test]
fn squaring_matches_the_product() {
    let mut v = samples(&P);
    v.push([0xFFFF_FFFF; 8]);
    v.push([0x8000_0000; 8]);
    for a in &v {
        assert_eq!(sqr_wide(a), mul_wide(a, a), "{a:x?}");
    }
}

#[test]
fn montgomery_reduction_matches_reference_on_wide_inputs() {
    // mont_reduce(c) = c·2^-256 mod p, fully reduced, for every c < p·2^256.
    // 2^-256 mod p in the reference: Fe::ONE's limbs are 2^256 mod p.
    let r_inv = FieldElement::from_bytes(&be(&Fe::ONE.0).into())
        .unwrap()
        .invert()
        .unwrap();
    let check = |c: &[u32; 16]| {
        let got = mont_reduce(c);
        assert!(!geq(&got, &P), "{c:x?}");
        let lo: Limbs = c[..8].try_into().unwrap();
        let hi: Limbs = c[8..].try_into().unwrap();
        // c = hi·2^256 + lo, in the reference: (hi·2^256 + lo)·2^-256 = hi + lo·2^-256.
        let reduce = |x: &Limbs| {
            let mut x = *x;
            if geq(&x, &P) {
                sub_assign(&mut x, &P);
            }
            FieldElement::from_bytes(&be(&x).into()).unwrap()
        };
        let want = reduce(&hi) + reduce(&lo) * r_inv;
        assert_eq!(
            FieldElement::from_bytes(&be(&got).into()).unwrap(),
            want,
            "{c:x?}"
        );
    };
    let mut p1 = P;
    sub_assign(&mut p1, &[1, 0, 0, 0, 0, 0, 0, 0]);
    // Edges: 0, 1, 2^256 - 1, p, (p - 1)^2, p·2^256 - 1 (the largest allowed), and
    // products of edge values.
    let mut edges: Vec<[u32; 16]> = std::vec![[0; 16], {
        let mut c = [0; 16];
        c[0] = 1;
        c
    }];
    let mut c = [0u32; 16];
    c[..8].copy_from_slice(&[u32::MAX; 8]);
    edges.push(c);
    c[..8].copy_from_slice(&P);
    edges.push(c);
    edges.push(mul_wide(&p1, &p1));
    edges.push(sqr_wide(&p1));
    let mut top = [0u32; 16];
    top[..8].copy_from_slice(&[u32::MAX; 8]);
    top[8..].copy_from_slice(&p1);
    edges.push(top);
    for e in &edges {
        check(e);
    }
    for a in samples(&P).iter().step_by(3) {
        for b in samples(&P).iter().step_by(17) {
            check(&mul_wide(a, b));
        }
        check(&sqr_wide(a));
    }
    // Random c below p·2^256: the high half below p.
    let mut s = Stream(99);
    for _ in 0..2000 {
        let lo = limbs_from_be(&s.next());
        let mut hi = limbs_from_be(&s.next());
        if geq(&hi, &P) {
            sub_assign(&mut hi, &P);
        }
        let mut t = [0u32; 16];
        t[..8].copy_from_slice(&lo);
        t[8..].copy_from_slice(&hi);
        check(&t);
    }
}

#[test]
fn scalar_arithmetic_matches_reference() {
    let v = samples(&N);
    for a in &v {
        let ra = scalar_ref(a);
        let one = [1, 0, 0, 0, 0, 0, 0, 0];
        match div_mod(&one, a, &N) {
            Some(w) => assert_eq!(w, scalar_of(&ra.invert().unwrap())),
            None => assert!(is_zero(a)),
        }
        // b/a mod n, and a·b·2^-256 mod n.
        let r_inv = Scalar::from_repr(be(&R_MOD_N).into())
            .unwrap()
            .invert()
            .unwrap();
        for b in v.iter().step_by(5) {
            let rb = scalar_ref(b);
            match div_mod(b, a, &N) {
                Some(q) => assert_eq!(q, scalar_of(&(rb * ra.invert().unwrap())), "{a:x?} {b:x?}"),
                None => assert!(is_zero(a)),
            }
            assert_eq!(
                mont_mul_n(a, b),
                scalar_of(&(ra * rb * r_inv)),
                "{a:x?} {b:x?}"
            );
        }
    }
}

#[test]
fn square_root_of_compressed_keys() {
    let mut s = Stream(3);
    for _ in 0..50 {
        let k = Scalar::reduce(U256::from_be_slice(&s.next()));
        let p = (ProjectivePoint::GENERATOR * k).to_affine();
        let want = Affine::from_sec1(p.to_encoded_point(false).as_bytes()).unwrap();
        assert_eq!(
            Affine::from_sec1(p.to_encoded_point(true).as_bytes()),
            Some(want)
        );
    }
}

#[test]
fn g_table_is_odd_multiples_of_g() {
    // Re-derived with this module's own formulas, and checked against the reference crate.
    let g = Jacobian::from_affine(&G_TABLE[0]);
    let g2 = g.double();
    let mut p = g;
    for (i, entry) in G_TABLE.iter().enumerate() {
        assert_eq!(to_affine(&p).unwrap(), *entry, "{}G", 2 * i + 1);
        let k = Scalar::from(2 * i as u64 + 1);
        assert_eq!(affine_of(&(ProjectivePoint::GENERATOR * k)), *entry);
        p = p.add(&g2);
    }
    // The table width matches its length.
    assert_eq!(G_TABLE.len(), 1 << (G_WINDOW - 2));
    assert_eq!(Q_TABLE_LEN, 1 << (Q_WINDOW - 2));
}

#[test]
fn point_formulas_and_their_special_cases() {
    let g = G_TABLE[0];
    let gj = Jacobian::from_affine(&g);
    let rg = ProjectivePoint::GENERATOR;
    // Doubling.
    assert_eq!(to_affine(&gj.double()).unwrap(), affine_of(&rg.double()));
    // P + P through the addition formulas is a doubling.
    assert_eq!(
        to_affine(&gj.add_affine(&g)).unwrap(),
        affine_of(&rg.double())
    );
    assert_eq!(to_affine(&gj.add(&gj)).unwrap(), affine_of(&rg.double()));
    // A Jacobian point with Z != 1 plus its own affine form.
    let g3 = gj.double().add_affine(&g);
    let g3a = to_affine(&g3).unwrap();
    assert_eq!(
        to_affine(&g3.add_affine(&g3a)).unwrap(),
        affine_of(&(rg * Scalar::from(6u64)))
    );
    // P + (-P) is the identity.
    assert!(gj.add_affine(&g.neg()).is_identity());
    assert!(g3.add_affine(&g3a.neg()).is_identity());
    assert!(g3.add(&Jacobian::from_affine(&g3a.neg())).is_identity());
    // The identity is neutral on both sides, and doubles to itself.
    let o = Jacobian::IDENTITY;
    assert_eq!(to_affine(&o.add_affine(&g)).unwrap(), g);
    assert_eq!(to_affine(&o.add(&g3)).unwrap(), g3a);
    assert_eq!(to_affine(&g3.add(&o)).unwrap(), g3a);
    assert!(o.double().is_identity());
    // Random sums against the reference.
    let mut s = Stream(11);
    for _ in 0..50 {
        let a = Scalar::reduce(U256::from_be_slice(&s.next()));
        let b = Scalar::reduce(U256::from_be_slice(&s.next()));
        let (pa, pb) = (rg * a, rg * b);
        let ja = Jacobian::from_affine(&affine_of(&pa))
            .double()
            .add(&Jacobian::IDENTITY);
        let jb = Jacobian::from_affine(&affine_of(&pb)).double();
        let want = affine_of(&(pa.double() + pb.double()));
        assert_eq!(to_affine(&ja.add(&jb)).unwrap(), want);
        assert_eq!(
            to_affine(&ja.add_affine(&to_affine(&jb).unwrap())).unwrap(),
            want
        );
    }
}

#[test]
fn naf_digits_sum_to_the_scalar() {
    for k in samples(&N) {
        for w in [Q_WINDOW, G_WINDOW] {
            let digits = naf(&k, w);
            // Horner from the top, in the scalar field: sum d_i 2^i = k.
            let mut acc = Scalar::ZERO;
            let mut last_nonzero: Option<usize> = None;
            for (i, &d) in digits.iter().enumerate().rev() {
                acc = acc.double();
                if d != 0 {
                    assert_eq!(d.rem_euclid(2), 1, "odd");
                    assert!(d.unsigned_abs() < 1 << (w - 1));
                    if let Some(j) = last_nonzero {
                        assert!(j - i >= w as usize, "digits too close");
                    }
                    last_nonzero = Some(i);
                    let m = Scalar::from(u64::from(d.unsigned_abs()));
                    acc += if d < 0 { -m } else { m };
                }
            }
            assert_eq!(scalar_of(&acc), k);
        }
    }
}

/// u1·G + u2·Q by the reference crate, or `None` for the identity.
fn reference_combination(u1: &Limbs, u2: &Limbs, q: &ProjectivePoint) -> Option<Affine> {
    let r = ProjectivePoint::GENERATOR * scalar_ref(u1) + *q * scalar_ref(u2);
    (r != ProjectivePoint::IDENTITY).then(|| affine_of(&r))
}

#[test]
fn double_scalar_mul_edge_cases() {
    let one = [1u32, 0, 0, 0, 0, 0, 0, 0];
    let two = [2u32, 0, 0, 0, 0, 0, 0, 0];
    let mut n1 = N;
    sub_assign(&mut n1, &one);
    let mut n2 = n1;
    sub_assign(&mut n2, &one);
    let mut s = Stream(21);
    let rand = limbs_from_be(&s.next());
    let mut rand = rand;
    while geq(&rand, &N) {
        sub_assign(&mut rand, &N);
    }
    let rq = ProjectivePoint::GENERATOR * scalar_ref(&rand);
    let qs = [
        ProjectivePoint::GENERATOR,
        -ProjectivePoint::GENERATOR,
        ProjectivePoint::GENERATOR.double(),
        ProjectivePoint::GENERATOR * Scalar::from(7u64),
        -(ProjectivePoint::GENERATOR * Scalar::from(15u64)),
        rq,
    ];
    let scalars = [[0u32; 8], one, two, n1, n2, rand, [15, 0, 0, 0, 0, 0, 0, 0]];
    for q in &qs {
        let qa = affine_of(q);
        for u1 in &scalars {
            for u2 in &scalars {
                let got = double_scalar_mul(u1, u2, &qa).unwrap();
                let want = reference_combination(u1, u2, q);
                assert_eq!(to_affine(&got), want, "u1 {u1:x?} u2 {u2:x?} q {qa:x?}");
            }
        }
        // u1·G + u2·Q = identity when u2·Q = -u1·G, e.g. Q = ±G.
    }
}

/// A signature (r, s) and digest e that verify with u1, u2 chosen by the caller:
/// r = x(u1·G + u2·Q) mod n, s = r·u2^-1, e = u1·s.
fn forge_for(u1: &Limbs, u2: &Limbs, q: &ProjectivePoint) -> Option<([u8; 32], Limbs, Limbs)> {
    let rp = reference_combination(u1, u2, q)?;
    let r = Scalar::reduce(U256::from_be_slice(&be(&rp.x.to_limbs())));
    let (r, u2s) = (r, scalar_ref(u2));
    if bool::from(r.is_zero()) || bool::from(u2s.is_zero()) {
        return None;
    }
    let s = r * u2s.invert().unwrap();
    let e = scalar_ref(u1) * s;
    Some((e.to_bytes().into(), scalar_of(&r), scalar_of(&s)))
}

#[test]
fn verify_digest_with_edge_scalars() {
    let one = [1u32, 0, 0, 0, 0, 0, 0, 0];
    let mut n1 = N;
    sub_assign(&mut n1, &one);
    let qs = [
        ProjectivePoint::GENERATOR,
        -ProjectivePoint::GENERATOR,
        ProjectivePoint::GENERATOR * Scalar::from(3u64),
        ProjectivePoint::GENERATOR * Scalar::from(123_456_789u64),
    ];
    let scalars = [
        [0u32; 8],
        one,
        [2, 0, 0, 0, 0, 0, 0, 0],
        n1,
        [3, 0, 0, 0, 0, 0, 0, 0],
    ];
    let mut checked = 0;
    for q in &qs {
        let qa = affine_of(q);
        for u1 in &scalars {
            for u2 in &scalars {
                let Some((e, r, s)) = forge_for(u1, u2, q) else {
                    continue;
                };
                assert_eq!(verify_digest(&qa, &e, &r, &s), Some(()), "{u1:x?} {u2:x?}");
                // One bit off in r, s or e: rejected.
                let mut r2 = r;
                r2[0] ^= 1;
                assert_eq!(verify_digest(&qa, &e, &r2, &s), None);
                let mut s2 = s;
                s2[3] ^= 0x100;
                if !geq(&s2, &N) {
                    assert_eq!(verify_digest(&qa, &e, &r, &s2), None);
                }
                let mut e2 = e;
                e2[31] ^= 1;
                assert_eq!(verify_digest(&qa, &e2, &r, &s), None);
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn final_check_covers_r_plus_n() {
    // x(R) = r + n (possible when r < p - n): accepted for r, not for r + 1; with Z != 1.
    let z = Fe([7, 0, 0, 0, 0, 0, 0, 9]);
    let zz = z.square();
    let jac = |x: &Limbs| Jacobian {
        x: fe(x).mul(&zz),
        y: Fe::ONE,
        z,
    };
    for r in [[5u32, 0, 0, 0, 0, 0, 0, 0], {
        let mut m = P_MINUS_N;
        sub_assign(&mut m, &[1, 0, 0, 0, 0, 0, 0, 0]);
        m
    }] {
        let mut x = r;
        add_assign(&mut x, &N);
        assert!(!geq(&x, &P));
        assert!(x_matches(&jac(&x), &r));
        assert!(x_matches(&jac(&r), &r));
        let mut r1 = r;
        add_assign(&mut r1, &[1, 0, 0, 0, 0, 0, 0, 0]);
        assert!(!x_matches(&jac(&x), &r1));
    }
    // r >= p - n: only x = r.
    let r = P_MINUS_N;
    let mut x = r;
    add_assign(&mut x, &N);
    assert_eq!(x, P);
    assert!(x_matches(&jac(&r), &r));
    // The identity never matches.
    assert!(!x_matches(&Jacobian::IDENTITY, &[1, 0, 0, 0, 0, 0, 0, 0]));
}

#[test]
fn der_parsing_is_strict() {
    let ok = |der: &[u8]| parse_signature(der).is_some();
    // Minimal: r = 1, s = 1.
    assert!(ok(&[0x30, 6, 2, 1, 1, 2, 1, 1]));
    // A leading zero only when the next byte has its top bit set.
    assert!(ok(&[0x30, 7, 2, 2, 0, 0x80, 2, 1, 1]));
    assert!(!ok(&[0x30, 7, 2, 2, 0, 0x7F, 2, 1, 1]));
    // Negative, zero, empty.
    assert!(!ok(&[0x30, 6, 2, 1, 0x80, 2, 1, 1]));
    assert!(!ok(&[0x30, 6, 2, 1, 0, 2, 1, 1]));
    assert!(!ok(&[0x30, 5, 2, 0, 2, 1, 1]));
    // Wrong tags, long-form lengths, trailing bytes, short input.
    assert!(!ok(&[0x31, 6, 2, 1, 1, 2, 1, 1]));
    assert!(!ok(&[0x30, 6, 3, 1, 1, 2, 1, 1]));
    assert!(!ok(&[0x30, 0x81, 6, 2, 1, 1, 2, 1, 1]));
    assert!(!ok(&[0x30, 7, 2, 0x81, 1, 1, 2, 1, 1]));
    assert!(!ok(&[0x30, 6, 2, 1, 1, 2, 1, 1, 0]));
    assert!(!ok(&[0x30, 7, 2, 1, 1, 2, 1, 1, 0]));
    assert!(!ok(&[0x30, 6, 2, 1, 1, 2, 1]));
    assert!(!ok(&[0x30, 3, 2, 1, 1]));
    assert!(!ok(&[]));
    // r = n is out of range, n - 1 is not.
    let mut der = std::vec![0x30, 38, 2, 33, 0];
    der.extend_from_slice(&be(&N));
    der.extend_from_slice(&[2, 1, 1]);
    assert!(!ok(&der));
    let mut n1 = N;
    sub_assign(&mut n1, &[1, 0, 0, 0, 0, 0, 0, 0]);
    der.truncate(5);
    der.extend_from_slice(&be(&n1));
    der.extend_from_slice(&[2, 1, 1]);
    assert!(ok(&der));
    // 33 magnitude bytes are too many.
    let mut der = std::vec![0x30, 40, 2, 34, 0, 0x80];
    der.extend_from_slice(&[0; 32]);
    der.extend_from_slice(&[2, 1, 1]);
    assert!(!ok(&der));
}

#[test]
fn public_keys_are_checked() {
    let g = ProjectivePoint::GENERATOR.to_affine();
    let unc = g.to_encoded_point(false);
    assert!(Affine::from_sec1(unc.as_bytes()).is_some());
    assert!(Affine::from_sec1(g.to_encoded_point(true).as_bytes()).is_some());
    // Off the curve.
    let mut bad = unc.as_bytes().to_vec();
    bad[64] ^= 1;
    assert_eq!(Affine::from_sec1(&bad), None);
    // Coordinate >= p (x + p does not fit; use y = p which is y = 0 mod p).
    let mut big = unc.as_bytes().to_vec();
    big[33..].copy_from_slice(&be(&P));
    assert_eq!(Affine::from_sec1(&big), None);
    // Identity, wrong tags and lengths, a compressed x with no point.
    assert_eq!(Affine::from_sec1(&[0]), None);
    assert_eq!(Affine::from_sec1(&[]), None);
    assert_eq!(Affine::from_sec1(&unc.as_bytes()[..64]), None);
    let mut hybrid = unc.as_bytes().to_vec();
    hybrid[0] = 6;
    assert_eq!(Affine::from_sec1(&hybrid), None);
    let mut c = std::vec![2u8];
    c.extend_from_slice(&[0; 31]);
    // Find an x with no y: x^3 - 3x + b a non-square.
    let mut found = false;
    for x in 0u8..50 {
        c.push(x);
        let fx = fe(&[u32::from(x), 0, 0, 0, 0, 0, 0, 0]);
        let rhs = fx.curve_rhs();
        let is_square = rhs.pow(&SQRT_EXP).square() == rhs;
        assert_eq!(Affine::from_sec1(&c).is_some(), is_square);
        found |= !is_square;
        c.pop();
    }
    assert!(found);
    // Compressed x >= p.
    let mut c = std::vec![3u8];
    c.extend_from_slice(&be(&P));
    assert_eq!(Affine::from_sec1(&c), None);
    let _ = AffinePoint::GENERATOR.x();
}

#[test]
fn differential_against_p256_signatures() {
    use p256::ecdsa::signature::Signer as _;
    let mut s = Stream(1234);
    let mut valid = 0;
    let mut rejected = 0;
    for i in 0..200 {
        let sk = loop {
            if let Ok(k) = p256::ecdsa::SigningKey::from_slice(&s.next()) {
                break k;
            }
        };
        let vk = sk.verifying_key();
        let compressed = i % 4 == 0;
        let key = vk.to_encoded_point(compressed);
        let key = key.as_bytes();
        let msg_len = (s.next()[0] as usize) % 100;
        let msg = &s.next().repeat(4)[..msg_len];
        let sig: p256::ecdsa::Signature = sk.sign(msg);
        let der = sig.to_der();
        let der = der.as_bytes();
        assert_eq!(verify(key, msg, der), Ok(()), "case {i}");
        valid += 1;
        // One bit flipped in r, s, the message or the key.
        let bits = s.next();
        let (r_bytes, s_bytes) = (sig.r().to_bytes(), sig.s().to_bytes());
        for which in 0..2 {
            let mut rs = [r_bytes, s_bytes];
            let bit = usize::from(bits[which]);
            rs[which][bit / 8] ^= 1 << (bit % 8);
            if let Ok(bad) = p256::ecdsa::Signature::from_scalars(rs[0], rs[1]) {
                assert_eq!(
                    verify(key, msg, bad.to_der().as_bytes()),
                    Err(Error::BadSignature)
                );
                rejected += 1;
            }
        }
        let mut m2 = msg.to_vec();
        if m2.is_empty() {
            m2.push(0);
        } else {
            let bit = usize::from(bits[2]) % (m2.len() * 8);
            m2[bit / 8] ^= 1 << (bit % 8);
        }
        assert_eq!(verify(key, &m2, der), Err(Error::BadSignature));
        rejected += 1;
        let mut k2 = key.to_vec();
        let bit = usize::from(bits[3]) % ((k2.len() - 1) * 8);
        k2[1 + bit / 8] ^= 1 << (bit % 8);
        // A flipped key is almost never on the curve (BadKey); if it is, it is another key.
        let got = verify(&k2, msg, der);
        assert!(
            got == Err(Error::BadKey) || got == Err(Error::BadSignature),
            "{got:?}"
        );
        rejected += 1;
    }
    assert_eq!(valid, 200);
    assert!(rejected >= 700, "{rejected}");
}

#[test]
fn wide_mul_halves_is_the_product() {
    // The ARMv6-M product from 16-bit halves, on edge values and random ones.
    let edges = [
        0u32,
        1,
        2,
        0xFFFF,
        0x1_0000,
        0x1_0001,
        0x7FFF_FFFF,
        0x8000_0000,
        0xFFFE_FFFF,
        0xFFFF_0000,
        0xFFFF_FFFE,
        0xFFFF_FFFF,
    ];
    let mut s = Stream(21);
    let mut values = edges.to_vec();
    for _ in 0..64 {
        let b = s.next();
        values.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        values.push(u32::from_le_bytes([b[4], b[5], 0xFF, 0xFF]));
    }
    for &a in &values {
        for &b in &values {
            let want = u64::from(a) * u64::from(b);
            assert_eq!(wide_mul_halves(a, b), want, "{a:#x} * {b:#x}");
            assert_eq!(wide_mul(a, b), want);
        }
        // The largest mac: (2^32 - 1)^2 + 2(2^32 - 1) = 2^64 - 1.
        assert_eq!(mac(a, u32::MAX, u32::MAX, u32::MAX).1 as u64, {
            let t = u128::from(a) * u128::from(u32::MAX) + 2 * u128::from(u32::MAX);
            (t >> 32) as u64
        });
    }
}

#[test]
fn small_multiples_match_reference() {
    // k·a for every k the point formulas use (and the rest up to 8), edge values included.
    for a in samples(&P) {
        let (fa, ra) = (fe(&a), fe_ref(&fe(&a)));
        for k in 0..=8u32 {
            let want = fe_of(&(ra * FieldElement::from(u64::from(k))));
            assert_eq!(fa.mul_small(k), want, "{k} * {a:x?}");
        }
    }
    // fold_top over its whole range, on r = 0, r = p - 1 and r = 2^256 - 1.
    let mut p1 = P;
    sub_assign(&mut p1, &[1, 0, 0, 0, 0, 0, 0, 0]);
    let two256 = fe_of(&(FieldElement::from_u64(1 << 32).pow_vartime(&[8, 0, 0, 0])));
    for r in [[0u32; 8], p1, [u32::MAX; 8]] {
        // r below 2^256 may be >= p: its residue through the reference.
        let mut rr = r;
        if geq(&rr, &P) {
            sub_assign(&mut rr, &P);
        }
        let base = fe_ref(&fe(&rr));
        for top in -4i64..=7 {
            let t = fe_ref(&two256) * FieldElement::from(top.unsigned_abs());
            let want = if top < 0 { base - t } else { base + t };
            let got = fold_top(r, top);
            assert!(!geq(&got, &P), "{top} {r:x?}");
            assert_eq!(fe(&got).to_limbs(), fe_of(&want).to_limbs(), "{top} {r:x?}");
        }
    }
}
