// Cross-language check driven by crates/seal/tests/js.rs (not a node --test file).
//
// stdin:  {"publicKeyHex", "keyIdHex", "trade", "custodianSeedHex", "shareEnvelopeHex"}
// stdout: {"bidEnvelopeHex", "shareHex", "shareTrade"}
//
// Seals a bid package with seal.js for Rust to open, and opens a share Rust sealed to an
// Ed25519 custodian.

import { fromHex, makeBidPackage, openShareEd25519, parseEnvelope, sealBid, toHex } from '../../web/static/seal.js';

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

process.stdout.write(
  JSON.stringify({ bidEnvelopeHex: toHex(bid), shareHex: toHex(share), shareTrade: parseEnvelope(shareEnvelope).trade }),
);
