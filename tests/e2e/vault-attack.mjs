// A bounded attack on a running vault, on loopback, for a few seconds: while three attacks run
// at once, a legitimate client's requests must stay fast.
//  - header CPU: signed-looking reads whose Authorization account is 256,000 characters (the
//    vault answers 431 before reading it) or 10,000 (under the head limit: 401, unread);
//  - unsigned 16 MiB uploads (refused from their headers: the body is never read), and
//    1 MiB uploads claiming a doctor's account with a fresh challenge but a forged signature
//    (the signature is checked over the address before the body is read: 401, body unread);
//  - slowloris: hundreds of connections sending a request head a byte at a time (cut off by
//    the vault's header timeout; reopened as they close).
// Meanwhile a worker thread of its own (so that the attackers' event loop does not delay it)
// measures GET /v1/health and the patient's own signed read of the record (unlogged, so not
// waiting for a block), and it asserts both p95 < 200 ms.
//
// Usage: node tests/e2e/vault-attack.mjs <vault URL> <record id>
// Environment: MHR_ATTACK_SECONDS (default 12: longer than the vault's 10 s header timeout),
// MHR_ATTACK_SLOWLORIS (default 300, below the vault's connection cap of 512, so that the
// legitimate client is measured against the header timeout, not against the listen backlog:
// beyond the cap, new connections wait for a free slot, the vault's own clients included).
// The vault must be hospital 0's, with //Dave a doctor practising there and //Dave//stash the
// patient of the record (as scripts/e2e-vault.sh sets them up).

import { createHash } from 'node:crypto';
import net from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, run, sleep } from './lib.mjs';

const [vault, record] = isMainThread ? process.argv.slice(2) : [workerData.vault, workerData.record];
const seconds = Number(process.env.MHR_ATTACK_SECONDS ?? 12);
const slowlorisCount = Number(process.env.MHR_ATTACK_SLOWLORIS ?? 300);
const { hostname, port } = new URL(vault);
const P95_LIMIT_MS = 200;

// What a client signs for one request (see mhr_client::vault::challenge_message).
function message(hospital, challenge, method, path, body = Buffer.alloc(0)) {
  const hospitalBytes = Buffer.alloc(4);
  hospitalBytes.writeUInt32LE(hospital);
  return Buffer.concat([Buffer.from('mhr-vault/v1\n'), hospitalBytes, Buffer.from(challenge, 'hex'),
    Buffer.from(`${method} ${path}\n`), createHash('sha256').update(body).digest()]);
}

async function challenge() {
  return (await fetch(`${vault}/v1/challenges`, { method: 'POST' })).json();
}

// Counts of what the attacks got back, by attack and outcome.
const counts = {};
function count(attack, outcome) {
  counts[attack] ??= {};
  counts[attack][outcome] = (counts[attack][outcome] ?? 0) + 1;
}

// Runs `attempt` in `workers` loops until `deadline`, counting each outcome.
async function flood(attack, workers, deadline, attempt) {
  await Promise.all(Array.from({ length: workers }, async () => {
    while (Date.now() < deadline) {
      try {
        count(attack, String(await attempt()));
      } catch (error) {
        count(attack, error.cause?.code ?? error.code ?? 'error');
      }
    }
  }));
}

async function headerCpu(deadline) {
  const fields = (length) => `MHR account=${'5'.repeat(length)}, challenge=${'00'.repeat(32)}, signature=${'00'.repeat(64)}`;
  const [huge, large] = [fields(256_000), fields(10_000)];
  let turn = 0;
  await flood('header CPU', 4, deadline, async () => {
    const authorization = (turn++ % 2 === 0) ? huge : large;
    const response = await fetch(`${vault}/v1/records/${record}`, { headers: { authorization } });
    await response.arrayBuffer();
    return response.status;
  });
}

async function largeUploads(deadline, dave) {
  const body = Buffer.alloc(16 << 20, 7);
  const path = `/v1/blobs/${createHash('sha256').update(body).digest('hex')}`;
  const unsigned = flood('unsigned 16 MiB uploads', 6, deadline, async () => {
    const response = await fetch(`${vault}${path}`, { method: 'PUT', body });
    await response.arrayBuffer();
    return response.status;
  });
  // A doctor's account claimed, a fresh challenge, a signature over another body.
  const forged = Buffer.alloc(1 << 20, 9);
  const claimed = flood('forged 1 MiB uploads claiming a doctor', 6, deadline, async () => {
    const issued = await challenge();
    const signature = Buffer.from(dave.sign(message(issued.hospital, issued.challenge, 'PUT', path))).toString('hex');
    const authorization = `MHR account=${dave.address}, challenge=${issued.challenge}, signature=${signature}`;
    const response = await fetch(`${vault}${path}`, { method: 'PUT', body: forged, headers: { authorization } });
    await response.arrayBuffer();
    return response.status;
  });
  await Promise.all([unsigned, claimed]);
}

// Keeps `connections` sockets sending a request head a byte every 500 ms until `deadline`,
// opening a new one whenever the vault closes one.
async function slowloris(connections, deadline) {
  const head = `GET /v1/health HTTP/1.1\r\nHost: ${hostname}\r\n${'X-Slow: a\r\n'.repeat(100)}`;
  const open = () => new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let sent = 0;
    let timer;
    const drip = () => {
      if (Date.now() >= deadline) { socket.destroy(); return; }
      socket.write(head[sent++ % head.length]);
      timer = setTimeout(drip, 500);
    };
    socket.on('connect', () => { count('slowloris', 'opened'); drip(); });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      if (Date.now() < deadline) count('slowloris', 'closed by the vault');
      resolve();
    });
  });
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < deadline) await open();
  }));
}

// Times `request` every `everyMs` until `deadline`; the latencies in ms, failures counted.
async function measure(what, everyMs, deadline, request) {
  const latencies = [];
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const ok = await request();
      if (ok) latencies.push(performance.now() - started); else count(what, 'failed');
    } catch (error) {
      count(what, `failed: ${error.cause?.code ?? error.message}`);
    }
    await sleep(everyMs);
  }
  return latencies;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(what, latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const [p50, p95] = [percentile(sorted, 50), percentile(sorted, 95)];
  console.log(`  ${what}: ${sorted.length} requests, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`);
  return p95;
}

function keys() {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return ['//Dave', '//Dave//stash'].map((uri) => keyring.addFromUri(uri));
}

// The patient's own signed read of the record: a challenge, then the GET.
async function patientRead(patient) {
  const readPath = `/v1/records/${record}?purpose=1`;
  const issued = await challenge();
  const signature = Buffer.from(patient.sign(message(issued.hospital, issued.challenge, 'GET', readPath))).toString('hex');
  const authorization = `MHR account=${patient.address}, challenge=${issued.challenge}, signature=${signature}`;
  const response = await fetch(`${vault}${readPath}`, { headers: { authorization } });
  const body = await response.json();
  return response.status === 200 && body.logged_in === null && body.sealed.length > 0;
}

// The legitimate client, in its worker thread: from `from` to `deadline` (ms since the epoch),
// the latencies of its requests and the count of its failures.
async function legitimate({ from, deadline }) {
  await cryptoWaitReady();
  const [, patient] = keys();
  await sleep(from - Date.now());
  const [health, read] = await Promise.all([
    measure('health', 50, deadline, async () => {
      const response = await fetch(`${vault}/v1/health`);
      return response.status === 200 && (await response.json()).hospital === 0;
    }),
    measure('patient read', 250, deadline, () => patientRead(patient)),
  ]);
  return { health, read, failures: counts };
}

async function main() {
  await cryptoWaitReady();
  const [dave, patient] = keys();
  check(await patientRead(patient), 'before the attack, the patient reads the record (unlogged)');

  const started = Date.now();
  const deadline = started + seconds * 1000;
  // The legitimate client starts once the attacks are under way.
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { vault, record, from: started + 1000, deadline },
  });
  const measured = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await Promise.all([
    headerCpu(deadline),
    largeUploads(deadline, dave),
    slowloris(slowlorisCount, deadline),
  ]);
  const { health, read, failures } = await measured;
  Object.assign(counts, failures);

  console.log(`  under attack for ${((Date.now() - started) / 1000).toFixed(1)} s (measured from 1 s in):`);
  for (const [attack, outcomes] of Object.entries(counts)) {
    const text = Object.entries(outcomes).map(([outcome, n]) => `${outcome}: ${n}`).join(', ');
    console.log(`  ${attack}: ${text}`);
  }
  const healthP95 = report('GET /v1/health', health);
  const readP95 = report('the patient\'s signed read (challenge + GET)', read);
  check(!counts.health && !counts['patient read'], 'every legitimate request succeeded');
  check((counts['header CPU']?.['431'] ?? 0) > 0 && (counts['header CPU']?.['401'] ?? 0) > 0,
    'oversized Authorization headers were refused: 431 (over the head limit) and 401 (under it)');
  check(!Object.keys(counts['unsigned 16 MiB uploads'] ?? {}).some((outcome) => /^2/.test(outcome)),
    'no unsigned upload was stored');
  check(!Object.keys(counts['forged 1 MiB uploads claiming a doctor'] ?? {}).some((outcome) => /^2/.test(outcome)),
    'no forged upload was stored');
  check((counts.slowloris?.['closed by the vault'] ?? 0) > 0,
    'slowloris connections are cut off by the header timeout');
  check(healthP95 < P95_LIMIT_MS, `GET /v1/health p95 ${healthP95.toFixed(1)} ms < ${P95_LIMIT_MS} ms under attack`);
  check(readP95 < P95_LIMIT_MS, `the patient's read p95 ${readP95.toFixed(1)} ms < ${P95_LIMIT_MS} ms under attack`);
  const after = await fetch(`${vault}/v1/health`);
  check(after.status === 200, 'the vault answers after the attack');
}

if (isMainThread) {
  run('vault attack', 120_000, main);
} else {
  legitimate(workerData).then((result) => parentPort.postMessage(result));
}
