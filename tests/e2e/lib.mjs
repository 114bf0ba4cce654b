// Helpers shared by the e2e scripts: checks that print what they verified, extrinsic
// submission that reports pallet errors by name, and a time-limited entry point.

import { createHash } from 'node:crypto';

// The SHA-256 of `bytes` (a Buffer or a string), as `0x`-hex: what a record indexes.
export const sha256 = (bytes) => `0x${createHash('sha256').update(bytes).digest('hex')}`;

// Fails with `message` unless `condition` holds; prints it when it does.
export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`  ok  ${message}`);
}

// Signs and submits `tx` as `signer` (with `nonce`, or the next one the node knows of);
// resolves with the events once it is in a block, rejects with the pallet and error name when
// it fails.
export function send(api, tx, signer, what, nonce = -1) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, { nonce }, (result) => {
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
