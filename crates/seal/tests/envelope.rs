//! Envelope round trips and refusals, for every suite.

use seal::{
    BidFile, BidPackage, Envelope, EnvelopeKind, OpeningKeyPair, SealError, Suite,
    check_addressed_to, open, open_all, os_rng, seal,
};

const TRADE: &str = "GC-2026-0042";

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".to_vec()
}

#[test]
fn round_trip_every_suite_including_empty_and_large() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        assert_eq!(keys.public().as_bytes().len(), suite.public_key_len());
        assert_eq!(keys.public().key_id().len(), 64);
        for body in [Vec::new(), b"price 1".to_vec(), vec![0xA5; 1 << 20]] {
            let env = seal(keys.public(), TRADE, &body, &mut rng).unwrap();
            let h = Envelope::parse(&env).unwrap();
            assert_eq!(h.suite, suite);
            assert_eq!(h.kind, EnvelopeKind::Bid);
            assert_eq!(h.trade, TRADE);
            assert_eq!(h.key_id_hex(), keys.public().key_id());
            assert_eq!(h.plaintext_len(), body.len());
            check_addressed_to(&h, TRADE, &keys.public().key_id()).unwrap();
            check_addressed_to(&h, TRADE, &keys.public().key_id().to_uppercase()).unwrap();
            assert_eq!(open(keys.secret(), &env).unwrap(), body, "{suite}");
        }
    }
}

#[test]
fn sealing_twice_gives_different_bytes() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        let a = seal(keys.public(), TRADE, b"same", &mut rng).unwrap();
        let b = seal(keys.public(), TRADE, b"same", &mut rng).unwrap();
        assert_ne!(a, b, "{suite}: fresh ephemeral key / content key each time");
    }
}

#[test]
fn a_bid_package_travels_inside() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::Sm2Sm4, &mut rng);
    let pkg = BidPackage {
        trade: TRADE.into(),
        bidder: "91350100M000100Y43".into(),
        price_fen: 98_765_432,
        period_days: 180,
        deposit_account: Some("6222 0000 1111 2222".into()),
        files: vec![BidFile::new("投标函.pdf", None, pdf())],
    };
    let env = seal(keys.public(), TRADE, &pkg.to_bytes().unwrap(), &mut rng).unwrap();
    let back = BidPackage::from_bytes(&open(keys.secret(), &env).unwrap()).unwrap();
    assert_eq!(back, pkg);
}

#[test]
fn wrong_key_is_refused_before_decrypting() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let right = OpeningKeyPair::generate(suite, &mut rng);
        let other = OpeningKeyPair::generate(suite, &mut rng);
        let env = seal(right.public(), TRADE, b"x", &mut rng).unwrap();
        let err = open(other.secret(), &env).unwrap_err();
        assert_eq!(err.code(), "seal.wrong_key", "{suite}");
        let h = Envelope::parse(&env).unwrap();
        assert_eq!(
            check_addressed_to(&h, TRADE, &other.public().key_id())
                .unwrap_err()
                .code(),
            "seal.wrong_key"
        );
    }
    // A key of another suite is the wrong key too.
    let hpke = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    let sm = OpeningKeyPair::generate(Suite::Sm2Sm4, &mut rng);
    let env = seal(hpke.public(), TRADE, b"x", &mut rng).unwrap();
    assert_eq!(
        open(sm.secret(), &env).unwrap_err().code(),
        "seal.wrong_key"
    );
}

#[test]
fn key_id_rewritten_to_the_other_key_still_fails_to_decrypt() {
    // Someone rewrites the header's key id so that `open` gets past the key-id check: the AAD
    // (and for HPKE the key itself) no longer fits, so decryption fails.
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let right = OpeningKeyPair::generate(suite, &mut rng);
        let other = OpeningKeyPair::generate(suite, &mut rng);
        let mut env = seal(right.public(), TRADE, b"x", &mut rng).unwrap();
        env[9..41].copy_from_slice(&other.public().key_id_bytes());
        assert_eq!(
            open(other.secret(), &env).unwrap_err(),
            SealError::DecryptFailed,
            "{suite}"
        );
    }
}

#[test]
fn wrong_trade_is_refused_at_upload() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    let env = seal(keys.public(), TRADE, b"x", &mut rng).unwrap();
    let h = Envelope::parse(&env).unwrap();
    let err = check_addressed_to(&h, "GC-2026-0043", &keys.public().key_id()).unwrap_err();
    assert_eq!(err.code(), "seal.wrong_trade");
}

#[test]
fn trade_rewritten_in_the_header_fails_to_decrypt() {
    // Same length so the header stays well-formed: only authentication can catch it.
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        let mut env = seal(keys.public(), TRADE, b"x", &mut rng).unwrap();
        let last = 43 + TRADE.len() - 1;
        env[last] = b'3';
        let h = Envelope::parse(&env).unwrap();
        assert_eq!(h.trade, "GC-2026-0043");
        assert_eq!(
            open(keys.secret(), &env).unwrap_err().code(),
            "seal.decrypt_failed",
            "{suite}"
        );
    }
}

#[test]
fn any_flipped_bit_in_header_or_body_fails() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        let env = seal(keys.public(), TRADE, b"the price is 100", &mut rng).unwrap();
        let h = Envelope::parse(&env).unwrap();
        for i in 0..env.len() {
            let mut t = env.clone();
            t[i] ^= 0x01;
            let err = open(keys.secret(), &t).unwrap_err();
            // Flips in the fixed fields are caught by parsing or the key-id check; everything
            // else (trade, enc, nonce, ciphertext, tag) by authentication.
            let expected = match i {
                0..=5 => "seal.not_sealed",
                6 => "seal.unsupported_version",
                7 | 41 | 42 => "seal.malformed",
                8 => "seal.unknown_suite",
                9..=40 => "seal.wrong_key",
                _ if i == 43 + TRADE.len() || i == 44 + TRADE.len() => "seal.malformed",
                _ if i == h.header_len - 8 - h.nonce.len() - 1 => "seal.malformed",
                // SM2 C1 (tag byte and coordinates) no longer on the curve: refused by parse.
                _ if suite == Suite::Sm2Sm4
                    && (45 + TRADE.len()..110 + TRADE.len()).contains(&i) =>
                {
                    "seal.malformed"
                }
                // The declared ciphertext length: now longer or shorter than the file.
                _ if (h.header_len - 8..h.header_len).contains(&i) => {
                    let declared = &t[h.header_len - 8..h.header_len];
                    if u64::from_be_bytes(declared.try_into().unwrap()) > h.ciphertext_len as u64 {
                        "seal.truncated"
                    } else {
                        "seal.trailing_data"
                    }
                }
                _ => "seal.decrypt_failed",
            };
            // A flipped suite byte may land on another known suite: then the field lengths no
            // longer fit that suite.
            let code = err.code();
            let ok = code == expected || (i == 8 && code == "seal.malformed");
            assert!(
                ok,
                "{suite}: byte {i}: got {code} ({err}), expected {expected}"
            );
        }
        // Truncation and extension: the header states the length.
        assert_eq!(
            open(keys.secret(), &env[..env.len() - 1])
                .unwrap_err()
                .code(),
            "seal.truncated"
        );
        let mut longer = env.clone();
        longer.push(0);
        assert_eq!(
            open(keys.secret(), &longer).unwrap_err().code(),
            "seal.trailing_data"
        );
    }
}

#[test]
fn unsealed_files_are_refused_with_their_own_code() {
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0u8; 100]);
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for bytes in [
        pdf(),
        zip,
        random,
        Vec::new(),
        b"SBSEA".to_vec(),
        "投标文件".as_bytes().to_vec(),
    ] {
        assert_eq!(Envelope::parse(&bytes).unwrap_err(), SealError::NotSealed);
    }
}

#[test]
fn malformed_envelopes_are_distinguished_from_unsealed_ones() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519Aes256Gcm, &mut rng);
    let env = seal(keys.public(), TRADE, b"x", &mut rng).unwrap();
    // Every truncation that cuts into the header, or leaves less than a tag, is malformed.
    let h = Envelope::parse(&env).unwrap();
    for cut in 6..h.header_len {
        let code = Envelope::parse(&env[..cut]).unwrap_err().code();
        assert!(
            code == "seal.malformed" || code == "seal.unsupported_version",
            "cut {cut}: {code}"
        );
    }
    for cut in h.header_len..env.len() {
        let code = Envelope::parse(&env[..cut]).unwrap_err().code();
        assert_eq!(code, "seal.truncated", "cut {cut}");
    }
    let mut v3 = env.clone();
    v3[6] = 3;
    assert_eq!(
        Envelope::parse(&v3).unwrap_err(),
        SealError::UnsupportedVersion(3)
    );
    let mut s9 = env.clone();
    s9[8] = 9;
    assert_eq!(
        Envelope::parse(&s9).unwrap_err(),
        SealError::UnknownSuite(9)
    );
}

#[test]
fn trade_id_limits() {
    let mut rng = os_rng();
    let keys = OpeningKeyPair::generate(Suite::HpkeX25519ChaCha20Poly1305, &mut rng);
    assert_eq!(
        seal(keys.public(), "", b"x", &mut rng).unwrap_err().code(),
        "seal.malformed"
    );
    let long = "招".repeat(86); // 258 bytes
    assert_eq!(
        seal(keys.public(), &long, b"x", &mut rng)
            .unwrap_err()
            .code(),
        "seal.malformed"
    );
    let ok = "招".repeat(85); // 255 bytes
    let env = seal(keys.public(), &ok, b"x", &mut rng).unwrap();
    assert_eq!(Envelope::parse(&env).unwrap().trade, ok);
    assert_eq!(open(keys.secret(), &env).unwrap(), b"x");
}

#[test]
fn open_all_keeps_order_and_isolates_failures() {
    let mut rng = os_rng();
    for suite in Suite::ALL {
        let keys = OpeningKeyPair::generate(suite, &mut rng);
        let other = OpeningKeyPair::generate(suite, &mut rng);
        let mut envs: Vec<Vec<u8>> = (0..9u8)
            .map(|i| seal(keys.public(), TRADE, &[i; 100], &mut rng).unwrap())
            .collect();
        envs[3] = pdf();
        let last = envs[5].len() - 1;
        envs[5][last] ^= 1;
        envs[7] = seal(other.public(), TRADE, b"elsewhere", &mut rng).unwrap();
        let refs: Vec<&[u8]> = envs.iter().map(Vec::as_slice).collect();
        let out = open_all(keys.secret(), &refs);
        assert_eq!(out.len(), 9);
        for (i, r) in out.iter().enumerate() {
            match i {
                3 => assert_eq!(r.as_ref().unwrap_err().code(), "seal.not_sealed"),
                5 => assert_eq!(r.as_ref().unwrap_err().code(), "seal.decrypt_failed"),
                7 => assert_eq!(r.as_ref().unwrap_err().code(), "seal.wrong_key"),
                _ => assert_eq!(r.as_ref().unwrap(), &vec![i as u8; 100]),
            }
        }
        assert!(open_all(keys.secret(), &[]).is_empty());
    }
}

#[test]
fn secrets_are_not_printed() {
    let keys = OpeningKeyPair::generate(Suite::Sm2Sm4, &mut os_rng());
    let dbg = format!("{keys:?}");
    assert!(dbg.contains("redacted"), "{dbg}");
}
