// End-to-end smoke test of a running MHR Chain node with @polkadot/api:
// metadata and chain properties as polkadot.js sees them, then a `balances.transferKeepAlive`
// signed by Alice and followed until it is finalized.
//
// Usage: node tests/e2e/smoke.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { check, MHR_DEFINITIONS, run } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 120_000;

async function finalizedTransfer(api, from, to, amount) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    api.tx.balances
      .transferKeepAlive(to, amount)
      .signAndSend(from, (result) => {
        if (result.dispatchError) {
          unsubscribe();
          const error = result.dispatchError.isModule
            ? api.registry.findMetaError(result.dispatchError.asModule)
            : { section: 'dispatch', name: result.dispatchError.toString() };
          reject(new Error(`transfer failed: ${error.section}.${error.name}`));
        } else if (result.status.isFinalized) {
          unsubscribe();
          resolve(result);
        } else if (result.isError) {
          unsubscribe();
          reject(new Error(`transfer not included: ${result.status.type}`));
        }
      })
      .then((unsub) => { unsubscribe = unsub; })
      .catch(reject);
  });
}

async function main() {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true, ...MHR_DEFINITIONS });

  console.log(`connected to ${endpoint}`);
  const version = api.runtimeVersion;
  check(version.specName.toString() === 'mhr-runtime', `runtime is mhr-runtime (got ${version.specName})`);
  check(api.runtimeMetadata.version >= 14, `metadata v${api.runtimeMetadata.version} decoded`);
  for (const pallet of ['system', 'timestamp', 'balances', 'transactionPayment', 'aura', 'grandpa', 'sudo', 'skipFeelessPayment', 'council', 'hospitals', 'session', 'doctors', 'access', 'records']) {
    check(api.query[pallet] !== undefined || api.events[pallet] !== undefined, `pallet ${pallet} is in the metadata`);
  }
  const extensions = api.registry.signedExtensions;
  check(extensions.includes('CheckMetadataHash'), `transaction extensions: ${extensions.join(', ')}`);

  const properties = await api.rpc.system.properties();
  check(properties.tokenSymbol.unwrapOr([]).map(String).includes('MHR'), 'token symbol is MHR');
  check(properties.tokenDecimals.unwrapOr([]).map(Number).includes(12), 'token has 12 decimals');
  check(properties.ss58Format.unwrapOr(0).toNumber() === 42, 'SS58 format is 42');
  check(api.registry.chainDecimals[0] === 12 && api.registry.chainTokens[0] === 'MHR',
    'the api registry shows MHR with 12 decimals');

  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const recipient = keyring.addFromMnemonic(mnemonicGenerate());
  const amount = 10n ** 12n; // one MHR
  const before = (await api.query.system.account(recipient.address)).data.free.toBigInt();

  const result = await finalizedTransfer(api, alice, recipient.address, amount);
  const blockHash = result.status.asFinalized;
  check(result.events.some(({ event }) => api.events.balances.Transfer.is(event)), 'a Transfer event was emitted');
  check(result.events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)), 'the extrinsic succeeded');
  const after = (await api.query.system.account.at(blockHash, recipient.address)).data.free.toBigInt();
  check(after - before === amount, `the recipient received 1 MHR in finalized block ${blockHash.toHex()}`);

  // Who made each block, as polkadot.js apps' explorer tells it (the Aura slot's authority,
  // looked up in `session.validators`): on the dev chain only Alice's node has keys, so every
  // block is hers, though Bob and Charlie administer hospitals too.
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const authors = new Map();
  for (let number = 1; number <= Math.min(best, 30); number += 1) {
    const header = await api.derive.chain.getHeader(await api.rpc.chain.getBlockHash(number));
    const author = header.author?.toString() ?? 'unknown';
    authors.set(author, (authors.get(author) ?? 0) + 1);
  }
  const credited = [...authors].map(([who, count]) => `${who === alice.address ? 'Alice' : who}: ${count}`);
  check(authors.size === 1 && authors.has(alice.address),
    `every block of #1-#${Math.min(best, 30)} is credited to Alice (${credited.join(', ')})`);

  await api.disconnect();
}

run('smoke test', TIMEOUT_MS, main);
