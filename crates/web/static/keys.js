// keys.js — a person's keys, made and kept by this browser. WebCrypto makes key pairs whose
// private halves cannot be exported; the browser keeps them in IndexedDB (a CryptoKey
// survives there as an object, never as bytes). Nobody types a key.
//
// * The signing key (Ed25519): signs the person in and signs in rooms (the evaluation room
//   and the report sign with it in one click).
// * The custody key (X25519): a round's opening-key shares are sealed to it, so a custodian
//   opens theirs in one click on the opening page (opening.js). It is made for everyone on
//   the link page (the server keeps it only for people who may hold shares), and on "my
//   keys" (/work/keys) for a custodian who already has an account.
//
// Both public halves are bound on the one-time link's page, together with the password: the
// link vouches for them.
import { toHex } from '/static/seal.js';

const DB = 'sunbid-keys';
const STORE = 'keys';
// The custody key's record: the person's id with this suffix (one store, one row per key).
const CUSTODY = '#custody';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'person' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

async function row(key) {
  if (!key || !window.indexedDB) return null;
  try {
    return (await run('readonly', (s) => s.get(key))) ?? null;
  } catch {
    return null;
  }
}

/** The private signing key this browser keeps for `person`, or null. */
export async function browserKey(person) {
  return (await row(person))?.privateKey ?? null;
}

/** The custody key this browser keeps for `person`: { privateKey, publicHex }, or null. */
export async function custodyKey(person) {
  const r = await row(person && `${person}${CUSTODY}`);
  return r?.privateKey ? { privateKey: r.privateKey, publicHex: r.publicHex } : null;
}

/** Keeps `privateKey` (a CryptoKey) and its public half under `key` (a person's id, or the id
 * with `#custody`). */
export function keep(key, privateKey, publicHex) {
  return run('readwrite', (s) => s.put({ person: key, privateKey, publicHex }));
}

/** Makes a key pair of `algorithm` and keeps it under `key`; returns the public key as hex,
 * or null if this browser cannot (no such algorithm in WebCrypto, no IndexedDB). */
async function make(key, algorithm, usages) {
  if (!key || !window.indexedDB || !crypto?.subtle) return null;
  try {
    const pair = await crypto.subtle.generateKey({ name: algorithm }, false, usages);
    const publicHex = toHex(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    await keep(key, pair.privateKey, publicHex);
    return publicHex;
  } catch {
    return null;
  }
}

/** Makes and keeps a new signing key (Ed25519) for `person`; its public key as hex, or null. */
export function makeKey(person) {
  return make(person, 'Ed25519', ['sign', 'verify']);
}

/** Makes and keeps a new custody key (X25519) for `person`; its public key as hex, or null.
 * It replaces the one kept before: bind the new one, or shares go to the old. */
export function makeCustodyKey(person) {
  return make(person && `${person}${CUSTODY}`, 'X25519', ['deriveBits']);
}

// On the one-time link's page: make both keys and send their public halves with the password.
const form = document.getElementById('activate-form');
if (form) {
  const field = form.querySelector('input[name="public_key"]');
  const custodyField = form.querySelector('input[name="custody_key"]');
  const note = document.getElementById('key-note');
  const person = form.querySelector('input[name="person"]')?.value;
  makeKey(person).then((hex) => {
    if (!hex || !field) return;
    field.value = hex;
    if (note) note.hidden = false;
  });
  makeCustodyKey(person).then((hex) => {
    if (hex && custodyField) custodyField.value = hex;
  });
}

// On "my keys": whether this browser holds the bound custody key; one click makes and binds one.
const custodyForm = document.getElementById('custody-form');
if (custodyForm) {
  const person = custodyForm.dataset.person;
  const here = document.getElementById('custody-here');
  const bound = document.getElementById('custody-public')?.textContent.trim() || '';
  custodyKey(person).then((kept) => {
    if (here) here.textContent = kept && kept.publicHex === bound ? here.dataset.yes : here.dataset.no;
  });
  custodyForm.addEventListener('submit', async (event) => {
    const field = custodyForm.querySelector('input[name="public_key"]');
    if (field.value) return; // made already: let the form go
    event.preventDefault();
    const button = custodyForm.querySelector('button');
    button.disabled = true;
    const hex = await makeCustodyKey(person);
    if (!hex) {
      document.getElementById('custody-unsupported').hidden = false;
      button.disabled = false;
      return;
    }
    field.value = hex;
    custodyForm.submit();
  });
}
