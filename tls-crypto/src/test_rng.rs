//! Deterministic random number generators for tests and measurement builds.
//!
//! **Never use these in production**: their output is predictable by design.

use crate::{Error, Hash, Result, Rng};

/// A seeded, deterministic stream: SHA-256(seed || counter) blocks.
///
/// The same seed always gives the same bytes, so tests and instruction counts repeat.
#[derive(Clone, Debug)]
pub struct TestRng {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl TestRng {
    /// A generator for `seed`.
    #[must_use]
    pub const fn new(seed: [u8; 32]) -> Self {
        Self {
            seed,
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    fn refill(&mut self) {
        let mut h = crate::rustcrypto::Sha2Hash::Sha256(sha2::Sha256::default());
        h.update(&self.seed);
        h.update(&self.counter.to_be_bytes());
        self.counter = self.counter.wrapping_add(1);
        let d = h.finish();
        self.block
            .copy_from_slice(d.as_bytes().get(..32).unwrap_or(&[0; 32]));
        self.used = 0;
    }
}

impl Rng for TestRng {
    fn fill(&mut self, dest: &mut [u8]) -> Result<()> {
        for b in dest {
            if self.used >= self.block.len() {
                self.refill();
            }
            *b = *self.block.get(self.used).ok_or(Error::Rng)?;
            self.used = self.used.saturating_add(1);
        }
        Ok(())
    }
}

/// Replays a fixed script of bytes, then fails. Used to reproduce published traces (RFC 8448)
/// whose randoms and private keys are given.
#[derive(Clone, Debug)]
pub struct ScriptedRng<'a> {
    script: &'a [u8],
}

impl<'a> ScriptedRng<'a> {
    /// A generator that hands out `script` in order.
    #[must_use]
    pub const fn new(script: &'a [u8]) -> Self {
        Self { script }
    }

    /// Bytes not handed out yet.
    #[must_use]
    pub const fn remaining(&self) -> usize {
        self.script.len()
    }
}

impl Rng for ScriptedRng<'_> {
    fn fill(&mut self, dest: &mut [u8]) -> Result<()> {
        let (head, tail) = self.script.split_at_checked(dest.len()).ok_or(Error::Rng)?;
        dest.copy_from_slice(head);
        self.script = tail;
        Ok(())
    }
}
