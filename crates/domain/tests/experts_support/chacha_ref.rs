//! ChaCha20 written from the specification (Bernstein's original layout: 64-bit block counter
//! in words 12–13, 64-bit nonce in words 14–15; RFC 8439 §2.1–2.3 for the quarter round and
//! the block function), independent of `rand_chacha`: the draw's stream must be this one,
//! whatever version of the crate produces it (docs/DRAW.md §5.1).

fn quarter_round(s: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    s[a] = s[a].wrapping_add(s[b]);
    s[d] = (s[d] ^ s[a]).rotate_left(16);
    s[c] = s[c].wrapping_add(s[d]);
    s[b] = (s[b] ^ s[c]).rotate_left(12);
    s[a] = s[a].wrapping_add(s[b]);
    s[d] = (s[d] ^ s[a]).rotate_left(8);
    s[c] = s[c].wrapping_add(s[d]);
    s[b] = (s[b] ^ s[c]).rotate_left(7);
}

/// The 16 output words of block `counter` of stream `nonce` under `key`.
pub fn block(key: &[u8; 32], counter: u64, nonce: u64) -> [u32; 16] {
    let mut init = [0u32; 16];
    init[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
    for i in 0..8 {
        init[4 + i] = u32::from_le_bytes(key[4 * i..4 * i + 4].try_into().unwrap());
    }
    init[12] = counter as u32;
    init[13] = (counter >> 32) as u32;
    init[14] = nonce as u32;
    init[15] = (nonce >> 32) as u32;
    let mut s = init;
    for _ in 0..10 {
        quarter_round(&mut s, 0, 4, 8, 12);
        quarter_round(&mut s, 1, 5, 9, 13);
        quarter_round(&mut s, 2, 6, 10, 14);
        quarter_round(&mut s, 3, 7, 11, 15);
        quarter_round(&mut s, 0, 5, 10, 15);
        quarter_round(&mut s, 1, 6, 11, 12);
        quarter_round(&mut s, 2, 7, 8, 13);
        quarter_round(&mut s, 3, 4, 9, 14);
    }
    for (out, i) in s.iter_mut().zip(init) {
        *out = out.wrapping_add(i);
    }
    s
}

/// The first `n` words of stream `nonce`.
pub fn words(key: &[u8; 32], nonce: u64, n: usize) -> Vec<u32> {
    (0u64..)
        .flat_map(|c| block(key, c, nonce))
        .take(n)
        .collect()
}
