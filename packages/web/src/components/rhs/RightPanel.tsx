import { useAppState } from '../../store/state.ts';

/** The right-hand panel: a thread, search results, pinned messages or files. */
export function RightPanel() {
  const rhs = useAppState((s) => s.rhs);
  if (!rhs) return null;
  return <aside className="rhs" />;
}
