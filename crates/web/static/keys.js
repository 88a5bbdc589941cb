// keys.js — a person's signing key, made and kept by this browser. WebCrypto makes an Ed25519
// key pair whose private half cannot be exported; the browser keeps it in IndexedDB (a
// CryptoKey survives there as an object, never as bytes). The public half is bound to the
// account on the one-time link's page, together with the password: the link vouches for it.
// Nobody types a key: the evaluation room and the report sign with it in one click.
import { toHex } from '/static/seal.js';

const DB = 'sunbid-keys';
const STORE = 'keys';

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

/** The private key this browser keeps for `person`, or null. */
export async function browserKey(person) {
  if (!person || !window.indexedDB) return null;
  try {
    const row = await run('readonly', (s) => s.get(person));
    return row?.privateKey ?? null;
  } catch {
    return null;
  }
}

/** Makes and keeps a new key for `person`; returns its public key as hex, or null if this
 * browser cannot (no Ed25519 in WebCrypto, no IndexedDB). */
export async function makeKey(person) {
  if (!person || !window.indexedDB || !crypto?.subtle) return null;
  try {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    const publicHex = toHex(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    await run('readwrite', (s) => s.put({ person, privateKey: pair.privateKey, publicHex }));
    return publicHex;
  } catch {
    return null;
  }
}

// On the one-time link's page: make the key and send its public half with the password.
const form = document.getElementById('activate-form');
if (form) {
  const field = form.querySelector('input[name="public_key"]');
  const note = document.getElementById('key-note');
  const person = form.querySelector('input[name="person"]')?.value;
  makeKey(person).then((hex) => {
    if (!hex || !field) return;
    field.value = hex;
    if (note) note.hidden = false;
  });
}
