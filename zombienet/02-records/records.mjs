// Scenario 2, records across hospitals, on three hospital nodes: Alice's hospital (0) takes on
// Dave, Bob's (1) takes on Eve; a patient grants Dave read-and-write access and Bob's hospital
// read access to cardiology; Dave files a record through Alice's node; Eve finds it by category
// through Bob's node's `mhr_recordsByPatient`, verifies the file's hash (`mhr_verifyRecord`)
// and logs her read there; the patient revokes Bob's hospital and Eve's next logged read is
// refused; Charlie's node shows the audit trail (Eve's one read) and the patient's remaining
// grant. A failing step names the node it ran on.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, connect, on, refused, send, sha256 } from '../../tests/e2e/lib.mjs';

const UNITS = 10n ** 12n;
const CARDIOLOGY = 9;

export async function scenario(uris) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob, dave, eve, patient] = ['//Alice', '//Bob', '//Dave', '//Eve', '//Ferdie//stash']
    .map((uri) => keyring.addFromUri(uri));
  const [A, B, C] = await Promise.all([
    connect('alice', uris.alice), connect('bob', uris.bob), connect('charlie', uris.charlie),
  ]);

  await Promise.all([
    on(A, 'Alice registers Dave', (api) => send(api, api.tx.doctors.registerDoctor(dave.address, 4, `0x${'11'.repeat(32)}`), alice, 'doctors.registerDoctor')),
    on(B, 'Bob registers Eve', (api) => send(api, api.tx.doctors.registerDoctor(eve.address, 0, `0x${'22'.repeat(32)}`), bob, 'doctors.registerDoctor')),
    on(C, 'the patient registers', (api) => send(api, api.tx.access.registerPatient(), patient, 'access.registerPatient')),
  ]);
  await Promise.all([
    on(A, 'Dave bonds', (api) => send(api, api.tx.doctors.bond(300n * UNITS), dave, 'doctors.bond')),
    on(B, 'Eve bonds', (api) => send(api, api.tx.doctors.bond(50n * UNITS), eve, 'doctors.bond')),
  ]);
  check(true, 'Dave practises at hospital 0 (via alice), Eve at hospital 1 (via bob), both bonded');

  await on(C, 'the patient grants', async (api) => {
    const nonce = (await api.rpc.system.accountNextIndex(patient.address)).toNumber();
    await Promise.all([
      send(api, api.tx.access.grantAccess(patient.address, { Doctor: dave.address }, 'All', 'ReadWrite', null), patient, 'access.grantAccess', nonce),
      send(api, api.tx.access.grantAccess(patient.address, { Hospital: 1 }, { Only: [CARDIOLOGY] }, 'Read', null), patient, 'access.grantAccess', nonce + 1),
    ]);
  });
  check(true, 'the patient granted Dave read-write and hospital 1 cardiology read (via charlie)');

  const file = Buffer.from('encrypted discharge letter, as hospital 0\'s vault stores it');
  const hash = sha256(file);
  const id = await on(A, 'Dave files a record', async (api) => {
    const events = await send(api, api.tx.records.submitRecord(patient.address, CARDIOLOGY, hash, 'http://127.0.0.1:8801/records/letter-7', null), dave, 'records.submitRecord');
    return events.find((e) => api.events.records.RecordSubmitted.is(e)).data.record.toNumber();
  });
  check(true, `Dave filed record ${id} through alice`);

  await on(B, 'Eve finds and verifies the record', async (api, provider) => {
    const found = await provider.send('mhr_recordsByPatient', [patient.address, CARDIOLOGY, null, 10]);
    check(found.some((r) => r.id === id && r.sha256 === hash && r.hospital === 0),
      'bob\'s mhr_recordsByPatient finds it by category');
    const verdict = await provider.send('mhr_verifyRecord', [id, sha256(file)]);
    check(verdict.matches === true, 'bob\'s mhr_verifyRecord: the fetched file matches');
    await send(api, api.tx.access.logAccess(id, 2), eve, 'access.logAccess');
    check(true, 'Eve logged her read through bob');
  });

  await on(C, 'the patient revokes hospital 1', (api) => send(api, api.tx.access.revokeAccess(patient.address, 1), patient, 'access.revokeAccess'));
  await on(B, 'Eve\'s next read', (api) => refused(send(api, api.tx.access.logAccess(id, 2), eve, 'access.logAccess'),
    'access.NoAccess', 'after revocation Eve\'s next logged read is refused (via bob)'));

  await on(C, 'the audit trail', async (api) => {
    const trail = await api.call.accessApi.auditTrail(patient.address);
    check(trail.length === 1 && trail[0].reader.toString() === eve.address && trail[0].record.toNumber() === id
      && trail[0].basis.isGrant && trail[0].basis.asGrant.toNumber() === 1,
      'charlie shows the audit trail: Eve\'s one read, under grant 1');
    const grants = await api.call.accessApi.grantsOf(patient.address);
    check(grants.length === 1 && grants[0][0].toNumber() === 0, 'charlie shows the patient\'s one remaining grant (Dave\'s)');
  });

  await Promise.all([A, B, C].map(({ api }) => api.disconnect()));
}
