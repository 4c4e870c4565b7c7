import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { mount } from './router.ts';
import { userRoutes } from './users.ts';
import { accessTokenRoutes } from './access-tokens.ts';
import { systemRoutes } from './system.ts';
import { configRoutes } from './config.ts';
import { teamRoutes } from './teams.ts';
import { channelRoutes } from './channels.ts';
import { preferenceRoutes } from './preferences.ts';
import { statusRoutes } from './status.ts';
import { postRoutes } from './posts.ts';
import { reactionRoutes } from './reactions.ts';
import { searchRoutes } from './search.ts';
import { channelCategoryRoutes } from './channel-categories.ts';
import { registerUserImageRoutes } from './users-image.ts';
import { fileSearchRoutes, registerFileRoutes } from './files.ts';

/** Every /api/v4 route, one table per Mattermost resource. */
export async function registerApi(http: FastifyInstance, ctx: AppContext): Promise<void> {
  await http.register(
    async (api) => {
      mount(api, ctx, [...systemRoutes, ...configRoutes, ...userRoutes, ...accessTokenRoutes, ...teamRoutes, ...channelRoutes, ...preferenceRoutes, ...statusRoutes, ...postRoutes, ...reactionRoutes, ...searchRoutes, ...fileSearchRoutes]);
      // Uploads read their body as a stream, so the file routes live in a scope with their own body parsers.
      await registerFileRoutes(api, ctx);
      mount(api, ctx, channelCategoryRoutes);
      // Profile image uploads are multipart too.
      await registerUserImageRoutes(api, ctx);
    },
    { prefix: '/api/v4' },
  );
}
