#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step between a fresh clone and a running server.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
