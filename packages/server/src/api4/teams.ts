import type { Route } from './router.ts';

export const teamRoutes: Route[] = [];
