//! One generic zero-copy list for every TLS vector of structured items.
//!
//! A [`List`] is either the wire bytes of a parsed vector or a borrowed slice of typed items that
//! is about to be encoded; both iterate the same way. The length prefix and the `<min..max>` bounds
//! come from the element type ([`ListItem`]), as the RFC's presentation language declares them
//! (RFC 8446 §3.4).
//!
//! Panic contract: parsing validates the syntax of every element, so iteration over a parsed
//! list never fails; an iterator that meets malformed bytes anyway (it cannot, but the code does
//! not rely on it) simply ends.

use core::fmt;

use crate::{Codec, Error, Prefix, Reader, Result, Writer};

/// An element type of a TLS vector, with the vector's length prefix and byte bounds.
pub trait ListItem<'a>: Codec<'a> + Copy {
    /// Width of the vector's length prefix.
    const PREFIX: Prefix;
    /// Smallest vector length in bytes (the `min` of `<min..max>`).
    const MIN: usize;
    /// Largest vector length in bytes (the `max` of `<min..max>`).
    const MAX: usize;
}

/// A vector of `T`: wire bytes after parsing, or typed items for encoding.
#[derive(Clone, Copy)]
pub enum List<'a, T> {
    /// The vector body as received (without its length prefix), already validated.
    Wire(&'a [u8]),
    /// Items to encode.
    Items(&'a [T]),
}

impl<'a, T: ListItem<'a>> List<'a, T> {
    /// The items, in order.
    #[must_use]
    pub fn iter(&self) -> ListIter<'a, T> {
        ListIter {
            inner: match *self {
                Self::Wire(b) => IterInner::Wire(Reader::new(b)),
                Self::Items(items) => IterInner::Items(items.iter()),
            },
        }
    }

    /// The number of items (walks a wire list).
    #[must_use]
    pub fn len(&self) -> usize {
        match *self {
            Self::Wire(_) => self.iter().count(),
            Self::Items(items) => items.len(),
        }
    }

    /// Whether the list has no items.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match *self {
            Self::Wire(b) => b.is_empty(),
            Self::Items(items) => items.is_empty(),
        }
    }

    /// Whether `item` is in the list.
    #[must_use]
    pub fn contains(&self, item: &T) -> bool
    where
        T: PartialEq,
    {
        self.iter().any(|i| i == *item)
    }

    /// The body bytes of a parsed list (without the length prefix); `None` for typed items.
    #[must_use]
    pub const fn wire_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Self::Wire(b) => Some(b),
            Self::Items(_) => None,
        }
    }
}

impl<'a, T: ListItem<'a>> Codec<'a> for List<'a, T> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let body = r.vec(T::PREFIX, 0, T::PREFIX.max())?;
        if body.is_empty() && T::MIN > 0 {
            // RFC 8446 §3.4: a vector shorter than its floor is malformed (decode_error).
            return Err(Error::EmptyList);
        }
        if body.len() < T::MIN || body.len() > T::MAX {
            return Err(Error::BadLength);
        }
        let mut items = Reader::new(body);
        while !items.is_empty() {
            T::parse(&mut items)?;
        }
        Ok(Self::Wire(body))
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.nested(T::PREFIX, |w| {
            let start = w.len();
            match *self {
                Self::Wire(b) => w.bytes(b)?,
                Self::Items(items) => {
                    for item in items {
                        item.encode(w)?;
                    }
                }
            }
            let len = w.len().saturating_sub(start);
            if len < T::MIN || len > T::MAX {
                return Err(Error::ValueTooLarge);
            }
            Ok(())
        })
    }
}

impl<'a, T: ListItem<'a> + PartialEq> PartialEq for List<'a, T> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<'a, T: ListItem<'a> + Eq> Eq for List<'a, T> {}

impl<'a, T: ListItem<'a> + fmt::Debug> fmt::Debug for List<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T: ListItem<'a>> IntoIterator for List<'a, T> {
    type Item = T;
    type IntoIter = ListIter<'a, T>;
    fn into_iter(self) -> ListIter<'a, T> {
        self.iter()
    }
}

/// Iterator over a [`List`].
#[derive(Clone, Debug)]
pub struct ListIter<'a, T> {
    inner: IterInner<'a, T>,
}

#[derive(Clone, Debug)]
enum IterInner<'a, T> {
    Wire(Reader<'a>),
    Items(core::slice::Iter<'a, T>),
}

impl<'a, T: ListItem<'a>> Iterator for ListIter<'a, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match &mut self.inner {
            IterInner::Wire(r) => {
                if r.is_empty() {
                    return None;
                }
                match T::parse(r) {
                    Ok(item) => Some(item),
                    Err(_) => {
                        // Unreachable for a parsed list (validated); end rather than loop.
                        *r = Reader::new(&[]);
                        None
                    }
                }
            }
            IterInner::Items(it) => it.next().copied(),
        }
    }
}

/// Declares the vector bounds of an element type.
macro_rules! list_item {
    ($ty:ty, $prefix:ident, $min:expr, $max:expr) => {
        impl<'a> $crate::list::ListItem<'a> for $ty {
            const PREFIX: $crate::Prefix = $crate::Prefix::$prefix;
            const MIN: usize = $min;
            const MAX: usize = $max;
        }
    };
}
pub(crate) use list_item;

/// Declares a newtype over an opaque vector (`opaque Name<min..max>`) with its codec.
macro_rules! opaque {
    ($(#[$meta:meta])* $name:ident, $prefix:ident, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub struct $name<'a>(pub &'a [u8]);

        impl<'a> $crate::Codec<'a> for $name<'a> {
            fn parse(r: &mut $crate::Reader<'a>) -> $crate::Result<Self> {
                r.vec($crate::Prefix::$prefix, $min, $max).map(Self)
            }
            fn encode(&self, w: &mut $crate::Writer<'_>) -> $crate::Result<()> {
                $crate::list::encode_opaque(w, $crate::Prefix::$prefix, $min, $max, self.0)
            }
        }
    };
}
pub(crate) use opaque;

/// Writes `body` behind a `prefix`, checking the `<min..max>` bounds.
///
/// # Errors
/// [`Error::ValueTooLarge`] if `body` is outside the bounds, else as [`Writer::vec`].
pub(crate) fn encode_opaque(
    w: &mut Writer<'_>,
    prefix: Prefix,
    min: usize,
    max: usize,
    body: &[u8],
) -> Result<()> {
    if body.len() < min || body.len() > max {
        return Err(Error::ValueTooLarge);
    }
    w.vec(prefix, body)
}

// Integers used as whole extension bodies (RFC 8446 §4.2.11 selected_identity, §4.2.10
// max_early_data_size, RFC 8449 §4 record_size_limit).
impl<'a> Codec<'a> for u8 {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        r.u8()
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(*self)
    }
}

impl<'a> Codec<'a> for u16 {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        r.u16()
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u16(*self)
    }
}

impl<'a> Codec<'a> for u32 {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        r.u32()
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u32(*self)
    }
}

// Vector bounds of the enum element types, from the RFC presentation language.
// RFC 8446 §4.1.2: CipherSuite cipher_suites<2..2^16-2>.
list_item!(crate::enums::CipherSuite, U16, 2, 0xfffe);
// RFC 8446 §4.2.7: NamedGroup named_group_list<2..2^16-1>.
list_item!(crate::enums::NamedGroup, U16, 2, 0xffff);
// RFC 8446 §4.2.3: SignatureScheme supported_signature_algorithms<2..2^16-2>.
list_item!(crate::enums::SignatureScheme, U16, 2, 0xfffe);
// RFC 8446 §4.2.1: ProtocolVersion versions<2..254>.
list_item!(crate::enums::ProtocolVersion, U8, 2, 254);
// RFC 8446 §4.2.9: PskKeyExchangeMode ke_modes<1..255>.
list_item!(crate::enums::PskKeyExchangeMode, U8, 1, 255);
