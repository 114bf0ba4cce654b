// Zombienet entry point of scenario 3: runs a phase of outage.mjs (see ../phases.cjs).
module.exports = require('../phases.cjs').phaseRunner(
  `${__dirname}/outage.mjs`, ['alice', 'bob', 'charlie', 'dave'], 'outage-state.json');
