// The vault's HTTP protocol, spoken by a second implementation (@polkadot/keyring signing,
// Node's fetch) against a running vault: what `mhr` does, checked from outside, and the
// requests `mhr` never makes.
//
// Usage: node tests/e2e/vault-protocol.mjs <vault URL> <record id>
// The vault must be hospital 0's, with //Dave a doctor practising there and //Eve and //Ferdie
// registered doctors (as scripts/e2e-vault.sh sets them up).

import { createHash } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, run, sha256 } from './lib.mjs';

const [vault, record] = process.argv.slice(2);

// What a client signs for one request (see mhr_client::vault::challenge_message).
function message(hospital, challenge, method, path, body = Buffer.alloc(0)) {
  const hospitalBytes = Buffer.alloc(4);
  hospitalBytes.writeUInt32LE(hospital);
  return Buffer.concat([Buffer.from('mhr-vault/v1\n'), hospitalBytes, Buffer.from(challenge, 'hex'),
    Buffer.from(`${method} ${path}\n`), createHash('sha256').update(body).digest()]);
}

async function challenge() {
  const response = await fetch(`${vault}/v1/challenges`, { method: 'POST' });
  check(response.status === 200, 'POST /v1/challenges answers 200');
  return response.json();
}

// A request to `path` signed by `signer` claiming to be `claimed` (default: the signer).
async function signed(method, path, signer, { claimed = signer.address, body, reuse } = {}) {
  const issued = reuse ?? await challenge();
  const signed = message(issued.hospital, issued.challenge, method, path, body ?? Buffer.alloc(0));
  const signature = Buffer.from(signer.sign(signed)).toString('hex');
  const authorization = `MHR account=${claimed}, challenge=${issued.challenge}, signature=${signature}`;
  const response = await fetch(`${vault}${path}`, { method, body, headers: { authorization } });
  return { response, issued, body: await response.json().catch(() => null) };
}

async function blobs() {
  return (await (await fetch(`${vault}/v1/health`)).json()).blobs;
}

async function main() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [dave, eve, ferdie] = ['//Dave', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
  const held = await blobs();

  const junk = Buffer.from('bytes that are not what their address says');
  const wrongAddress = sha256('other bytes').slice(2);
  const mismatch = await signed('PUT', `/v1/blobs/${wrongAddress}`, dave, { body: junk });
  check(mismatch.response.status === 401 && mismatch.body.error === 'unauthorized',
    `a blob PUT to another hash's address, signed over its bytes, is refused before they are read: 401 ${mismatch.body?.error}`);
  check(await blobs() === held, 'and nothing was stored');

  const stored = await signed('PUT', `/v1/blobs/${sha256(junk).slice(2)}`, dave, { body: junk });
  check(stored.response.status === 201, 'a well-signed blob PUT by a doctor of this hospital is stored (201)');
  const replay = await signed('PUT', `/v1/blobs/${sha256(junk).slice(2)}`, dave, { body: junk, reuse: stored.issued });
  check(replay.response.status === 401, `the same challenge again, validly signed: 401 (${replay.body?.message})`);
  const issued = await challenge();
  const bodySwap = await fetch(`${vault}/v1/blobs/${sha256('x').slice(2)}`, {
    method: 'PUT',
    body: 'x',
    headers: {
      authorization: `MHR account=${dave.address}, challenge=${issued.challenge}, signature=${
        Buffer.from(dave.sign(message(issued.hospital, issued.challenge, 'PUT',
          `/v1/blobs/${sha256('x').slice(2)}`, Buffer.from('y')))).toString('hex')}`,
    },
  });
  check(bodySwap.status === 401, 'a signature over another body: 401 (the body is signed)');
  const stranger = await signed('PUT', `/v1/blobs/${sha256(junk).slice(2)}`, eve, { body: junk });
  check(stranger.response.status === 403 && stranger.body.error === 'not_a_doctor_here',
    `a doctor of another hospital may not store blobs here: 403 ${stranger.body?.error}`);
  check(await blobs() === held + 1, 'and nothing was stored');

  const path = `/v1/records/${record}?purpose=1`;
  const forged = await signed('GET', path, ferdie, { claimed: eve.address });
  check(forged.response.status === 401, `Ferdie's signature claiming Eve's account: 401 (${forged.body?.message})`);
  const unsigned = await fetch(`${vault}${path}`);
  check(unsigned.status === 401, 'an unsigned read: 401');
}

run('vault protocol', 60_000, main);
