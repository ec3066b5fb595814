#!/usr/bin/env node
// `npm start`: build whatever is stale, fetch the embedding model if missing, then run the hub in this
// process (so signals reach it directly).
import { createRequire } from 'node:module';
import { buildClient, buildServer, provisionModel } from './build.mjs';

buildServer();
buildClient();
if (!provisionModel()) console.warn('cohort: starting without the embedding model: suggestions are unavailable until it can be fetched');
const require = createRequire(import.meta.url);
await require('../server/dist/main.js').run();
