// seal.js — sealing bids on the bidder's side, before they leave the browser.
//
// Pure WebCrypto (globalThis.crypto.subtle): no npm packages, no build step. Works as
// <script type="module"> in current browsers and in node >= 20.
//
// It writes exactly the envelope format of the Rust crate `seal` (docs/SEALING.md) with the
// suite `hpke-x25519-aes256gcm`: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256),
// HKDF-SHA256, AES-256-GCM. WebCrypto has X25519, HMAC and AES-GCM but no ChaCha20-Poly1305,
// hence this suite. HPKE's LabeledExtract / LabeledExpand / KeySchedule are built here on HMAC
// (WebCrypto's HKDF fuses extract and expand, which HPKE needs separately).
//
// Exports:
//   sealBid(publicKeyBytes, keyIdHex, tradeId, plaintextBytes) -> Promise<Uint8Array>
//   makeBidPackage({trade, bidder, priceFen, periodDays, depositAccount, files}) -> Promise<Uint8Array>
//   openShareX25519(cryptoKey, publicBytes, shareEnvelope) -> Promise<Uint8Array>  (33 share
//     bytes; the custodian's opening key, kept non-extractable by the browser)
//   openShareEd25519(seed32, shareEnvelope) -> Promise<Uint8Array>   (33 share bytes)
//   parseEnvelope(bytes) -> header object;  keyIdOf(publicKeyBytes) -> Promise<string>
//   toHex / fromHex / toBase64 / fromBase64;  SealError (with .code, as in Rust)

const subtle = globalThis.crypto.subtle;
const utf8 = new TextEncoder();

/** Error with the same stable codes as the Rust crate (`seal.not_sealed`, ...). */
export class SealError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = 'SealError';
    this.code = code;
  }
}

// ---------------------------------------------------------------- envelope constants

export const MAGIC = utf8.encode('SBSEAL');
// Version 2 ends the header with the ciphertext's length (8 bytes), so a file cut short or
// extended is refused at upload; version 1 envelopes (stored before) still parse and open.
export const VERSION = 2;
export const VERSION_1 = 1;
export const KIND_BID = 1;
export const KIND_SHARE = 2;
export const SUITE_HPKE_X25519_CHACHA20POLY1305 = 1;
export const SUITE_HPKE_X25519_AES256GCM = 2;
export const SUITE_SM2_SM4 = 3;
export const MAX_TRADE_LEN = 256;
const TAG_LEN = 16;
const ENC_LEN = { 1: 32, 2: 32, 3: 113 };
const NONCE_LEN = { 1: 0, 2: 0, 3: 12 };
const INFO_PREFIX = { [KIND_BID]: 'sunbid/bid/v1 ', [KIND_SHARE]: 'sunbid/share/v1 ' };

// HPKE identifiers (RFC 9180 §7).
const KEM_X25519_HKDF_SHA256 = 0x0020;
const KDF_HKDF_SHA256 = 0x0001;
export const AEAD_AES128GCM = 0x0001;
export const AEAD_AES256GCM = 0x0002;
export const AEAD_CHACHA20POLY1305 = 0x0003;

// ---------------------------------------------------------------- byte helpers

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function bytes(x) {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  throw new TypeError('expected bytes (Uint8Array, ArrayBuffer or a typed array)');
}

/** I2OSP: n as a big-endian integer of `len` bytes. */
function i2osp(n, len) {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = n & 0xff;
    n = Math.floor(n / 256);
  }
  return out;
}

export function toHex(b) {
  return Array.from(bytes(b), (x) => x.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s) {
  if (typeof s !== 'string' || s.length % 2 !== 0 || /[^0-9a-fA-F]/.test(s)) {
    throw new TypeError('not a hex string');
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Standard base64 with padding (what the Rust side decodes). Chunked: files can be large. */
export function toBase64(b) {
  const u = bytes(b);
  let bin = '';
  for (let i = 0; i < u.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

export function fromBase64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function sha256(data) {
  return new Uint8Array(await subtle.digest('SHA-256', data));
}

/** Key id of an opening public key: lowercase hex SHA-256 of its bytes (HPKE suites). */
export async function keyIdOf(publicKeyBytes) {
  return toHex(await sha256(bytes(publicKeyBytes)));
}

// ---------------------------------------------------------------- HKDF and HPKE key schedule

async function hmac(key, data) {
  // WebCrypto refuses zero-length HMAC keys. RFC 5869: an absent salt is HashLen zero bytes,
  // and HMAC pads short keys with zeros anyway, so this is the same function.
  const k = await subtle.importKey('raw', key.length ? key : new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', k, data));
}

/** HKDF-Extract (RFC 5869). */
export async function hkdfExtract(salt, ikm) {
  return hmac(salt, ikm);
}

/** HKDF-Expand (RFC 5869). */
export async function hkdfExpand(prk, info, length) {
  let t = new Uint8Array(0);
  let okm = new Uint8Array(0);
  for (let i = 1; okm.length < length; i++) {
    t = await hmac(prk, concat(t, info, Uint8Array.of(i)));
    okm = concat(okm, t);
  }
  return okm.slice(0, length);
}

const HPKE_V1 = utf8.encode('HPKE-v1');

export async function labeledExtract(suiteId, salt, label, ikm) {
  return hkdfExtract(salt, concat(HPKE_V1, suiteId, utf8.encode(label), ikm));
}

export async function labeledExpand(suiteId, prk, label, info, length) {
  return hkdfExpand(prk, concat(i2osp(length, 2), HPKE_V1, suiteId, utf8.encode(label), info), length);
}

const KEM_SUITE_ID = concat(utf8.encode('KEM'), i2osp(KEM_X25519_HKDF_SHA256, 2));
const EMPTY = new Uint8Array(0);

/** DHKEM ExtractAndExpand (RFC 9180 §4.1): the KEM shared secret. */
export async function extractAndExpand(dh, kemContext) {
  const eaePrk = await labeledExtract(KEM_SUITE_ID, EMPTY, 'eae_prk', dh);
  return labeledExpand(KEM_SUITE_ID, eaePrk, 'shared_secret', kemContext, 32);
}

/** KeySchedule for mode_base (RFC 9180 §5.1). Returns { key, baseNonce, secret, context }. */
export async function keySchedule(sharedSecret, info, aeadId, nk) {
  const suiteId = concat(utf8.encode('HPKE'), i2osp(KEM_X25519_HKDF_SHA256, 2), i2osp(KDF_HKDF_SHA256, 2), i2osp(aeadId, 2));
  const pskIdHash = await labeledExtract(suiteId, EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = await labeledExtract(suiteId, EMPTY, 'info_hash', info);
  const context = concat(Uint8Array.of(0x00), pskIdHash, infoHash);
  const secret = await labeledExtract(suiteId, sharedSecret, 'secret', EMPTY);
  const key = await labeledExpand(suiteId, secret, 'key', context, nk);
  const baseNonce = await labeledExpand(suiteId, secret, 'base_nonce', context, 12);
  return { key, baseNonce, secret, context };
}

// ---------------------------------------------------------------- X25519

const X25519 = { name: 'X25519' };
// PKCS#8 wrapping of a raw 32-byte X25519 private key (RFC 8410): the portable way to import
// one (raw import of private keys is not allowed, JWK would need the public half too).
const X25519_PKCS8_PREFIX = fromHex('302e020100300506032b656e04220420');
const ED25519_PKCS8_PREFIX = fromHex('302e020100300506032b657004220420');
const BASE_POINT = (() => {
  const b = new Uint8Array(32);
  b[0] = 9;
  return b;
})();

async function importX25519Private(sk) {
  return subtle.importKey('pkcs8', concat(X25519_PKCS8_PREFIX, sk), X25519, false, ['deriveBits']);
}

async function importX25519Public(pk) {
  return subtle.importKey('raw', pk, X25519, true, []);
}

async function x25519(privateKey, publicBytes) {
  const pub = await importX25519Public(publicBytes);
  const dh = new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: pub }, privateKey, 256));
  // RFC 9180 §7.1.4 / RFC 7748 §6.1: an all-zero output means a low-order public key.
  if (dh.every((x) => x === 0)) throw new SealError('seal.bad_key', 'X25519 public key is of low order');
  return dh;
}

/** X25519 public key of a raw secret: X25519(sk, 9), which needs no key export. */
export async function x25519PublicFromSecret(sk) {
  return x25519(await importX25519Private(sk), BASE_POINT);
}

/**
 * DHKEM(X25519) Encap. With `ephemeralSecret` (tests only) the ephemeral key is fixed;
 * otherwise WebCrypto generates a fresh one.
 */
export async function encap(pkR, ephemeralSecret) {
  let skE;
  let enc;
  if (ephemeralSecret) {
    skE = await importX25519Private(ephemeralSecret);
    enc = await x25519(skE, BASE_POINT);
  } else {
    const pair = await subtle.generateKey(X25519, true, ['deriveBits']);
    skE = pair.privateKey;
    enc = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  }
  const dh = await x25519(skE, pkR);
  const sharedSecret = await extractAndExpand(dh, concat(enc, pkR));
  return { enc, sharedSecret };
}

// ---------------------------------------------------------------- AEAD (AES-GCM)

export async function aesGcmSeal(key, nonce, aad, plaintext) {
  const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, k, plaintext));
}

export async function aesGcmOpen(key, nonce, aad, ciphertext) {
  const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, k, ciphertext));
  } catch {
    throw new SealError('seal.decrypt_failed', 'the envelope was altered or the key does not fit');
  }
}

// ---------------------------------------------------------------- envelope

function writeHeader(kind, suite, keyId, trade, enc, nonce, ciphertextLen) {
  return concat(
    MAGIC,
    Uint8Array.of(VERSION, kind, suite),
    keyId,
    i2osp(trade.length, 2),
    trade,
    i2osp(enc.length, 2),
    enc,
    Uint8Array.of(nonce.length),
    nonce,
    i2osp(ciphertextLen, 8),
  );
}

/**
 * Parses an envelope header as the Rust `Envelope::parse` does (of the SM2 C1 point it checks
 * only the 04 prefix, not that it is on the curve).
 * Returns { version, kind, suite, keyId (hex), trade, encapsulated, nonce, headerLen, ciphertextLen }.
 */
export function parseEnvelope(input) {
  const b = bytes(input);
  if (b.length < MAGIC.length || MAGIC.some((m, i) => b[i] !== m)) {
    throw new SealError('seal.not_sealed', 'not a sealed envelope: unencrypted files are refused');
  }
  let pos = MAGIC.length;
  const take = (n) => {
    if (pos + n > b.length) throw new SealError('seal.malformed', 'truncated header');
    const out = b.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const u8 = () => take(1)[0];
  const u16 = () => {
    const x = take(2);
    return (x[0] << 8) | x[1];
  };
  const version = u8();
  if (version !== VERSION && version !== VERSION_1) throw new SealError('seal.unsupported_version', `envelope version ${version}`);
  const kind = u8();
  if (kind !== KIND_BID && kind !== KIND_SHARE) throw new SealError('seal.malformed', 'unknown envelope kind');
  const suite = u8();
  if (!(suite in ENC_LEN)) throw new SealError('seal.unknown_suite', `suite id ${suite}`);
  const keyId = toHex(take(32));
  const tradeLen = u16();
  if (tradeLen === 0 || tradeLen > MAX_TRADE_LEN) throw new SealError('seal.malformed', 'trade id length out of range');
  let trade;
  try {
    trade = new TextDecoder('utf-8', { fatal: true }).decode(take(tradeLen));
  } catch (e) {
    if (e instanceof SealError) throw e;
    throw new SealError('seal.malformed', 'trade id is not UTF-8');
  }
  const encLen = u16();
  if (encLen !== ENC_LEN[suite]) throw new SealError('seal.malformed', 'encapsulated key length does not fit the suite');
  const encapsulated = take(encLen);
  if (suite === SUITE_SM2_SM4 && encapsulated[0] !== 0x04) throw new SealError('seal.malformed', 'SM2 C1 is not an uncompressed point');
  const nonceLen = u8();
  if (nonceLen !== NONCE_LEN[suite]) throw new SealError('seal.malformed', 'nonce length does not fit the suite');
  const nonce = take(nonceLen);
  // The declared length as a double: exact up to 2^53, far beyond any envelope.
  const declared = version === VERSION ? [...take(8)].reduce((n, x) => n * 256 + x, 0) : null;
  const headerLen = pos;
  const ciphertextLen = b.length - headerLen;
  if (declared !== null && ciphertextLen < declared) {
    throw new SealError('seal.truncated', `the header declares ${declared} bytes of ciphertext, the file has ${ciphertextLen}`);
  }
  if (declared !== null && ciphertextLen > declared) {
    throw new SealError('seal.trailing_data', `the header declares ${declared} bytes of ciphertext, the file has ${ciphertextLen}`);
  }
  if (ciphertextLen < TAG_LEN) throw new SealError('seal.malformed', 'ciphertext shorter than the tag');
  return { version, kind, suite, keyId, trade, encapsulated, nonce, headerLen, ciphertextLen };
}

function tradeBytes(tradeId) {
  if (typeof tradeId !== 'string') throw new TypeError('trade id must be a string');
  const t = utf8.encode(tradeId);
  if (t.length === 0 || t.length > MAX_TRADE_LEN) throw new SealError('seal.malformed', 'trade id length out of range');
  return t;
}

/**
 * HPKE-seals `plaintext` into an envelope (suite hpke-x25519-aes256gcm). `ephemeralSecret` is
 * for known-answer tests only.
 */
export async function sealWith(kind, publicKeyBytes, keyId, tradeId, plaintext, ephemeralSecret) {
  const pkR = bytes(publicKeyBytes);
  if (pkR.length !== 32) throw new SealError('seal.bad_key', 'X25519 key must be 32 bytes');
  const trade = tradeBytes(tradeId);
  const info = concat(utf8.encode(INFO_PREFIX[kind]), trade);
  const { enc, sharedSecret } = await encap(pkR, ephemeralSecret);
  const { key, baseNonce } = await keySchedule(sharedSecret, info, AEAD_AES256GCM, 32);
  const pt = bytes(plaintext);
  const header = writeHeader(kind, SUITE_HPKE_X25519_AES256GCM, keyId, trade, enc, EMPTY, pt.length + TAG_LEN);
  // Single shot: sequence number 0, so the nonce is base_nonce itself.
  const ct = await aesGcmSeal(key, baseNonce, header, pt);
  return concat(header, ct);
}

/**
 * Seals a bid (normally the output of makeBidPackage) for `tradeId` to the trade's opening
 * public key. `keyIdHex` is the key id the trade publishes; it is checked against the key so
 * that a mismatched pair is caught here rather than refused at upload.
 */
export async function sealBid(publicKeyBytes, keyIdHex, tradeId, plaintextBytes) {
  const pk = bytes(publicKeyBytes);
  const keyId = fromHex(keyIdHex);
  if (keyId.length !== 32 || toHex(await sha256(pk)) !== toHex(keyId)) {
    throw new SealError('seal.wrong_key', 'the key id does not belong to this public key');
  }
  return sealWith(KIND_BID, pk, keyId, tradeId, plaintextBytes);
}

/** Opens an hpke-x25519-aes256gcm envelope of `kind` with a raw X25519 secret. */
export async function openWith(kind, x25519Secret, envelope, expectedKeyIdHex) {
  const sk = await importX25519Private(x25519Secret);
  return openWithKey(kind, sk, await x25519(sk, BASE_POINT), envelope, expectedKeyIdHex);
}

/**
 * Opens an hpke-x25519-aes256gcm envelope of `kind` with an X25519 CryptoKey (which may be
 * non-extractable: only deriveBits is used) and its public key bytes.
 */
export async function openWithKey(kind, privateKey, publicBytes, envelope, expectedKeyIdHex) {
  const b = bytes(envelope);
  const h = parseEnvelope(b);
  if (h.kind !== kind) throw new SealError('seal.wrong_kind', `envelope is not a ${kind === KIND_BID ? 'bid' : 'share'}`);
  if (h.suite !== SUITE_HPKE_X25519_AES256GCM || (expectedKeyIdHex && h.keyId !== expectedKeyIdHex)) {
    throw new SealError('seal.wrong_key', `envelope is sealed to key ${h.keyId}`);
  }
  const pkR = bytes(publicBytes);
  const dh = await x25519(privateKey, h.encapsulated);
  const sharedSecret = await extractAndExpand(dh, concat(h.encapsulated, pkR));
  const info = concat(utf8.encode(INFO_PREFIX[kind]), utf8.encode(h.trade));
  const { key, baseNonce } = await keySchedule(sharedSecret, info, AEAD_AES256GCM, 32);
  const plaintext = await aesGcmOpen(key, baseNonce, b.subarray(0, h.headerLen), b.subarray(h.headerLen));
  return { header: h, plaintext };
}

/** X25519 secret of an Ed25519 seed: clamp(SHA-512(seed)[0..32]) (RFC 8032, libsodium). */
export async function ed25519SeedToX25519(seed32) {
  const h = new Uint8Array(await subtle.digest('SHA-512', bytes(seed32)));
  const x = h.slice(0, 32);
  x[0] &= 248;
  x[31] &= 127;
  x[31] |= 64;
  return x;
}

/** Ed25519 public key of a seed, if this runtime's WebCrypto has Ed25519 (else null). */
async function ed25519Public(seed32) {
  try {
    const k = await subtle.importKey('pkcs8', concat(ED25519_PKCS8_PREFIX, seed32), { name: 'Ed25519' }, true, ['sign']);
    const jwk = await subtle.exportKey('jwk', k);
    return fromBase64(jwk.x.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (jwk.x.length % 4)) % 4));
  } catch {
    return null;
  }
}

/**
 * Opens a key-share envelope sealed to an Ed25519 custodian (Rust `seal_share`), with the
 * custodian's 32-byte seed. Returns the 33 share bytes (index ‖ value); the trade is in
 * parseEnvelope(shareEnvelope).trade.
 */
export async function openShareEd25519(seed32, shareEnvelope) {
  const seed = bytes(seed32);
  if (seed.length !== 32) throw new SealError('seal.bad_key', 'an Ed25519 seed is 32 bytes');
  const pub = await ed25519Public(seed);
  // Where Ed25519 is available, a share sealed to someone else is named as such; elsewhere
  // it fails authentication instead.
  let keyId = pub ? toHex(await sha256(pub)) : undefined;
  const x = await ed25519SeedToX25519(seed);
  // A share sealed to the seed's X25519 twin as a custody key (the demo's custodians) opens too.
  const twin = toHex(await sha256(await x25519PublicFromSecret(x)));
  if (parseEnvelope(shareEnvelope).keyId === twin) keyId = twin;
  const { plaintext } = await openWith(KIND_SHARE, x, shareEnvelope, keyId);
  if (plaintext.length !== 33 || plaintext[0] === 0) throw new SealError('seal.bad_share', 'a share is 33 bytes with index 1..255');
  return plaintext;
}

/**
 * Opens a key-share envelope sealed to a custodian's opening key (Rust `seal_share` to
 * `CustodianKey::X25519`) with the X25519 CryptoKey this browser keeps and its public key
 * bytes. The private key never leaves WebCrypto. Returns the 33 share bytes.
 */
export async function openShareX25519(privateKey, publicBytes, shareEnvelope) {
  const pub = bytes(publicBytes);
  if (pub.length !== 32) throw new SealError('seal.bad_key', 'an X25519 public key is 32 bytes');
  const keyId = toHex(await sha256(pub));
  const { plaintext } = await openWithKey(KIND_SHARE, privateKey, pub, shareEnvelope, keyId);
  if (plaintext.length !== 33 || plaintext[0] === 0) throw new SealError('seal.bad_share', 'a share is 33 bytes with index 1..255');
  return plaintext;
}

// ---------------------------------------------------------------- bid package

const FORMAT = 'sunbid-bid/1';

/**
 * Builds the bid package JSON (format sunbid-bid/1) that Rust `BidPackage::from_bytes`
 * accepts. `files`: [{ name, lot (optional), bytes }]. Returns UTF-8 bytes to pass to sealBid.
 */
export async function makeBidPackage({ trade, bidder, priceFen, periodDays, depositAccount, files }) {
  if (typeof trade !== 'string' || !trade.trim()) throw new SealError('seal.package_empty_field', 'trade');
  if (typeof bidder !== 'string' || !bidder.trim()) throw new SealError('seal.package_empty_field', 'bidder');
  if (!Number.isSafeInteger(priceFen)) throw new SealError('seal.package_malformed', 'priceFen must be an integer number of fen');
  if (priceFen < 0) throw new SealError('seal.package_negative_price', 'price must not be negative');
  if (!Number.isInteger(periodDays) || periodDays < 0 || periodDays > 0xffffffff) {
    throw new SealError('seal.package_malformed', 'periodDays must be a non-negative integer');
  }
  if (!Array.isArray(files) || files.length === 0) throw new SealError('seal.package_no_files', 'a bid needs at least one file');
  const seen = new Set();
  const wireFiles = [];
  for (const f of files) {
    const name = f.name;
    const lot = f.lot ?? null;
    const bad =
      typeof name !== 'string' || !name.trim() || name === '.' || name === '..' || /[/\\\u0000-\u001f\u007f-\u009f]/.test(name);
    const k = JSON.stringify([lot, name]);
    if (bad || seen.has(k)) throw new SealError('seal.package_bad_file_name', String(name));
    seen.add(k);
    const content = bytes(f.bytes);
    const wire = { name };
    if (lot !== null) wire.lot = String(lot);
    wire.sha256 = toHex(await sha256(content));
    wire.content_b64 = toBase64(content);
    wireFiles.push(wire);
  }
  const pkg = { format: FORMAT, trade, bidder, price_fen: priceFen, period_days: periodDays };
  if (depositAccount !== undefined && depositAccount !== null) pkg.deposit_account = String(depositAccount);
  pkg.files = wireFiles;
  return utf8.encode(JSON.stringify(pkg));
}
