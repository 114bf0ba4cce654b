// Zombienet entry point of scenario 5: runs a phase of restart.mjs (see ../phases.cjs):
// `before` files a record and notes the finalized head; `after` checks them on every node.
module.exports = require('../phases.cjs').phaseRunner(
  `${__dirname}/restart.mjs`, ['alice', 'bob', 'charlie'], 'restart-state.json');
