export { startServer, type RunningServer } from './main.ts';
export { buildApp } from './app.ts';
export { ConfigService, ConfigLoadError } from './config/service.ts';
export { defaultConfig, type Config } from './config/defaults.ts';
export { API_VERSION, PRAT_VERSION } from './version.ts';
export { collectGarbageAtRest } from './rest-collector.ts';
