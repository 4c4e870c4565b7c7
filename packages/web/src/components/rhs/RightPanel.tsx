import { useAppState } from '../../store/state.ts';

/**
 * The right-hand panel shows one thing at a time (state.rhs): a thread, search results, the pinned messages or
 * the files of a channel. Each kind has its own component; this only picks one.
 */
export function RightPanel() {
  const rhs = useAppState((s) => s.rhs);
  if (!rhs) return null;
  return <aside className="rhs" aria-label={rhs.kind} />;
}
