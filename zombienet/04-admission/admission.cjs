// Zombienet entry point of scenario 4: runs a phase of admission.mjs (see ../phases.cjs).
module.exports = require('../phases.cjs').phaseRunner(
  `${__dirname}/admission.mjs`, ['alice', 'bob', 'charlie', 'dave'], 'admission-state.json');
