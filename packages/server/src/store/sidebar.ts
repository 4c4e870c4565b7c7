export type SidebarCategoryType = 'favorites' | 'channels' | 'direct_messages' | 'custom';

/** Mattermost's SidebarCategory, without its channels. */
export type SidebarCategoryRecord = {
  id: string;
  user_id: string;
  team_id: string;
  sort_order: number;
  /** '' (manual), 'manual', 'recent' or 'alpha'. */
  sorting: string;
  type: SidebarCategoryType;
  display_name: string;
  muted: boolean;
  collapsed: boolean;
};

/** A channel placed in a category by the user (Mattermost's SidebarChannel); at most one per user, team and channel. */
export type SidebarChannelRecord = {
  user_id: string;
  team_id: string;
  channel_id: string;
  category_id: string;
  sort_order: number;
};

export type SidebarCategoryPatch = Partial<Pick<SidebarCategoryRecord, 'display_name' | 'sorting' | 'muted' | 'collapsed' | 'sort_order'>>;

/** A user's channel sidebar: categories per team and the channels placed in them. */
export interface SidebarStore {
  /** The user's categories in a team, in sidebar order. */
  categories(userId: string, teamId: string): Promise<SidebarCategoryRecord[]>;
  /** The user's categories of one type, in every team. */
  categoriesOfType(userId: string, type: SidebarCategoryType): Promise<SidebarCategoryRecord[]>;
  /** Holds the user's categories in a team until the transaction ends, so concurrent edits of one sidebar queue. */
  lock(userId: string, teamId: string): Promise<void>;
  /** The channel placements of the user in a team, by category and then position. */
  channels(userId: string, teamId: string): Promise<SidebarChannelRecord[]>;
  /** Inserts the categories whose id is not taken (a concurrent first read may insert the defaults too); returns the ids inserted. */
  insertCategories(categories: SidebarCategoryRecord[]): Promise<string[]>;
  updateCategory(id: string, patch: SidebarCategoryPatch): Promise<void>;
  /** Removes a category and its placements. */
  deleteCategory(id: string): Promise<void>;
  /** Inserts placements; a channel already placed in that team keeps its place. */
  insertChannels(rows: SidebarChannelRecord[]): Promise<void>;
  /** Replaces every placement of the user in a team. */
  replaceChannels(userId: string, teamId: string, rows: SidebarChannelRecord[]): Promise<void>;
  /** Removes the user's categories and placements in a team (they left it). */
  clearTeam(userId: string, teamId: string): Promise<void>;
}
