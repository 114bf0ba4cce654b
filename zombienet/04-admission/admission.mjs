// Scenario 4, admitting a hospital, in phases that the zndsl runs; a state file carries what
// one phase noted to the next. A failing step names its node.
//
// - `admit`: through Alice's node the council admits Dave's hospital with 2 of 3 ayes (Alice
//   proposes, Bob votes aye, Charlie closes without voting); Dave's node generates session keys
//   for Dave's account (`author_rotateKeysWithOwner`) and Dave registers them through it.
// - `authoring`: from the session after next at the latest, Dave is a validator, his keys are
//   Aura's and GRANDPA's, the voters switch to the set of four (`grandpa_roundState`), and a
//   block authored by Dave's node appears.
// - `voting` (Charlie's node frozen): GRANDPA needs 3 of the 4 voters; finality moves on, and
//   its justifications carry Dave's precommit.
import { readFile, writeFile } from 'node:fs/promises';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, finalizedNumber, motion, on, send, waitFor, withNodes } from '../../tests/e2e/lib.mjs';

async function accounts() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
  return { alice, bob, charlie, dave };
}

async function admit(uris, stateFile) {
  const { alice, bob, charlie, dave } = await accounts();
  await withNodes(uris, ['alice', 'dave'], async ({ alice: A, dave: D }) => {
    await on(A, 'the council admits Dave\'s hospital', async (api) => {
      check(!(await api.query.session.validators()).map(String).includes(dave.address), '[node alice] Dave is not a validator yet');
      const call = api.tx.hospitals.admit('Dave District Hospital', dave.address, 'http://127.0.0.1:8804');
      const closed = await motion(api, call, { proposer: alice, ayes: [alice, bob], nays: [], closer: charlie });
      const admitted = closed.find((e) => api.events.hospitals.HospitalAdmitted.is(e));
      check(admitted !== undefined && admitted.data.admin.toString() === dave.address,
        `[node alice] 2 of 3 ayes admitted Dave's hospital as hospital ${admitted?.data.hospital}`);
      check((await api.query.council.members()).map(String).includes(dave.address), '[node alice] Dave sits on the council');
    });
    const keys = await on(D, 'Dave registers keys made on his node', async (api, provider) => {
      const generated = await provider.send('author_rotateKeysWithOwner', [u8aToHex(dave.publicKey)]);
      await send(api, api.tx.session.setKeys(generated.keys, generated.proof), dave, 'session.setKeys');
      const registered = (await api.query.session.nextKeys(dave.address)).unwrap();
      check(registered.toHex() === generated.keys, '[node dave] the keys Dave\'s node generated are registered as his session keys');
      const session = (await api.query.session.currentIndex()).toNumber();
      const block = (await api.rpc.chain.getHeader()).number.toNumber();
      console.log(`      (registered in session ${session} at block #${block})`);
      return { aura: registered.aura.toHex(), grandpa: registered.grandpa.toHex(), session, block };
    });
    await writeFile(stateFile, JSON.stringify(keys));
  });
}

async function authoring(uris, stateFile) {
  const { dave } = await accounts();
  const keys = JSON.parse(await readFile(stateFile, 'utf8'));
  await withNodes(uris, ['alice', 'dave'], async ({ alice: A, dave: D }) => {
    await on(A, 'Dave joins the authorities', async (api) => {
      await waitFor(`Dave in session.validators (session ${keys.session + 2} at the latest)`,
        async () => (await api.query.session.validators()).map(String).includes(dave.address), 840_000);
      const session = (await api.query.session.currentIndex()).toNumber();
      check(session <= keys.session + 2, `[node alice] Dave validates from session ${session} (keys registered in session ${keys.session})`);
      check((await api.query.aura.authorities()).some((a) => a.toHex() === keys.aura), '[node alice] his Aura key is an Aura authority');
      await waitFor('his GRANDPA key among the voters', async () =>
        (await api.call.grandpaApi.grandpaAuthorities()).some(([id]) => id.toHex() === keys.grandpa));
      check(true, '[node alice] his GRANDPA key is among the runtime\'s GRANDPA authorities');
    });
    // The runtime schedules the new set at the session change; the voters switch to it once
    // the old set (all three founders) has finalized that block.
    await on(A, 'the voters switch to the new set', async (_, provider) => {
      let state;
      await waitFor('a GRANDPA voter set of four on alice', async () => {
        state = await provider.send('grandpa_roundState', []);
        return state.best.totalWeight === 4;
      }, 180_000);
      check(true, `[node alice] GRANDPA set ${state.setId} has four voters (threshold ${state.best.thresholdWeight})`);
    });
    await on(D, 'a block by Dave', async (api) => {
      const block = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no block authored by Dave within 120 s')), 120_000);
        api.derive.chain.subscribeNewHeads((header) => {
          if (header.author?.toString() === dave.address) {
            clearTimeout(timer);
            resolve(header.number.toNumber());
          }
        }).catch(reject);
      });
      check(true, `[node dave] Dave's node authored block #${block}`);
    });
  });
}

async function voting(uris, stateFile) {
  const keys = JSON.parse(await readFile(stateFile, 'utf8'));
  await withNodes(uris, ['alice', 'dave'], async ({ alice: A, dave: D }) => {
    const from = await finalizedNumber(A.api);
    await on(A, 'finality with Charlie down', async (api) => {
      const precommits = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no GRANDPA justification within 120 s')), 120_000);
        api.rpc.grandpa.subscribeJustifications((notification) => {
          const justification = api.createType('GrandpaJustification', notification.toU8a(true));
          if (justification.commit.targetNumber.toNumber() > from) {
            clearTimeout(timer);
            resolve(justification.commit.precommits.map((p) => p.id.toHex()));
          }
        }).catch(reject);
      });
      check(precommits.includes(keys.grandpa),
        `[node alice] with Charlie down, finality moved past #${from}: the justification's ${precommits.length} precommits include Dave's`);
    });
    await on(D, 'Dave follows finality', async (api) => {
      await waitFor(`finality past #${from} on Dave's node`, async () => (await finalizedNumber(api)) > from);
      check(true, `[node dave] finalized #${await finalizedNumber(api)}`);
    });
  });
}

// The phases, by the name the zndsl passes.
export const PHASES = { admit, authoring, voting };
