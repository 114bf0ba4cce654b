// Helpers shared by the e2e scripts and the zombienet scenarios: checks that print what they
// verified, extrinsic submission that reports pallet errors by name, council motions, waiting
// for the chain, steps that name their node, and a time-limited entry point.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApiPromise, WsProvider } from '@polkadot/api';

// What a polkadot.js user adds for MHR Chain (`polkadot-js/mhr-chain.json`, see the README):
// the transaction extensions without payload and the node's `mhr_*` RPC methods. Every script
// connects with them, so the shipped definitions cannot rot.
export const MHR_DEFINITIONS = JSON.parse(
  readFileSync(new URL('../../polkadot-js/mhr-chain.json', import.meta.url), 'utf8'));

// The SHA-256 of `bytes` (a Buffer or a string), as `0x`-hex: what a record indexes.
export const sha256 = (bytes) => `0x${createHash('sha256').update(bytes).digest('hex')}`;

// Fails with `message` unless `condition` holds; prints it when it does.
export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`  ok  ${message}`);
}

// Signs and submits `tx` as `signer` (with `nonce`, or the next one the node knows of, and
// further signer `options` such as `tip` or `era`); resolves with the events once it is in a
// block, rejects with the pallet and error name when it fails.
export function send(api, tx, signer, what, nonce = -1, options = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, { nonce, ...options }, (result) => {
      if (result.dispatchError) {
        unsubscribe();
        const error = result.dispatchError.isModule
          ? api.registry.findMetaError(result.dispatchError.asModule)
          : { section: 'dispatch', name: result.dispatchError.toString() };
        reject(new Error(`${what} failed: ${error.section}.${error.name}`));
      } else if (result.status.isInBlock) {
        unsubscribe();
        resolve(result.events.map(({ event }) => event));
      } else if (result.isError) {
        unsubscribe();
        reject(new Error(`${what} not included: ${result.status.type}`));
      }
    })
      .then((unsub) => { unsubscribe = unsub; })
      .catch((error) => reject(new Error(`${what}: ${error.message}`)));
  });
}

// Runs `main`, exiting 0 when it succeeds, 1 when it fails or takes longer than `timeoutMs`.
export function run(name, timeoutMs, main) {
  const timer = setTimeout(() => {
    console.error(`${name} timed out after ${timeoutMs / 1000} s`);
    process.exit(1);
  }, timeoutMs);
  main()
    .then(() => { clearTimeout(timer); console.log(`${name} passed`); process.exit(0); })
    .catch((error) => { console.error(`${name} FAILED: ${error.message}`); process.exit(1); });
}

// Expects `promise` (a `send`) to fail with `error` (`pallet.Name`); checks it with `message`.
export async function refused(promise, error, message) {
  const outcome = await promise.then(() => 'succeeded', (e) => e.message);
  check(outcome.includes(error), `${message} (${error})`);
}

// The number of the finalized head `api`'s node knows.
export async function finalizedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

// The number of the best block `api`'s node knows.
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

// Polls `condition` every 2 s until it holds; fails naming `what` after `timeoutMs`.
export async function waitFor(what, condition, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

// Resolves after `ms` milliseconds.
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Connects to the node `name` at `uri`: `{ name, api, provider }`, as `on` takes it.
export async function connect(name, uri) {
  const provider = new WsProvider(uri);
  const api = await ApiPromise.create({ provider, noInitWarn: true, ...MHR_DEFINITIONS });
  return { name, api, provider };
}

// Connects to the nodes `names` (endpoints in `uris` by name), runs `body(nodes)` with them by
// name, and disconnects.
export async function withNodes(uris, names, body) {
  const nodes = await Promise.all(names.map((name) => connect(name, uris[name])));
  try {
    return await body(Object.fromEntries(nodes.map((node) => [node.name, node])));
  } finally {
    await Promise.all(nodes.map(({ api }) => api.disconnect()));
  }
}

// Runs `step(api, provider)` on `node` (from `connect`) and, when it fails, says on which
// node and in which step.
export async function on(node, what, step) {
  try {
    return await step(node.api, node.provider);
  } catch (error) {
    throw new Error(`[node ${node.name}] ${what}: ${error.message}`);
  }
}

// `proposer` proposes `call` to the council with a threshold of 2/3 of its members (rounded
// up); `ayes` and `nays` vote; `closer` closes it. Resolves with the events of the close.
export async function motion(api, call, { proposer, ayes, nays, closer }) {
  const length = call.method.encodedLength;
  const members = (await api.query.council.members()).length;
  const threshold = Math.ceil((2 * members) / 3);
  const proposed = await send(api, api.tx.council.propose(threshold, call, length), proposer, 'council.propose');
  const event = proposed.find((e) => api.events.council.Proposed.is(e));
  check(event !== undefined, `${call.method.section}.${call.method.method} proposed to the council`);
  const [, index, hash] = event.data;
  const open = await api.query.council.proposalOf(hash);
  check(open.isSome && open.unwrap().method === call.method.method,
    `the open motion decodes as ${open.unwrap().section}.${open.unwrap().method}`);
  await Promise.all([
    ...ayes.map((voter) => send(api, api.tx.council.vote(hash, index, true), voter, 'council.vote aye')),
    ...nays.map((voter) => send(api, api.tx.council.vote(hash, index, false), voter, 'council.vote nay')),
  ]);
  const weight = (await api.call.transactionPaymentCallApi.queryCallInfo(call.method, length)).weight;
  return send(api, api.tx.council.close(hash, index, weight, length), closer, 'council.close');
}
