// Zombienet entry point of scenario 5 (CommonJS, as zombienet `require`s it): `before` files a
// record and notes the finalized head; `after` checks them on every node once restarted.
async function run(_nodeName, networkInfo, args) {
  const { before, after } = await import('./restart.mjs');
  const uris = Object.fromEntries(['alice', 'bob', 'charlie'].map((name) => [name, networkInfo.nodesByName[name].wsUri]));
  const state = `${networkInfo.tmpDir}/restart-state.json`;
  await (args[0] === 'before' ? before(uris, state) : after(uris, state));
  return 0;
}

module.exports = { run };
