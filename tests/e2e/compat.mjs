// polkadot.js compatibility check of MHR Chain, on a running chain with some history (the e2e
// suite runs it on the `local` consortium after records.mjs):
//
// 1. every storage item, event and error of the MHR pallets (hospitals, doctors, access,
//    records) is in @polkadot/api's registry with its docs, and every event field is named;
// 2. every entry of every storage item of those pallets decodes, its key's arguments too, and
//    re-encodes to exactly the bytes the node stores;
// 3. every block's events decode and re-encode to exactly the stored bytes, and every event
//    type of the MHR pallets is built from its metadata type and round-trips;
// 4. every error of those pallets resolves from its index (as dispatch errors arrive) to its
//    name and docs;
// 5. the api signs for every transaction extension in the metadata (those it has no built-in
//    type for carry no data); a transfer signed with a tip, a mortal era and the metadata hash
//    (`CheckMetadataHash` mode 1, the hash computed here from the metadata) is included and
//    pays its tip; a patient's consent call skips the fee (`SkipCheckIfFeeless`, counted by
//    `CountFeelessCalls`); a chief doctor's transaction validates with a higher priority than
//    a patient's (`PrioritizeSeniority`); the fee `payment_queryInfo` and `tx.paymentInfo` (what
//    apps shows before signing) quote is zero for a patient's fee-less call;
// 6. the definitions shipped for polkadot.js users (`polkadot-js/mhr-chain.json`) leave no
//    transaction extension unknown and no `mhr_*` RPC method undecorated: without them the api
//    warns about both.
//
// Usage: node tests/e2e/compat.mjs ws://127.0.0.1:9944
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { check, connect, MHR_DEFINITIONS, run, send } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 300_000;
const MHR_PALLETS = ['hospitals', 'doctors', 'access', 'records'];
const UNITS = 10n ** 12n;

// The metadata entry of the pallet `section` (camelCase, as the api names it).
function palletMeta(api, section) {
  const pallet = api.runtimeMetadata.asLatest.pallets
    .find((p) => p.name.toString().toLowerCase() === section.toLowerCase());
  if (pallet === undefined) throw new Error(`no pallet ${section} in the metadata`);
  return pallet;
}

// The stored bytes of a value as the api decoded it: the inner value of an optional item.
function storedBytes(value, optional) {
  if (optional) return value.isSome ? u8aToHex(value.unwrap().toU8a()) : null;
  return u8aToHex(value.toU8a());
}

async function checkRegistry(api) {
  for (const section of MHR_PALLETS) {
    const items = Object.entries(api.query[section]);
    const events = Object.entries(api.events[section]);
    const errors = Object.entries(api.errors[section]);
    check(items.length > 0 && events.length > 0 && errors.length > 0
      && items.every(([, item]) => item.creator.meta.docs.length > 0)
      && events.every(([, event]) => event.meta.docs.length > 0)
      && errors.every(([, error]) => error.meta.docs.length > 0),
    `${section}: ${items.length} storage items, ${events.length} events, ${errors.length} errors, all documented`);
    const unnamed = events.filter(([, event]) => event.meta.fields.some((field) => field.name.isNone));
    check(unnamed.length === 0, `${section}: every event field is named${unnamed.length ? ` (not: ${unnamed.map(([n]) => n)})` : ''}`);
  }
}

async function checkStorage(api, provider) {
  for (const section of MHR_PALLETS) {
    let entries = 0;
    let filled = 0;
    for (const [name, item] of Object.entries(api.query[section])) {
      const { meta } = item.creator;
      const optional = meta.modifier.isOptional;
      const pairs = meta.type.isPlain ? [[item.key(), await item()]] : await item.entries();
      for (const [key, value] of pairs) {
        const keyHex = typeof key === 'string' ? key : key.toHex();
        if (typeof key !== 'string') {
          // Decoding the arguments of transparent hashers (Identity, *Concat) must not throw.
          const hashers = meta.type.asMap.hashers;
          const transparent = hashers.every((h) => h.isIdentity || h.isTwox64Concat || h.isBlake2128Concat);
          if (transparent && key.args.length !== hashers.length) {
            throw new Error(`${section}.${name}: a key decodes to ${key.args.length} arguments, not ${hashers.length}`);
          }
          key.args.forEach((arg) => arg.toJSON());
        }
        value.toHuman();
        const raw = await provider.send('state_getStorage', [keyHex]);
        const decoded = storedBytes(value, optional);
        if (raw !== null && decoded !== raw) {
          throw new Error(`${section}.${name} at ${keyHex} re-encodes to ${decoded}, the node stores ${raw}`);
        }
        entries += 1;
      }
      if (pairs.length > 0 && !(meta.type.isPlain && optional && pairs[0][1].isNone)) filled += 1;
    }
    check(true, `${section}: ${entries} stored entries of ${filled} storage items decode and re-encode to the stored bytes`);
  }
}

async function checkEvents(api, provider) {
  const seen = new Set();
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const eventsKey = api.query.system.events.key();
  let count = 0;
  for (let number = 0; number <= best; number += 1) {
    const hash = await api.rpc.chain.getBlockHash(number);
    const [events, raw] = await Promise.all([
      api.query.system.events.at(hash),
      provider.send('state_getStorage', [eventsKey, hash.toHex()]),
    ]);
    if (raw !== null && u8aToHex(events.toU8a()) !== raw) {
      throw new Error(`the events of block #${number} do not re-encode to the stored bytes`);
    }
    for (const { event } of events) {
      event.toHuman();
      count += 1;
      if (MHR_PALLETS.includes(event.section)) seen.add(`${event.section}.${event.method}`);
    }
  }
  check(seen.size > 0, `${count} events of blocks #0 to #${best} decode and re-encode exactly; MHR events among them: ${[...seen].sort().join(', ')}`);

  let types = 0;
  for (const section of MHR_PALLETS) {
    for (const [name, event] of Object.entries(api.events[section])) {
      const values = event.meta.fields.map((field) => api.registry.createType(api.registry.createLookupType(field.type)));
      for (const value of values) {
        const again = api.registry.createType(value.toRawType(), value.toU8a());
        if (u8aToHex(again.toU8a()) !== u8aToHex(value.toU8a())) throw new Error(`${section}.${name}: a field does not round-trip`);
      }
      types += 1;
    }
  }
  check(types > 0, `all ${types} event types of the MHR pallets build from their metadata types and round-trip`);
}

async function checkErrors(api) {
  for (const section of MHR_PALLETS) {
    const index = palletMeta(api, section).index.toNumber();
    const names = Object.keys(api.errors[section]);
    for (const name of names) {
      const { meta } = api.errors[section][name];
      const found = api.registry.findMetaError({ index: api.createType('u8', index), error: new Uint8Array([meta.index.toNumber(), 0, 0, 0]) });
      if (found.section !== section || found.method !== name || found.docs.length === 0) {
        throw new Error(`${section}.${name} (pallet ${index}, error ${meta.index}) resolves as ${found.section}.${found.method}`);
      }
    }
    check(true, `${section} (pallet ${index}): all ${names.length} errors resolve from their index to their name and docs`);
  }
}

async function checkExtensions(api) {
  const extrinsic = api.runtimeMetadata.asLatest.extrinsic;
  const listed = (extrinsic.signedExtensions ?? extrinsic.transactionExtensions).map((e) => e.identifier.toString());
  const signing = api.registry.signedExtensions;
  check(JSON.stringify(listed) === JSON.stringify(signing), `the api signs for the metadata's ${listed.length} extensions, in order: ${listed.join(', ')}`);
  for (const ext of extrinsic.signedExtensions ?? extrinsic.transactionExtensions) {
    const id = ext.identifier.toString();
    const size = [ext.type, ext.additionalSigned ?? ext.implicit]
      .map((type) => api.registry.createType(api.registry.createLookupType(type)).encodedLength)
      .reduce((a, b) => a + b, 0);
    check(size === 0 || knownBuiltIn(id),
      `${id}: ${size === 0 ? 'carries no data' : 'a built-in type of the api'}`);
  }
}

// What the api warns about while connecting with `options` (warnings on, as in apps).
async function initWarnings(endpoint, options) {
  const warnings = [];
  const warn = console.warn;
  console.warn = (...values) => warnings.push(values.join(' '));
  try {
    const api = await ApiPromise.create({ provider: new WsProvider(endpoint), ...options });
    await api.disconnect();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

async function checkDefinitions(endpoint) {
  const ours = (warnings) => warnings.filter((w) => /Unknown signed extensions|mhr_/.test(w));
  const bare = ours(await initWarnings(endpoint, {}));
  check(bare.some((w) => w.includes('PrioritizeSeniority')) && bare.some((w) => w.includes('mhr_record')),
    `without the shipped definitions the api warns: ${bare.map((w) => w.replace(/^.*?(Unknown|RPC)/, '$1')).join('; ')}`);
  const shipped = ours(await initWarnings(endpoint, MHR_DEFINITIONS));
  check(shipped.length === 0, `with polkadot-js/mhr-chain.json every extension is known and every mhr_* method decorated${shipped.length ? `: ${shipped.join('; ')}` : ''}`);
}

// The extensions @polkadot/api 16 has types for (its `signedExtensions` definitions).
function knownBuiltIn(id) {
  return ['CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality',
    'CheckEra', 'CheckNonce', 'CheckWeight', 'ChargeTransactionPayment', 'ChargeAssetTxPayment',
    'CheckMetadataHash'].includes(id);
}

async function checkSigning(api, provider) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, dave, patient] = ['//Alice', '//Dave', '//Charlie//stash'].map((uri) => keyring.addFromUri(uri));

  // The metadata hash the runtime was built with, computed from its metadata.
  const opaque = (await api.call.metadata.metadataAtVersion(15)).unwrap();
  const metadataHash = u8aToHex(merkleizeMetadata(opaque.toU8a(true), { decimals: 12, tokenSymbol: 'MHR' }).digest());
  const tip = 7n * 10n ** 9n;
  const events = await send(api, api.tx.balances.transferKeepAlive(patient.address, UNITS), alice,
    'balances.transferKeepAlive (tip, mortal, metadata hash)', -1, { tip, era: 64, mode: 1, metadataHash });
  const paid = events.find((e) => api.events.transactionPayment.TransactionFeePaid.is(e));
  check(paid !== undefined && paid.data.tip.toBigInt() === tip,
    `a transfer signed with a tip, a 64-block era and the metadata hash ${metadataHash.slice(0, 10)}… (mode 1) was included and paid its tip`);

  if ((await api.query.access.patients(patient.address)).isNone) {
    await send(api, api.tx.access.registerPatient(), patient, 'access.registerPatient');
  }
  // The fee a wallet shows before signing, asked both ways a client asks: the node's
  // `payment_queryInfo` RPC (read as the JSON it answers: @polkadot/api 16 still decodes that
  // method's result with the V1 weight, a plain u64, and fails on the `{ refTime, proofSize }`
  // today's nodes send) and `tx.paymentInfo`, which polkadot.js apps' sign dialog uses (the
  // `TransactionPaymentApi_query_info` runtime call on a fake-signed copy). Zero for the
  // patient's own fee-less call, the real fee for a paying one.
  const grant = api.tx.access.grantAccess(patient.address, { Hospital: 2 }, 'All', 'Read', null);
  const remark = api.tx.system.remark('0x00');
  const rpcFee = async (tx) => {
    const signed = await api.tx(tx.toU8a()).signAsync(patient, { nonce: -1 });
    const info = await provider.send('payment_queryInfo', [signed.toHex()]);
    return BigInt(info.partialFee);
  };
  const walletFee = async (tx) => (await tx.paymentInfo(patient)).partialFee.toBigInt();
  const [rpcFree, rpcPaid] = [await rpcFee(grant), await rpcFee(remark)];
  check(rpcFree === 0n && rpcPaid > 0n,
    `payment_queryInfo quotes ${rpcFree} for the patient's fee-less grant and ${rpcPaid} for a paying remark`);
  const [walletFree, walletPaid] = [await walletFee(grant), await walletFee(remark)];
  check(walletFree === 0n && walletPaid === rpcPaid,
    `tx.paymentInfo (apps' sign dialog) quotes ${walletFree} for the grant and ${walletPaid} for the remark`);
  const consent = await send(api, grant, patient, 'access.grantAccess');
  check(consent.some((e) => api.events.skipFeelessPayment.FeeSkipped.is(e))
    && !consent.some((e) => api.events.transactionPayment.TransactionFeePaid.is(e)),
  'a patient\'s consent call skipped the fee (SkipCheckIfFeeless, CountFeelessCalls)');
  // What apps' explorer shows of it: `ExtrinsicSuccess` with `paysFee: No`.
  const success = consent.find((e) => api.events.system.ExtrinsicSuccess.is(e));
  check(success?.data.dispatchInfo.paysFee.isNo === true,
    `its ExtrinsicSuccess says paysFee: ${success?.data.dispatchInfo.paysFee.type}`);

  // @polkadot/api 16.5.6's `api.call.taggedTransactionQueue.validateTransaction` puts a second
  // length prefix before the extrinsic, which this SDK's `OpaqueExtrinsic` does not take (the
  // runtime traps decoding it): the script calls the runtime API with the extrinsic's own
  // encoding (source External = 2, the extrinsic, the block hash).
  const priority = async (signer) => {
    const tx = await api.tx.system.remark('0x00').signAsync(signer);
    const head = await api.rpc.chain.getBlockHash();
    const args = u8aToHex(u8aConcat([2], tx.toU8a(), head.toU8a()));
    const raw = await provider.send('state_call', ['TaggedTransactionQueue_validate_transaction', args, head.toHex()]);
    const validity = api.createType('TransactionValidity', raw);
    if (validity.isErr) throw new Error(`${signer.address}'s remark is invalid: ${validity.asErr}`);
    return validity.asOk.priority.toBigInt();
  };
  const [chief, other] = [await priority(dave), await priority(patient)];
  check(chief >= other + 10n ** 15n, `a chief doctor's transaction validates with priority ${chief}, a patient's with ${other} (PrioritizeSeniority)`);
}

async function main() {
  const { api, provider } = await connect('compat', endpoint);
  console.log(`connected to ${endpoint} (metadata v${api.runtimeMetadata.version})`);
  await checkRegistry(api);
  await checkStorage(api, provider);
  await checkEvents(api, provider);
  await checkErrors(api);
  await checkExtensions(api);
  await checkSigning(api, provider);
  await checkDefinitions(endpoint);
  await api.disconnect();
}

run('polkadot.js compatibility check', TIMEOUT_MS, main);
