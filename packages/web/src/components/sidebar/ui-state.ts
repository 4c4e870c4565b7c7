// UI state of the sidebar area that the rest of the app does not need: which of its dialogs is open and whether the
// phone-size drawer is out. Kept out of the shared State so other areas never re-render for it.
import { Store, useStoreSelector } from '../../store/store.ts';

export type SidebarDialog =
  | { kind: 'browse' }
  | { kind: 'create'; type?: 'O' | 'P' }
  | { kind: 'direct' }
  | { kind: 'switcher' }
  | { kind: 'category'; channelId?: string; categoryId?: string; name?: string }
  | { kind: 'createTeam' };

type UiState = { dialog: SidebarDialog | null; dialogSeq: number; drawerOpen: boolean };

export const ui = new Store<UiState>({ dialog: null, dialogSeq: 0, drawerOpen: false });

export function useUi<T>(select: (s: UiState) => T): T {
  return useStoreSelector(ui, select);
}

/** Opens one of the sidebar's dialogs (a new instance each time, replacing any open one). */
export const openDialog = (dialog: SidebarDialog) => ui.update((u) => ({ dialog, dialogSeq: u.dialogSeq + 1 }));
export const closeDialog = () => ui.update(() => ({ dialog: null }));
export const setDrawer = (drawerOpen: boolean) => ui.update(() => ({ drawerOpen }));
