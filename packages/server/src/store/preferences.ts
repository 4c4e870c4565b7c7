export type Preference = { user_id: string; category: string; name: string; value: string };

export interface PreferenceStore {
  forUser(userId: string, category?: string): Promise<Preference[]>;
  get(userId: string, category: string, name: string): Promise<Preference | undefined>;
  /** Inserts or replaces each preference. */
  save(prefs: Preference[]): Promise<void>;
  remove(prefs: Array<Pick<Preference, 'user_id' | 'category' | 'name'>>): Promise<void>;
}
