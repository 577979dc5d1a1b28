//! Server ticket keys and their two lifetimes (`s2n_config_add_ticket_crypto_key`,
//! `s2n_config_set_ticket_encrypt_decrypt_key_lifetime`,
//! `s2n_config_set_ticket_decrypt_key_lifetime`).
//!
//! A key introduced at `intro_ms` encrypts and decrypts during
//! `[intro_ms, intro_ms + encrypt_decrypt_ms)`, then only decrypts during the following
//! `decrypt_only_ms`, then is dead. Among the keys in their encrypt window the one with the
//! newest `intro_ms` encrypts; with none, no tickets are issued ([`crate::Error::NoEncryptKey`]).
//! Rotation is therefore just adding a key with a later `intro_ms` before the current one
//! leaves its encrypt window; all times are the caller's clock in milliseconds.

use crate::bytes::Hex;
use crate::{Error, Result, TICKET_KEY_NAME_LEN, TICKET_KEY_SECRET_LEN};
use zeroize::Zeroize;

/// The two lifetimes of every ticket key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TicketKeyLifetimes {
    /// How long after its introduction a key encrypts (and decrypts). s2n-tls: 2 hours.
    pub encrypt_decrypt_ms: u64,
    /// How long after that a key still decrypts. s2n-tls: 13 hours.
    pub decrypt_only_ms: u64,
}

impl TicketKeyLifetimes {
    /// s2n-tls's defaults: 2 hours encrypt-decrypt, 13 hours decrypt-only.
    pub const DEFAULT: Self = Self {
        encrypt_decrypt_ms: 2 * 60 * 60 * 1000,
        decrypt_only_ms: 13 * 60 * 60 * 1000,
    };
}

impl Default for TicketKeyLifetimes {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A ticket encryption key: a public name (written at the front of each ticket, so the server
/// finds the key again), a 32-byte secret (wiped on drop, never shown by `Debug`) and the time
/// it was introduced.
///
/// Names must be unique among the keys a server holds at one time.
///
/// ```
/// use tls_psk::{Error, TicketKey, TicketKeyLifetimes};
///
/// const H: u64 = 3_600_000;
/// let lifetimes = TicketKeyLifetimes::default(); // 2 h encrypt-decrypt, 13 h decrypt-only
/// let keys = [TicketKey::new([1; 16], &[0x11; 32], 0), TicketKey::new([2; 16], &[0x22; 32], H)];
/// assert_eq!(TicketKey::select_for_encrypt(&keys, &lifetimes, H / 2)?.name, [1; 16]);
/// assert_eq!(TicketKey::select_for_encrypt(&keys, &lifetimes, H)?.name, [2; 16]); // newest
/// assert!(TicketKey::select_for_decrypt(&keys, &lifetimes, 14 * H, &[1; 16]).is_ok());
/// assert_eq!(
///     TicketKey::select_for_decrypt(&keys, &lifetimes, 15 * H, &[1; 16]).map(|k| k.intro_ms),
///     Err(Error::KeyExpired)
/// );
/// assert_eq!(
///     TicketKey::select_for_encrypt(&keys, &lifetimes, 3 * H).map(|k| k.intro_ms),
///     Err(Error::NoEncryptKey)
/// );
/// # Ok::<(), Error>(())
/// ```
pub struct TicketKey {
    /// The key's name, copied into every ticket it seals.
    pub name: [u8; TICKET_KEY_NAME_LEN],
    secret: [u8; TICKET_KEY_SECRET_LEN],
    /// When the key starts encrypting, in the caller's milliseconds.
    pub intro_ms: u64,
}

impl TicketKey {
    /// A key named `name` with `secret`, in use from `intro_ms`. The secret is copied; the
    /// caller wipes its own copy.
    #[must_use]
    pub fn new(
        name: [u8; TICKET_KEY_NAME_LEN],
        secret: &[u8; TICKET_KEY_SECRET_LEN],
        intro_ms: u64,
    ) -> Self {
        Self {
            name,
            secret: *secret,
            intro_ms,
        }
    }

    /// As [`TicketKey::new`] with the secret as a slice (e.g. decoded from hex).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `secret` is not [`TICKET_KEY_SECRET_LEN`] bytes.
    pub fn from_slice(
        name: [u8; TICKET_KEY_NAME_LEN],
        secret: &[u8],
        intro_ms: u64,
    ) -> Result<Self> {
        let mut key = Self::new(name, &[0; TICKET_KEY_SECRET_LEN], intro_ms);
        if secret.len() != TICKET_KEY_SECRET_LEN {
            return Err(Error::InvalidValue);
        }
        key.secret.copy_from_slice(secret);
        Ok(key)
    }

    /// Whether the key encrypts at `now_ms`: `intro_ms <= now_ms < intro_ms + encrypt_decrypt_ms`.
    #[must_use]
    pub fn can_encrypt(&self, lifetimes: &TicketKeyLifetimes, now_ms: u64) -> bool {
        let end = self.intro_ms.saturating_add(lifetimes.encrypt_decrypt_ms);
        self.intro_ms <= now_ms && now_ms < end
    }

    /// Whether the key decrypts at `now_ms`:
    /// `intro_ms <= now_ms < intro_ms + encrypt_decrypt_ms + decrypt_only_ms`.
    #[must_use]
    pub fn can_decrypt(&self, lifetimes: &TicketKeyLifetimes, now_ms: u64) -> bool {
        let end = self
            .intro_ms
            .saturating_add(lifetimes.encrypt_decrypt_ms)
            .saturating_add(lifetimes.decrypt_only_ms);
        self.intro_ms <= now_ms && now_ms < end
    }

    /// The key that encrypts at `now_ms`: the newest `intro_ms` among the keys in their
    /// encrypt window (the first listed on a tie).
    ///
    /// # Errors
    /// [`Error::NoEncryptKey`] if no key is in its encrypt window.
    pub fn select_for_encrypt<'k>(
        keys: &'k [TicketKey],
        lifetimes: &TicketKeyLifetimes,
        now_ms: u64,
    ) -> Result<&'k TicketKey> {
        keys.iter()
            .filter(|k| k.can_encrypt(lifetimes, now_ms))
            .fold(None, |best: Option<&TicketKey>, k| match best {
                Some(b) if b.intro_ms >= k.intro_ms => Some(b),
                _ => Some(k),
            })
            .ok_or(Error::NoEncryptKey)
    }

    /// The key named `name` that decrypts at `now_ms`.
    ///
    /// # Errors
    /// [`Error::UnknownKey`] if no key has that name, [`Error::KeyExpired`] if the named keys
    /// are all outside their decrypt window.
    pub fn select_for_decrypt<'k>(
        keys: &'k [TicketKey],
        lifetimes: &TicketKeyLifetimes,
        now_ms: u64,
        name: &[u8; TICKET_KEY_NAME_LEN],
    ) -> Result<&'k TicketKey> {
        let mut named = false;
        for k in keys.iter().filter(|k| &k.name == name) {
            named = true;
            if k.can_decrypt(lifetimes, now_ms) {
                return Ok(k);
            }
        }
        Err(if named {
            Error::KeyExpired
        } else {
            Error::UnknownKey
        })
    }

    /// The secret, for deriving the AEAD key.
    pub(crate) fn secret(&self) -> &[u8; TICKET_KEY_SECRET_LEN] {
        &self.secret
    }
}

impl Drop for TicketKey {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl zeroize::ZeroizeOnDrop for TicketKey {}

impl core::fmt::Debug for TicketKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TicketKey")
            .field("name", &Hex(&self.name))
            .field("secret", &"<redacted>")
            .field("intro_ms", &self.intro_ms)
            .finish()
    }
}
