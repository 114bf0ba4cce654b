// End-to-end test of consortium governance on a running `--dev` node with @polkadot/api:
// the hospitals registry, the council and the session keys decode to readable types; the
// council admits a fourth hospital with 2 of 3 ayes and votes another down; the new
// hospital's admin generates session keys on the node (`author_rotateKeysWithOwner`) and
// registers them with `session.setKeys`.
//
// Usage: node tests/e2e/governance.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, MHR_DEFINITIONS, motion, run, send } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 240_000;

async function main() {
  await cryptoWaitReady();
  const provider = new WsProvider(endpoint);
  const api = await ApiPromise.create({ provider, noInitWarn: true, ...MHR_DEFINITIONS });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob, charlie, dave, eve] =
    ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve'].map((uri) => keyring.addFromUri(uri));
  console.log(`connected to ${endpoint}`);

  // The registry, the council and the session keys, as polkadot.js decodes them.
  const hospitals = (await api.query.hospitals.hospitals.entries())
    .map(([key, value]) => [key.args[0].toNumber(), value.unwrap()])
    .sort(([a], [b]) => a - b);
  check(hospitals.length === 3, 'three hospitals registered at genesis');
  const [id0, first] = hospitals[0];
  check(id0 === 0 && first.name.toUtf8() === 'Alice General Hospital',
    `hospital 0 reads "${first.name.toUtf8()}", ${first.status.type}, vault ${first.vaultUrl.toUtf8()}`);
  check(first.status.isActive && first.admin.toString() === alice.address, 'its admin is Alice and it is active');
  const members = (await api.query.council.members()).map(String);
  check(members.length === 3 && [alice, bob, charlie].every((a) => members.includes(a.address)),
    'the council is the three hospitals\' admins');
  const aliceKeys = await api.query.session.nextKeys(alice.address);
  check(aliceKeys.isSome && aliceKeys.unwrap().aura.toString().length > 0 && aliceKeys.unwrap().grandpa !== undefined,
    'Alice\'s session keys decode as { aura, grandpa }');
  check(api.consts.hospitals.minHospitals.toNumber() === 3, 'MinHospitals is 3');

  // 1 of 3 ayes: voted down.
  const admitEve = api.tx.hospitals.admit('Eve Hospital', eve.address, 'https://eve.example');
  const rejected = await motion(api, admitEve, { proposer: alice, ayes: [alice], nays: [bob, charlie], closer: alice });
  check(rejected.some((e) => api.events.council.Disapproved.is(e)), 'a motion with 1 aye of 3 is disapproved');
  check((await api.query.hospitals.hospitalOfAdmin(eve.address)).isNone, 'Eve\'s hospital was not admitted');

  // 2 of 3 ayes admit Dave's hospital.
  const admitDave = api.tx.hospitals.admit('Dave Hospital', dave.address, 'https://dave.example');
  const closed = await motion(api, admitDave, { proposer: alice, ayes: [alice, bob], nays: [], closer: charlie });
  const executed = closed.find((e) => api.events.council.Executed.is(e));
  check(executed !== undefined && executed.data[1].isOk, 'the motion was approved and executed');
  const admitted = closed.find((e) => api.events.hospitals.HospitalAdmitted.is(e));
  check(admitted !== undefined && admitted.data.admin.toString() === dave.address,
    `Dave's hospital admitted as hospital ${admitted?.data.hospital}`);
  check((await api.query.council.members()).map(String).includes(dave.address), 'Dave joined the council');

  // Dave's node generates keys for Dave's account; Dave registers them.
  const generated = await provider.send('author_rotateKeysWithOwner', [u8aToHex(dave.publicKey)]);
  check(typeof generated.keys === 'string' && typeof generated.proof === 'string',
    'the node generated session keys with an ownership proof');
  await send(api, api.tx.session.setKeys(generated.keys, generated.proof), dave, 'session.setKeys');
  const daveKeys = await api.query.session.nextKeys(dave.address);
  check(daveKeys.isSome && daveKeys.unwrap().toHex() === generated.keys,
    'Dave\'s session keys are registered; he authors from the session after next');
  await send(api, api.tx.session.setKeys(generated.keys, '0x00'), dave, 'session.setKeys with a bad proof')
    .then(() => check(false, 'a bad ownership proof is refused'))
    .catch((error) => check(error.message.includes('session.InvalidProof'), 'a bad ownership proof is refused (session.InvalidProof)'));

  await api.disconnect();
}

run('governance test', TIMEOUT_MS, main);
