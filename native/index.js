// Entry of rnnlab-native: the compiled addon, built by scripts/install.js into build/Release.
'use strict';
module.exports = require('./build/Release/rnnlab_native.node');
