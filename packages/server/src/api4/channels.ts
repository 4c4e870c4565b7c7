import type { Route } from './router.ts';

export const channelRoutes: Route[] = [];
