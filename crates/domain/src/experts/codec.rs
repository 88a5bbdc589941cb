//! The canonical byte encoding that the draw's hashes are taken over (docs/DRAW.md §3). Every
//! primitive is written out here so that anyone can re-implement it in another language:
//!
//! | primitive | bytes |
//! |---|---|
//! | `u8(x)` | 1 byte |
//! | `u32(x)` | 4 bytes, big-endian |
//! | `i64(x)` | 8 bytes, big-endian two's complement |
//! | `bytes(b)` | `u32(len(b))` then `b` |
//! | `str(s)` | `bytes(UTF-8 of s)` |
//! | `date(d)` | `str("YYYY-MM-DD")` |
//! | `instant(t)` | `i64(unix seconds)` then `u32(nanoseconds)` (the offset is irrelevant) |
//! | `opt(x)` | `u8(0)` if absent, else `u8(1)` then `x` |
//! | `list(xs)` | `u32(count)` then each item, in the order the spec gives |
//! | `set(xs)` | each item encoded alone, the encodings sorted bytewise ascending, then `u32(count)` and the sorted encodings (duplicates kept) |

use legal_time::{Date, OffsetDateTime};
use sha2::{Digest, Sha256};

/// A growing canonical encoding.
#[derive(Debug, Default, Clone)]
pub struct Encoder {
    buf: Vec<u8>,
}

impl Encoder {
    pub fn new() -> Encoder {
        Encoder::default()
    }

    /// Starts with `str(tag)`, the domain separation of one hash input.
    pub fn tagged(tag: &str) -> Encoder {
        let mut e = Encoder::new();
        e.str(tag);
        e
    }

    pub fn u8(&mut self, x: u8) -> &mut Self {
        self.buf.push(x);
        self
    }

    pub fn u32(&mut self, x: u32) -> &mut Self {
        self.buf.extend_from_slice(&x.to_be_bytes());
        self
    }

    pub fn i64(&mut self, x: i64) -> &mut Self {
        self.buf.extend_from_slice(&x.to_be_bytes());
        self
    }

    /// Raw bytes with no length (only for fixed-size values such as 32-byte hashes).
    pub fn raw(&mut self, b: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(b);
        self
    }

    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.u32(len_u32(b.len()));
        self.raw(b)
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub fn date(&mut self, d: Date) -> &mut Self {
        self.str(&iso_date(d))
    }

    pub fn instant(&mut self, t: OffsetDateTime) -> &mut Self {
        self.i64(t.unix_timestamp());
        self.u32(t.nanosecond())
    }

    pub fn opt<T>(&mut self, x: Option<T>, f: impl FnOnce(&mut Encoder, T)) -> &mut Self {
        match x {
            None => {
                self.u8(0);
            }
            Some(v) => {
                self.u8(1);
                f(self, v);
            }
        }
        self
    }

    /// `list`: the count, then each item in the given order.
    pub fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Encoder, &T)) -> &mut Self {
        self.u32(len_u32(items.len()));
        for item in items {
            f(self, item);
        }
        self
    }

    /// `set`: each item encoded alone, sorted bytewise, then the count and the encodings.
    pub fn set<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Encoder, &T)) -> &mut Self {
        let mut encoded: Vec<Vec<u8>> = items
            .iter()
            .map(|item| {
                let mut e = Encoder::new();
                f(&mut e, item);
                e.buf
            })
            .collect();
        encoded.sort();
        self.u32(len_u32(encoded.len()));
        for e in encoded {
            self.raw(&e);
        }
        self
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn sha256(&self) -> [u8; 32] {
        sha256(&self.buf)
    }
}

fn len_u32(n: usize) -> u32 {
    u32::try_from(n).expect("canonical encoding: more than 2^32-1 items or bytes")
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// `YYYY-MM-DD` (years 0..=9999; the calendar refuses others long before).
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Hex (either case) to bytes; `None` for an odd length or a non-hex character.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    s.as_bytes()
        .chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn primitives_are_written_as_documented() {
        let mut e = Encoder::new();
        e.u8(7).u32(0x0102_0304).i64(-2).str("é");
        assert_eq!(
            e.clone().into_bytes(),
            [
                7, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 2, 0xc3,
                0xa9
            ]
        );
        let mut d = Encoder::new();
        d.date(date!(2026 - 10 - 09));
        assert_eq!(d.into_bytes()[4..], *b"2026-10-09");
        let mut t = Encoder::new();
        t.instant(datetime!(1970-01-01 08:00:01.5 +8));
        assert_eq!(
            t.into_bytes(),
            [0, 0, 0, 0, 0, 0, 0, 1, 0x1d, 0xcd, 0x65, 0]
        );
    }

    #[test]
    fn sets_ignore_input_order_lists_do_not() {
        let enc_set = |xs: &[&str]| {
            let mut e = Encoder::new();
            e.set(xs, |e, s| {
                e.str(s);
            });
            e.into_bytes()
        };
        assert_eq!(enc_set(&["b", "a", "cc"]), enc_set(&["cc", "b", "a"]));
        let mut l = Encoder::new();
        l.list(&["b", "a"], |e, s| {
            e.str(s);
        });
        assert_eq!(
            l.into_bytes(),
            [0, 0, 0, 2, 0, 0, 0, 1, b'b', 0, 0, 0, 1, b'a']
        );
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(to_hex(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(from_hex("00AB10"), Some(vec![0, 0xab, 0x10]));
        assert_eq!(from_hex("0"), None);
        assert_eq!(from_hex("zz"), None);
    }
}
