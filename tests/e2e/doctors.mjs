// End-to-end test of doctors and their stake on a running `--dev` node with @polkadot/api:
// a hospital's admin registers a doctor with a rank, the doctor bonds (signing through every
// transaction extension, PrioritizeSeniority included), the weight and the hospital's total
// read back as polkadot.js decodes them; another hospital's admin is refused.
//
// Usage: node tests/e2e/doctors.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, MHR_DEFINITIONS, run, send } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 180_000;
const UNITS = 10n ** 12n;

async function main() {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true, ...MHR_DEFINITIONS });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob, ferdie] = ['//Alice', '//Bob', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
  console.log(`connected to ${endpoint}`);

  check(api.registry.signedExtensions.includes('PrioritizeSeniority'),
    'the runtime lists the PrioritizeSeniority transaction extension');
  const ranks = api.consts.doctors.ranks;
  check(ranks.length === 5 && ranks[2].multiplier.toNumber() === 3,
    `ranks decode: ${ranks.map((r) => `x${r.multiplier} min ${r.minBond.toBigInt() / UNITS} MHR`).join(', ')}`);

  // Alice, admin of hospital 0, registers Ferdie as a specialist (rank 2).
  const licence = `0x${'11'.repeat(32)}`;
  const registered = await send(api, api.tx.doctors.registerDoctor(ferdie.address, 2, licence), alice, 'doctors.registerDoctor');
  check(registered.some((e) => api.events.doctors.DoctorRegistered.is(e) && e.data.hospital.toNumber() === 0),
    'Ferdie registered as a doctor of hospital 0');

  // Ferdie bonds 100 MHR: a specialist's weight is 3 per unit of bond.
  await send(api, api.tx.doctors.bond(100n * UNITS), ferdie, 'doctors.bond');
  const info = (await api.query.doctors.doctors(ferdie.address)).unwrap();
  check(info.bonded.toBigInt() === 100n * UNITS && info.hospital.unwrap().toNumber() === 0,
    `Ferdie's entry decodes: rank ${info.rank}, bonded ${info.bonded.toBigInt() / UNITS} MHR, licence ${info.licenceHash.toHex().slice(0, 10)}…`);
  check(info.weight.toBigInt() === 300n * UNITS, 'his endorsement weight is 300 (MHR units)');
  check((await api.query.doctors.hospitalWeight(0)).toBigInt() === 300n * UNITS, 'hospital 0\'s total weight is his');
  const held = await api.query.balances.holds(ferdie.address);
  check(held.some((h) => h.id.isDoctors && h.amount.toBigInt() === 100n * UNITS),
    'the bond is a Doctors hold of 100 MHR on his balance');

  // Bob (hospital 1) may not touch hospital 0's doctor.
  await send(api, api.tx.doctors.setRank(ferdie.address, 4), bob, 'doctors.setRank')
    .then(() => check(false, 'another hospital cannot rank Alice\'s doctor'))
    .catch((error) => check(error.message.includes('doctors.NotYourDoctor'),
      'another hospital cannot rank Alice\'s doctor (doctors.NotYourDoctor)'));

  await api.disconnect();
}

run('doctors test', TIMEOUT_MS, main);
