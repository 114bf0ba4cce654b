// Scenario 3, hospitals go down, on four hospital nodes (the `local_four` preset), in phases
// that the zndsl runs between stopping and restarting nodes; a state file carries what one
// phase noted to the next. A failing step names its node.
//
// - `setup` (all up): hospital 0 (Alice) takes on Eve as a doctor; a patient grants her access.
// - `one-down` (Dave frozen): finality moves on, on Alice's, Bob's and Charlie's nodes; Eve
//   files a first record through Alice's node and it is finalized.
// - `caught-up` (Dave killed and restarted): Dave's node catches up: it has the same block at
//   the finalized height noted in `one-down`, follows finality as it moves on, and reads
//   the first record the same.
// - `two-down` (Charlie and Dave frozen): blocks are still authored (Alice's and Bob's slots)
//   but finality stops, and the script reports where and which voters are missing
//   (`grandpa_roundState`); Eve files a second record, which is in a best block but not final.
// - `resumed` (Charlie killed and restarted): finality resumes past the second record's block, and
//   Alice's, Bob's and Charlie's nodes agree on the finalized chain and read both records.
import { readFile, writeFile } from 'node:fs/promises';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import {
  bestNumber, check, finalizedNumber, on, send, sha256, sleep, waitFor, withNodes,
} from '../../tests/e2e/lib.mjs';

const UNITS = 10n ** 12n;
const RADIOLOGY = 21;

async function accounts() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, eve, patient] = ['//Alice', '//Eve', '//Ferdie//stash'].map((uri) => keyring.addFromUri(uri));
  return { alice, eve, patient };
}

async function readState(file) {
  return JSON.parse(await readFile(file, 'utf8').catch(() => '{}'));
}

async function noteState(file, fields) {
  await writeFile(file, JSON.stringify({ ...(await readState(file)), ...fields }));
}

// Eve files a record about the patient through `node`; resolves with its id, hash and the
// number of the block it is in.
async function fileRecord(node, eve, patient, text) {
  return on(node, `Eve files "${text}"`, async (api) => {
    const hash = sha256(text);
    const events = await send(api, api.tx.records.submitRecord(patient.address, RADIOLOGY, hash, `http://127.0.0.1:8801/records/${hash.slice(2, 10)}`, null), eve, 'records.submitRecord');
    const id = events.find((e) => api.events.records.RecordSubmitted.is(e)).data.record.toNumber();
    return { id, sha256: hash, block: await bestNumber(api) };
  });
}

// Checks that `record` reads back the same on `node`.
async function readsBack(node, record) {
  await on(node, `record ${record.id}`, async (api) => {
    const entry = await api.query.records.records(record.id);
    check(entry.isSome && entry.unwrap().sha256.toHex() === record.sha256,
      `[node ${node.name}] record ${record.id} reads back the same`);
  });
}

async function setup(uris, stateFile) {
  const { alice, eve, patient } = await accounts();
  await withNodes(uris, ['alice'], async ({ alice: A }) => {
    await on(A, 'setup', async (api) => {
      await Promise.all([
        send(api, api.tx.doctors.registerDoctor(eve.address, 2, `0x${'44'.repeat(32)}`), alice, 'doctors.registerDoctor'),
        send(api, api.tx.access.registerPatient(), patient, 'access.registerPatient'),
      ]);
      await send(api, api.tx.doctors.bond(200n * UNITS), eve, 'doctors.bond');
      await send(api, api.tx.access.grantAccess(patient.address, { Doctor: eve.address }, 'All', 'ReadWrite', null), patient, 'access.grantAccess');
      check(true, '[node alice] Eve practises at hospital 0, bonded, and holds the patient\'s grant');
    });
  });
  await noteState(stateFile, {});
}

async function oneDown(uris, stateFile) {
  const { eve, patient } = await accounts();
  await withNodes(uris, ['alice', 'bob', 'charlie'], async (nodes) => {
    const { alice: A } = nodes;
    const from = await on(A, 'finalized head', finalizedNumber);
    const record = await fileRecord(A, eve, patient, 'an encrypted CT report, filed while Dave is down');
    for (const node of Object.values(nodes)) {
      await on(node, 'finality with one node down', async (api) => {
        await waitFor(`block #${record.block} (record ${record.id}) to be finalized`,
          async () => (await finalizedNumber(api)) >= record.block);
        check(true, `[node ${node.name}] with Dave down, finality moved from #${from} to #${await finalizedNumber(api)} (record ${record.id}'s block #${record.block} final)`);
      });
    }
    const number = record.block;
    const hash = (await A.api.rpc.chain.getBlockHash(number)).toHex();
    await noteState(stateFile, { record1: record, final1: { number, hash } });
  });
}

async function caughtUp(uris, stateFile) {
  const { record1, final1 } = await readState(stateFile);
  await withNodes(uris, ['alice', 'dave'], async ({ alice: A, dave: D }) => {
    await on(D, 'catching up', async (api) => {
      await waitFor(`Dave's node to finalize #${final1.number}`, async () => (await finalizedNumber(api)) >= final1.number, 180_000);
      check((await api.rpc.chain.getBlockHash(final1.number)).toHex() === final1.hash,
        `[node dave] back and caught up: block #${final1.number} is ${final1.hash.slice(0, 10)}…, as on alice`);
      // With all four back, finality moves on, and Dave's node follows it.
      const target = final1.number + 3;
      await waitFor(`finality to reach #${target} on alice`, async () => (await finalizedNumber(A.api)) >= target);
      await waitFor(`Dave's node to follow finality to #${target}`, async () => (await finalizedNumber(api)) >= target);
      check(true, `[node dave] follows finality with all four up (#${await finalizedNumber(api)})`);
    });
    await readsBack(D, record1);
  });
}

// Where the current GRANDPA round stands on `node`'s voter (`grandpa_roundState`): the first
// step short of the threshold (prevotes, or precommits once prevotes are in) with its weight
// and the names of the voters missing from it.
async function stuckRound(node) {
  const keyring = new Keyring({ type: 'ed25519' });
  const names = Object.fromEntries(['alice', 'bob', 'charlie', 'dave'].map((name) =>
    [u8aToHex(keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`).publicKey), name]));
  const { best } = await node.provider.send('grandpa_roundState', []);
  const step = best.prevotes.currentWeight < best.thresholdWeight ? 'prevotes' : 'precommits';
  const missing = best[step].missing.map((id) => names[u8aToHex(decodeAddress(id))] ?? id).sort();
  return { round: best.round, step, weight: best[step].currentWeight, threshold: best.thresholdWeight, missing };
}

async function twoDown(uris, stateFile) {
  const { eve, patient } = await accounts();
  await withNodes(uris, ['alice', 'bob'], async ({ alice: A, bob: B }) => {
    // Votes already cast may still finalize a block or two: wait until finality is still.
    let stalled = await finalizedNumber(A.api);
    await waitFor('finality to stop moving', async () => {
      await sleep(10_000);
      const now = await finalizedNumber(A.api);
      const still = now === stalled;
      stalled = now;
      return still;
    }, 120_000);
    const record = await fileRecord(A, eve, patient, 'an encrypted MRI report, filed while Charlie and Dave are down');
    const best = await bestNumber(A.api);
    await waitFor('three more blocks', async () => (await bestNumber(A.api)) >= best + 3, 120_000);
    for (const node of [A, B]) {
      await on(node, 'finality with two of four down', async (api) => {
        const [finalized, head] = [await finalizedNumber(api), await bestNumber(api)];
        const round = await stuckRound(node);
        check(finalized === stalled && head > record.block,
          `[node ${node.name}] finality STOPPED at #${finalized} with 2 of 4 voters down, while blocks go on (best #${head})`);
        check(round.missing.join() === 'charlie,dave',
          `[node ${node.name}] grandpa_roundState reports round ${round.round} stuck at ${round.step}: ${round.weight} of the ${round.threshold} needed, missing ${round.missing.join(' and ')}`);
        const atBest = await api.query.records.records(record.id);
        const atFinal = await (await api.at(await api.rpc.chain.getFinalizedHead())).query.records.records(record.id);
        check(atBest.isSome && atFinal.isNone, `[node ${node.name}] record ${record.id} is in block #${record.block}, not yet final`);
      });
    }
    await noteState(stateFile, { record2: record, stalled });
  });
}

async function resumed(uris, stateFile) {
  const { record1, record2, stalled } = await readState(stateFile);
  await withNodes(uris, ['alice', 'bob', 'charlie'], async (nodes) => {
    for (const node of Object.values(nodes)) {
      await on(node, 'finality after Charlie returned', async (api) => {
        await waitFor(`finality past #${record2.block} (record ${record2.id})`,
          async () => (await finalizedNumber(api)) >= record2.block, 180_000);
        check(true, `[node ${node.name}] finality resumed: #${stalled} → #${await finalizedNumber(api)}`);
      });
    }
    const hash = (await nodes.alice.api.rpc.chain.getBlockHash(record2.block)).toHex();
    for (const node of Object.values(nodes)) {
      await on(node, 'the finalized chain', async (api) => {
        check((await api.rpc.chain.getBlockHash(record2.block)).toHex() === hash,
          `[node ${node.name}] block #${record2.block} is ${hash.slice(0, 10)}…, as on alice`);
      });
      await readsBack(node, record1);
      await readsBack(node, record2);
    }
  });
}

// The phases, by the name the zndsl passes.
export const PHASES = { setup, 'one-down': oneDown, 'caught-up': caughtUp, 'two-down': twoDown, resumed };
