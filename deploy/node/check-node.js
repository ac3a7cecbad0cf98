#!/usr/bin/env node
/*
 * Fails (exit 1) when the running Node is older than package.json's `engines.node`, or when
 * better-sqlite3 was compiled for another Node. `npm test` runs it first (the `pretest` script),
 * so a suite never runs, and never passes, on a runtime the project does not support.
 *
 * Plain CommonJS in the oldest syntax, no dependencies: it has to run, and say why, on the old
 * Node it refuses. The range grammar is the subset package.json uses (comparators `>=`, `>`,
 * `<=`, `<`, `=`, `^`, a bare version; space = and; `||` = or); anything else fails loudly, so a
 * new kind of range cannot pass unchecked.
 */
'use strict';
var path = require('path');

var root = path.join(__dirname, '..', '..');
var range = require(path.join(root, 'package.json')).engines.node;
var running = process.versions.node;
var hint =
  'Use Node 24 LTS (.nvmrc): nvm/fnm/volta, or on Linux eval "$(deploy/node/node.sh env)", then npm ci again.';

function parse(version) {
  var match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version);
  if (!match) throw new Error('cannot read version "' + version + '" in engines.node "' + range + '"');
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

function compare(a, b) {
  for (var i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function satisfies(version, comparator) {
  var match = /^(>=|<=|>|<|=|\^)?\s*(v?[\d.]+)$/.exec(comparator);
  if (!match) throw new Error('unsupported comparator "' + comparator + '" in engines.node "' + range + '"');
  var wanted = parse(match[2]);
  var order = compare(version, wanted);
  switch (match[1] || '=') {
    case '>=': return order >= 0;
    case '>': return order > 0;
    case '<=': return order <= 0;
    case '<': return order < 0;
    case '^': return order >= 0 && version[0] === wanted[0];
    default: return order === 0;
  }
}

function inRange(version, text) {
  return text.split('||').some(function (alternative) {
    var comparators = alternative.trim().split(/\s+/).filter(Boolean);
    if (comparators.length === 0) throw new Error('empty alternative in engines.node "' + text + '"');
    return comparators.every(function (comparator) { return satisfies(version, comparator); });
  });
}

var problems = [];
if (!inRange(parse(running), range)) {
  problems.push('Node ' + running + ' is not one this project supports (package.json engines.node "' + range + '").');
} else {
  // The runtime is right; is the native module built for it? A nodedir pointing at another Node's
  // headers (a machine npmrc's nodedir=/usr, say) builds one that this Node refuses to load.
  try {
    var Database = require(require.resolve('better-sqlite3', { paths: [root] }));
    new Database(':memory:').close();
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND') problems.push('better-sqlite3 is not installed: run npm ci.');
    else problems.push('better-sqlite3 does not load on Node ' + running + ' (' + String(error && error.message).replace(/\s+/g, ' ').trim() +
      '). Rebuild it against this Node\'s headers: npm_config_nodedir=<this Node\'s folder> npm rebuild better-sqlite3 ' +
      '(deploy/node/node.sh env sets that for the pinned Node).');
  }
}

if (problems.length > 0) {
  process.stderr.write('check-node: ' + problems.join('\ncheck-node: ') + '\ncheck-node: ' + hint + '\n');
  process.exit(1);
}
process.stdout.write('check-node: Node ' + running + ' satisfies engines.node "' + range + '"; better-sqlite3 loads\n');
