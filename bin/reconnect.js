#!/usr/bin/env node
// `npx reconnect …` runs on the project's pinned Node.js 24 (node_modules/.bin comes first on PATH),
// which runs the TypeScript sources directly (type stripping): there is no build step.
import '../src/cli/main.ts';
