#!/usr/bin/env node
// The `temp-fixtures` command: a committed file, so installing the workspace
// links it before anything is built (the code is dist/cli.js).
import '../dist/cli.js';
