// Zombienet entry point of scenario 2 (a CommonJS module, as zombienet `require`s it): runs
// records.mjs with the three nodes' endpoints, with the @polkadot/api 16.5.6 of package.json
// (zombienet's own `zombie` api is older and knows no runtime APIs).
async function run(_nodeName, networkInfo) {
  const { scenario } = await import('./records.mjs');
  const uri = (name) => networkInfo.nodesByName[name].wsUri;
  await scenario({ alice: uri('alice'), bob: uri('bob'), charlie: uri('charlie') });
  return 0;
}

module.exports = { run };
