// Tests of crates/web/static/seal.js with node's own runner: `node --test crates/seal/js-test/`.
// Known answers from RFC 9180 (A.1, A.2), the GCM specification (AES-256 case 16), and the
// envelope pinned by the Rust crate (src/envelope.rs, GOLDEN_AES256GCM).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  AEAD_AES128GCM,
  AEAD_CHACHA20POLY1305,
  KIND_BID,
  SealError,
  aesGcmOpen,
  aesGcmSeal,
  concat,
  encap,
  extractAndExpand,
  fromBase64,
  fromHex,
  keyIdOf,
  keySchedule,
  makeBidPackage,
  openShareEd25519,
  openWith,
  parseEnvelope,
  sealBid,
  sealWith,
  toBase64,
  toHex,
  x25519PublicFromSecret,
} from '../../web/static/seal.js';

const utf8 = new TextEncoder();
const INFO = fromHex('4f6465206f6e2061204772656369616e2055726e'); // "Ode on a Grecian Urn"
const PT = fromHex('4265617574792069732074727574682c20747275746820626561757479'); // "Beauty is truth, truth beauty"
const AAD0 = fromHex('436f756e742d30'); // "Count-0"

// RFC 9180 A.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
const A1 = {
  skEm: '52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736',
  pkEm: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
  skRm: '4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8',
  pkRm: '3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d',
  sharedSecret: 'fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc',
  context:
    '00725611c9d98c07c03f60095cd32d400d8347d45ed67097bbad50fc56da742d07cb6cffde367bb0565ba28bb02c90744a20f5ef37f30523526106f637abb05449',
  secret: '12fff91991e93b48de37e7daddb52981084bd8aa64289c3788471d9a9712f397',
  key: '4531685d41d65f03dc48f6b8302c05b0',
  baseNonce: '56d890e5accaaf011cff4b7d',
  ct0: 'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a',
};

// RFC 9180 A.2: same KEM and KDF, ChaCha20-Poly1305 (Nk = 32 like AES-256-GCM).
const A2 = {
  skEm: 'f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600',
  pkEm: '1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a',
  skRm: '8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb',
  pkRm: '4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a',
  sharedSecret: '0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7',
  secret: '5b9cd775e64b437a2335cf499361b2e0d5e444d5cb41a8a53336d8fe402282c6',
  key: 'ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91',
  baseNonce: '5c4d98150661b848853b547f',
};

// Envelope pinned by the Rust crate for the A.1 keys, trade "T-KAT-1" and PT, AES-256-GCM.
const GOLDEN_AES256GCM =
  '53425345414c0201028b228cd75ab70badbec1beb5233f068a684fe81c7c6261c0c8a7af320e9d841b' +
  '0007542d4b41542d31002037fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf443100' +
  '000000000000002d' +
  'cac3a1ad0ba97f58006c3997352a3a12e6f21577225b829aa4a3320d039cbeb9afbe6aa1c5c9d0da3f4fc6f1f7';
// The same envelope in version 1 (no length field), as written before: it still parses.
const GOLDEN_V1_AES256GCM =
  '53425345414c0101028b228cd75ab70badbec1beb5233f068a684fe81c7c6261c0c8a7af320e9d841b' +
  '0007542d4b41542d31002037fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf443100' +
  'cac3a1ad0ba97f58006c3997352a3a12e6f21577225b829aa4a3320d03c5cc342c234cc3917da1f37a6cbbc9df';

test('node WebCrypto has X25519', async () => {
  const pair = await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
  assert.equal(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)).length, 32);
});

test('RFC 9180 A.1 (AES-128-GCM): encap, key schedule and first ciphertext', async () => {
  assert.equal(toHex(await x25519PublicFromSecret(fromHex(A1.skRm))), A1.pkRm);
  const { enc, sharedSecret } = await encap(fromHex(A1.pkRm), fromHex(A1.skEm));
  assert.equal(toHex(enc), A1.pkEm);
  assert.equal(toHex(sharedSecret), A1.sharedSecret);
  const ks = await keySchedule(sharedSecret, INFO, AEAD_AES128GCM, 16);
  assert.equal(toHex(ks.context), A1.context);
  assert.equal(toHex(ks.secret), A1.secret);
  assert.equal(toHex(ks.key), A1.key);
  assert.equal(toHex(ks.baseNonce), A1.baseNonce);
  assert.equal(toHex(await aesGcmSeal(ks.key, ks.baseNonce, AAD0, PT)), A1.ct0);
});

test('RFC 9180 A.2 (ChaCha20-Poly1305, Nk = 32): encap and key schedule', async () => {
  const { enc, sharedSecret } = await encap(fromHex(A2.pkRm), fromHex(A2.skEm));
  assert.equal(toHex(enc), A2.pkEm);
  assert.equal(toHex(sharedSecret), A2.sharedSecret);
  // Decap side: DH(skR, enc) with the same kem_context gives the same secret.
  assert.equal(toHex(await x25519PublicFromSecret(fromHex(A2.skRm))), A2.pkRm);
  const ks = await keySchedule(sharedSecret, INFO, AEAD_CHACHA20POLY1305, 32);
  assert.equal(toHex(ks.secret), A2.secret);
  assert.equal(toHex(ks.key), A2.key);
  assert.equal(toHex(ks.baseNonce), A2.baseNonce);
});

test('extractAndExpand is order-sensitive in kem_context', async () => {
  const dh = new Uint8Array(32).fill(1);
  const a = await extractAndExpand(dh, concat(new Uint8Array(32), new Uint8Array(32).fill(2)));
  const b = await extractAndExpand(dh, concat(new Uint8Array(32).fill(2), new Uint8Array(32)));
  assert.notEqual(toHex(a), toHex(b));
});

test('AES-256-GCM known answer (GCM spec test case 16)', async () => {
  const key = fromHex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
  const iv = fromHex('cafebabefacedbaddecaf888');
  const aad = fromHex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const pt = fromHex(
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
  );
  const expected =
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
    '76fc6ece0f4e1768cddf8853bb2d551b';
  assert.equal(toHex(await aesGcmSeal(key, iv, aad, pt)), expected);
  assert.equal(toHex(await aesGcmOpen(key, iv, aad, fromHex(expected))), toHex(pt));
});

test('seal.js reproduces the envelope pinned by the Rust crate', async () => {
  const pk = fromHex(A1.pkRm);
  const keyId = fromHex(await keyIdOf(pk));
  const env = await sealWith(KIND_BID, pk, keyId, 'T-KAT-1', PT, fromHex(A1.skEm));
  assert.equal(toHex(env), GOLDEN_AES256GCM);
});

test('sealBid output parses and opens; header fields are right', async () => {
  const sk = crypto.getRandomValues(new Uint8Array(32));
  const pk = await x25519PublicFromSecret(sk);
  const keyId = await keyIdOf(pk);
  const body = utf8.encode('报价 1,234,567.89 元');
  const env = await sealBid(pk, keyId, 'GC-2026-0042', body);
  const h = parseEnvelope(env);
  assert.deepEqual(
    [h.version, h.kind, h.suite, h.keyId, h.trade, h.nonce.length, h.ciphertextLen],
    [2, 1, 2, keyId, 'GC-2026-0042', 0, body.length + 16],
  );
  const { plaintext } = await openWith(KIND_BID, sk, env, keyId);
  assert.equal(new TextDecoder().decode(plaintext), '报价 1,234,567.89 元');
  // Two seals of the same bid differ (fresh ephemeral key).
  assert.notEqual(toHex(await sealBid(pk, keyId, 'GC-2026-0042', body)), toHex(env));
  // Tampering anywhere after the fixed fields fails authentication.
  for (const i of [45, 43, env.length - 1, h.headerLen]) {
    const t = env.slice();
    t[i] ^= 1;
    await assert.rejects(openWith(KIND_BID, sk, t, keyId), (e) => e instanceof SealError && e.code === 'seal.decrypt_failed');
  }
});

test('sealBid refuses a key id that is not the key’s, and bad trade ids', async () => {
  const pk = await x25519PublicFromSecret(new Uint8Array(32).fill(3));
  await assert.rejects(sealBid(pk, '00'.repeat(32), 'T', utf8.encode('x')), { code: 'seal.wrong_key' });
  const id = await keyIdOf(pk);
  await assert.rejects(sealBid(pk, id, '', utf8.encode('x')), { code: 'seal.malformed' });
  await assert.rejects(sealBid(pk, id, '招'.repeat(86), utf8.encode('x')), { code: 'seal.malformed' });
});

test('parseEnvelope refuses unsealed files with seal.not_sealed', () => {
  for (const b of [utf8.encode('%PDF-1.7'), fromHex('504b0304'), new Uint8Array(0), utf8.encode('SBSEA')]) {
    assert.throws(() => parseEnvelope(b), { code: 'seal.not_sealed' });
  }
  const env = fromHex(GOLDEN_AES256GCM);
  const v3 = env.slice();
  v3[6] = 3;
  assert.throws(() => parseEnvelope(v3), { code: 'seal.unsupported_version' });
  // The header states the ciphertext's length: a cut or extended file is refused.
  assert.throws(() => parseEnvelope(env.subarray(0, env.length - 1)), { code: 'seal.truncated' });
  assert.throws(() => parseEnvelope(env.subarray(0, 100)), { code: 'seal.truncated' });
  assert.throws(() => parseEnvelope(concat(env, Uint8Array.of(0))), { code: 'seal.trailing_data' });
  const v1 = parseEnvelope(fromHex(GOLDEN_V1_AES256GCM));
  assert.deepEqual([v1.version, v1.ciphertextLen], [1, PT.length + 16]);
  const s9 = env.slice();
  s9[8] = 9;
  assert.throws(() => parseEnvelope(s9), { code: 'seal.unknown_suite' });
  assert.throws(() => parseEnvelope(env.subarray(0, 60)), { code: 'seal.malformed' });
});

test('openShareEd25519 refuses bids and foreign shares', async () => {
  const env = fromHex(GOLDEN_AES256GCM);
  await assert.rejects(openShareEd25519(new Uint8Array(32), env), { code: 'seal.wrong_kind' });
});

test('makeBidPackage builds the sunbid-bid/1 JSON', async () => {
  const pdf = utf8.encode('%PDF-1.7 fake');
  const bytes = await makeBidPackage({
    trade: 'GC-2026-0042',
    bidder: '91350100M000100Y43',
    priceFen: 123456789,
    periodDays: 90,
    files: [
      { name: '投标函.pdf', lot: '1', bytes: pdf },
      { name: '投标函.pdf', lot: '2', bytes: new Uint8Array([0, 255]) },
    ],
  });
  const pkg = JSON.parse(new TextDecoder().decode(bytes));
  assert.equal(pkg.format, 'sunbid-bid/1');
  assert.equal(pkg.price_fen, 123456789);
  assert.equal(pkg.period_days, 90);
  assert.equal('deposit_account' in pkg, false);
  assert.equal(pkg.files[0].sha256, toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', pdf))));
  assert.deepEqual(fromBase64(pkg.files[1].content_b64), new Uint8Array([0, 255]));
  const base = { trade: 'T', bidder: 'B', priceFen: 1, periodDays: 1 };
  await assert.rejects(makeBidPackage({ ...base, files: [] }), { code: 'seal.package_no_files' });
  await assert.rejects(makeBidPackage({ ...base, priceFen: -1, files: [{ name: 'a', bytes: pdf }] }), {
    code: 'seal.package_negative_price',
  });
  await assert.rejects(makeBidPackage({ ...base, priceFen: 1.5, files: [{ name: 'a', bytes: pdf }] }), {
    code: 'seal.package_malformed',
  });
  for (const name of ['../a', 'a/b', 'a\\b', '', '..', 'a\nb']) {
    await assert.rejects(makeBidPackage({ ...base, files: [{ name, bytes: pdf }] }), { code: 'seal.package_bad_file_name' });
  }
  await assert.rejects(
    makeBidPackage({ ...base, files: [{ name: 'a', bytes: pdf }, { name: 'a', bytes: pdf }] }),
    { code: 'seal.package_bad_file_name' },
  );
});

test('hex and base64 helpers', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(fromHex(toHex(all)), all);
  assert.deepEqual(fromBase64(toBase64(all)), all);
  const big = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
  assert.deepEqual(fromBase64(toBase64(big)), big);
  assert.equal(toBase64(utf8.encode('Man')), 'TWFu');
  assert.throws(() => fromHex('abc'));
  assert.throws(() => fromHex('zz'));
});
