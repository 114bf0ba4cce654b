// Zombienet runs a js-script by `require`-ing it and calling its `run(nodeName, networkInfo,
// args)`. Scenarios made of phases (run between stopping and starting nodes) export
// `phaseRunner(...)`: it runs the phase `args[0]` of an ES module's `PHASES` with the nodes'
// endpoints by name and a state file (in the network's folder) that carries what one phase
// noted to the next.
const path = require('node:path');
const { pathToFileURL } = require('node:url');

function phaseRunner(modulePath, nodeNames, stateName) {
  async function run(_nodeName, networkInfo, args) {
    const { PHASES } = await import(pathToFileURL(modulePath).href);
    const phase = PHASES[args[0]];
    if (phase === undefined) {
      throw new Error(`no phase "${args[0]}" in ${path.basename(modulePath)}: it has ${Object.keys(PHASES).join(', ')}`);
    }
    const uris = Object.fromEntries(nodeNames.map((name) => [name, networkInfo.nodesByName[name].wsUri]));
    await phase(uris, path.join(networkInfo.tmpDir, stateName));
    return 0;
  }
  return { run };
}

module.exports = { phaseRunner };
