// Scenario 5, restart without loss. `before`: through Alice's node, hospital 0 takes on Dave,
// a patient grants him access, he files a record; once the record's block is finalized, the
// finalized head (number and hash) and the record are written to a state file. `after` (all
// three nodes killed and started again from their base paths): on every node the block at that
// height has the same hash, finality moves on past it, and the record reads back the same.
import { readFile, writeFile } from 'node:fs/promises';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  check, finalizedNumber, on, send, sha256, waitFor, withNodes,
} from '../../tests/e2e/lib.mjs';

const UNITS = 10n ** 12n;

export async function before(uris, stateFile) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, dave, patient] = ['//Alice', '//Dave', '//Eve//stash'].map((uri) => keyring.addFromUri(uri));
  await withNodes(uris, ['alice'], ({ alice: A }) => on(A, 'before the restart', async (api) => {
    await Promise.all([
      send(api, api.tx.doctors.registerDoctor(dave.address, 4, `0x${'33'.repeat(32)}`), alice, 'doctors.registerDoctor'),
      send(api, api.tx.access.registerPatient(), patient, 'access.registerPatient'),
    ]);
    await send(api, api.tx.doctors.bond(300n * UNITS), dave, 'doctors.bond');
    await send(api, api.tx.access.grantAccess(patient.address, { Doctor: dave.address }, 'All', 'ReadWrite', null), patient, 'access.grantAccess');
    const hash = sha256('an encrypted x-ray report');
    const events = await send(api, api.tx.records.submitRecord(patient.address, 13, hash, 'http://127.0.0.1:8801/records/xray-3', null), dave, 'records.submitRecord');
    const record = events.find((e) => api.events.records.RecordSubmitted.is(e)).data.record.toNumber();
    const inBlock = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitFor(`block #${inBlock} to be finalized`, async () => (await finalizedNumber(api)) >= inBlock);
    const number = await finalizedNumber(api);
    const headHash = (await api.rpc.chain.getBlockHash(number)).toHex();
    await writeFile(stateFile, JSON.stringify({ number, hash: headHash, record, sha256: hash }));
    check(true, `before the restart: record ${record} filed, finalized #${number} ${headHash.slice(0, 10)}…`);
  }));
}

export async function after(uris, stateFile) {
  const { number, hash, record, sha256 } = JSON.parse(await readFile(stateFile, 'utf8'));
  await withNodes(uris, Object.keys(uris), async (nodes) => {
    for (const node of Object.values(nodes)) {
      await on(node, 'after the restart', async (api) => {
        check((await api.rpc.chain.getBlockHash(number)).toHex() === hash,
          `[node ${node.name}] block #${number} is still ${hash.slice(0, 10)}…`);
        await waitFor(`finality past #${number + 2}`, async () => (await finalizedNumber(api)) > number + 2);
        check(true, `[node ${node.name}] finality resumed (now #${await finalizedNumber(api)})`);
        const entry = (await api.query.records.records(record)).unwrap();
        check(entry.sha256.toHex() === sha256 && entry.category.toNumber() === 13, `[node ${node.name}] record ${record} reads back the same`);
      });
    }
  });
}

// The phases, by the name the zndsl passes.
export const PHASES = { before, after };
