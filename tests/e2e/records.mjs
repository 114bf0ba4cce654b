// End-to-end test of a record's life on a running `local` chain (three hospital nodes) with
// @polkadot/api: Alice's hospital registers three doctors, who bond; a patient registers and
// grants Dave read-and-write access (fee-less); Dave files a record (its SHA-256 computed
// here from a file's bytes); Eve and Ferdie endorse it to confirmed; the record is found
// through the runtime API (`api.call.recordsApi`) and the `mhr_*` RPC, verified against the
// right and a tampered file; Dave logs a read, which the patient sees in the audit trail; the
// patient revokes, and Dave's next record is refused with `records.NoWriteAccess`.
//
// Usage: node tests/e2e/records.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, MHR_DEFINITIONS, refused, run, send, sha256, sleep } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 300_000;
const UNITS = 10n ** 12n;
const CARDIOLOGY = 9;


async function main() {
  await cryptoWaitReady();
  const provider = new WsProvider(endpoint);
  const api = await ApiPromise.create({ provider, noInitWarn: true, ...MHR_DEFINITIONS });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, dave, eve, ferdie, patient] = ['//Alice', '//Dave', '//Eve', '//Ferdie', '//Dave//stash']
    .map((uri) => keyring.addFromUri(uri));
  console.log(`connected to ${endpoint}`);
  const chain = (await api.rpc.system.chain()).toString();
  check((await api.rpc.state.getRuntimeVersion()).specName.toString() === 'mhr-runtime',
    `talking to mhr-runtime on chain '${chain}'`);
  check((await api.query.records.categories(CARDIOLOGY)).unwrap().code.toUtf8() === 'ICD10:I00-I99',
    'genesis lists ICD-10 chapter IX (cardiology) as category 9');

  // Alice (hospital 0) takes on Dave as chief, Eve and Ferdie as interns; all bond 300 MHR.
  const aliceNonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await Promise.all([[dave, 4], [eve, 0], [ferdie, 0]].map(([doctor, rank], i) =>
    send(api, api.tx.doctors.registerDoctor(doctor.address, rank, `0x${'22'.repeat(32)}`), alice,
      'doctors.registerDoctor', aliceNonce + i)));
  await Promise.all([
    ...[dave, eve, ferdie].map((doctor) => send(api, api.tx.doctors.bond(300n * UNITS), doctor, 'doctors.bond')),
    send(api, api.tx.access.registerPatient(), patient, 'access.registerPatient'),
  ]);
  check((await api.query.doctors.hospitalWeight(0)).toBigInt() === 2_100n * UNITS,
    'hospital 0 weighs 2,100 MHR: Dave 1,500 (chief), Eve and Ferdie 300 each');

  // The patient grants Dave read and write access to every category, without a fee.
  const before = (await api.query.system.account(patient.address)).data.free.toBigInt();
  await send(api, api.tx.access.grantAccess(patient.address, { Doctor: dave.address }, 'All', 'ReadWrite', null),
    patient, 'access.grantAccess');
  const after = (await api.query.system.account(patient.address)).data.free.toBigInt();
  const deposit = api.consts.access.grantDeposit.toBigInt();
  check(before - after === deposit, `the grant cost the patient only its deposit (${deposit} units), no fee`);
  const basis = await api.call.accessApi.canWrite(dave.address, patient.address, CARDIOLOGY);
  check(basis.isSome && basis.unwrap().isGrant, `api.call.accessApi.canWrite: Dave may write, by ${basis.toString()}`);

  // Dave files a record: the SHA-256 of the encrypted file his vault keeps.
  const file = Buffer.from('encrypted bytes of an ECG report, as the vault stores them');
  const hash = sha256(file);
  const location = 'http://127.0.0.1:8801/records/ecg-0001';
  const submitted = await send(api, api.tx.records.submitRecord(patient.address, CARDIOLOGY, hash, location, null),
    dave, 'records.submitRecord');
  const event = submitted.find((e) => api.events.records.RecordSubmitted.is(e));
  check(event !== undefined, 'RecordSubmitted emitted');
  const id = event.data.record.toNumber();
  const pending = (await api.query.records.records(id)).unwrap();
  check(pending.status.isPending && pending.sha256.toHex() === hash, `record ${id} is pending with the file's hash`);

  // Eve's and Ferdie's 600 MHR of weight is all that may vote on Dave's record: both endorse.
  const endorsed = (await Promise.all([eve, ferdie].map((doctor) =>
    send(api, api.tx.records.endorseRecord(id), doctor, 'records.endorseRecord')))).flat();
  check(endorsed.some((e) => api.events.records.RecordConfirmed.is(e)), 'the second endorsement confirmed it');
  check(endorsed.some((e) => api.events.doctors.Rewarded.is(e) && e.data.doctor.toString() === dave.address),
    'the doctors pallet rewarded the author');

  // Search: the runtime API and the RPC.
  const page = await api.call.recordsApi.recordsByPatient(patient.address, CARDIOLOGY, null, 10);
  check(page.length === 1 && page[0][0].toNumber() === id && page[0][1].status.isConfirmed,
    'api.call.recordsApi.recordsByPatient finds it, confirmed');
  // Through the shipped RPC definitions (`api.rpc.mhr.*`).
  const viaRpc = (await api.rpc.mhr.recordsByPatient(patient.address, CARDIOLOGY, null, 10)).toJSON();
  check(viaRpc.length === 1 && viaRpc[0].status === 'confirmed' && viaRpc[0].location === location
    && viaRpc[0].author === dave.address, 'mhr_recordsByPatient returns it as JSON');
  const single = (await api.rpc.mhr.record(id)).toJSON();
  check(single.sha256 === hash, 'mhr_record returns its hash');

  // Verification: the fetched file matches; a tampered one does not; an unknown id is an error.
  const good = (await api.rpc.mhr.verifyRecord(id, sha256(file))).toJSON();
  check(good.matches === true, 'mhr_verifyRecord: the fetched file matches the index');
  const bad = await provider.send('mhr_verifyRecord', [id, sha256(Buffer.concat([file, Buffer.from('!')]))]);
  check(bad.matches === false, 'mhr_verifyRecord: a tampered file does not');
  const viaApi = await api.call.recordsApi.verifyRecord(id, hash);
  check(viaApi.isSome && viaApi.unwrap().matches.isTrue, 'api.call.recordsApi.verifyRecord agrees');
  const unknown = await provider.send('mhr_verifyRecord', [9_999, hash]).then(() => null, (e) => e.message);
  check(unknown !== null && unknown.includes('4004'), `an unknown record is a JSON-RPC error: ${unknown}`);

  // Reading leaves a trace the patient can list; Eve, without a grant, cannot log a read.
  await send(api, api.tx.access.logAccess(id, 1), dave, 'access.logAccess');
  const trail = await api.call.accessApi.auditTrail(patient.address);
  check(trail.length === 1 && trail[0].reader.toString() === dave.address && trail[0].record.toNumber() === id,
    'the patient\'s audit trail shows Dave\'s read');
  await refused(send(api, api.tx.access.logAccess(id, 1), eve, 'access.logAccess'), 'access.NoAccess',
    'Eve, without a grant, cannot log a read');

  // A read and a revocation race: Dave's read (a chief's transaction, with his seniority's
  // priority) is sent first, the patient's revocation right after, both early in one slot.
  // The revocation, a fee-less consent call, enters the pool above every doctor's
  // transaction: it comes first in the block, and the read it was meant to stop is refused.
  await nextHead(api);
  const reading = inBlock(api.tx.access.logAccess(id, 1), dave, 'access.logAccess');
  await sleep(300);
  const revoking = inBlock(api.tx.access.revokeAccess(patient.address, 0), patient, 'access.revokeAccess');
  const [read, revoke] = await Promise.all([reading, revoking]);
  check(read.block === revoke.block, `the read and the revocation are in one block (${read.block.slice(0, 10)}…)`);
  check(revoke.index < read.index && read.error === 'access.NoAccess',
    `the revocation (extrinsic ${revoke.index}, ${revoke.error ?? 'ok'}) went before the read sent ahead of it (extrinsic ${read.index}: ${read.error ?? 'served'})`);
  const trailAfterRace = await api.call.accessApi.auditTrail(patient.address);
  check(trailAfterRace.length === 1, 'the refused read left no audit entry');
  await refused(send(api, api.tx.records.submitRecord(patient.address, CARDIOLOGY, sha256(Buffer.from('2')), location, null),
    dave, 'records.submitRecord'), 'records.NoWriteAccess', 'after revocation Dave\'s next record is refused');

  await api.disconnect();
}

// Resolves at the node's next new best block.
function nextHead(api) {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const subscription = api.rpc.chain.subscribeNewHeads(() => {
      seen += 1;
      // The first notification is the current head; the second is a new one.
      if (seen === 2) subscription.then((unsubscribe) => { unsubscribe(); resolve(); });
    });
    subscription.catch(reject);
  });
}

// Signs and submits `tx` as `signer`; resolves, once it is in a block, with the block's hash,
// its index in the block and the error its call failed with (`pallet.Error`), if any.
function inBlock(tx, signer, what) {
  return new Promise((resolve, reject) => {
    const subscription = tx.signAndSend(signer, { nonce: -1 }, (result) => {
      if (result.status.isInBlock) {
        subscription.then((unsubscribe) => unsubscribe());
        const error = result.dispatchError?.isModule
          ? errorName(tx.registry, result.dispatchError)
          : result.dispatchError?.toString();
        resolve({ block: result.status.asInBlock.toHex(), index: result.txIndex, error });
      } else if (result.isError) {
        reject(new Error(`${what} not included: ${result.status.type}`));
      }
    });
    subscription.catch((error) => reject(new Error(`${what}: ${error.message}`)));
  });
}

// `pallet.Error` of a module error.
function errorName(registry, dispatchError) {
  const { section, name } = registry.findMetaError(dispatchError.asModule);
  return `${section}.${name}`;
}

run('records test', TIMEOUT_MS, main);
