// Cross-language check driven by crates/seal/tests/js.rs (not a node --test file).
//
// stdin:  {"publicKeyHex", "keyIdHex", "trade", "custodianSeedHex", "shareEnvelopeHex",
//          "openingSecretHex", "openingPublicHex", "openingShareEnvelopeHex"}
// stdout: {"bidEnvelopeHex", "shareHex", "shareTrade", "openingShareHex", "extractable"}
//
// Seals a bid package with seal.js for Rust to open, opens a share Rust sealed to an Ed25519
// custodian, and one sealed to an X25519 opening key held as a non-extractable CryptoKey.

import { fromHex, makeBidPackage, openShareEd25519, openShareX25519, parseEnvelope, sealBid, toHex } from '../../web/static/seal.js';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const utf8 = new TextEncoder();
const pkg = await makeBidPackage({
  trade: input.trade,
  bidder: '91350100M000100Y43',
  priceFen: 9_007_199_254_740_991, // Number.MAX_SAFE_INTEGER: the largest exact price JS can send
  periodDays: 365,
  depositAccount: '6222 0210 0000 0000 000',
  files: [
    { name: '投标函.pdf', lot: '1', bytes: utf8.encode('%PDF-1.7 lot one') },
    { name: 'prices.xlsx', lot: null, bytes: Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff) },
  ],
});
const bid = await sealBid(fromHex(input.publicKeyHex), input.keyIdHex, input.trade, pkg);
const shareEnvelope = fromHex(input.shareEnvelopeHex);
const share = await openShareEd25519(fromHex(input.custodianSeedHex), shareEnvelope);

// As a browser keeps it: a CryptoKey that cannot be exported (imported here from the test's
// fixed secret; a browser makes it with generateKey).
const pkcs8 = new Uint8Array([...fromHex('302e020100300506032b656e04220420'), ...fromHex(input.openingSecretHex)]);
const openingKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
const openingShare = await openShareX25519(openingKey, fromHex(input.openingPublicHex), fromHex(input.openingShareEnvelopeHex));

process.stdout.write(
  JSON.stringify({
    bidEnvelopeHex: toHex(bid),
    shareHex: toHex(share),
    shareTrade: parseEnvelope(shareEnvelope).trade,
    openingShareHex: toHex(openingShare),
    extractable: openingKey.extractable,
  }),
);
