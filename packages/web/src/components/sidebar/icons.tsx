// Small inline icons (no icon font, nothing to download). Decorative: the text next to them carries the meaning.
import type { ReactNode } from 'react';
type P = { size?: number };
const svg = (size: number, path: ReactNode) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    {path}
  </svg>
);
export const HashIcon = ({ size = 16 }: P) => svg(size, <path d="M5 9h14M5 15h14M10 4 8 20M16 4l-2 16" />);
export const LockIcon = ({ size = 16 }: P) => svg(size, <><rect x="5" y="11" width="14" height="9" rx="2" /><path d="M8 11V8a4 4 0 0 1 8 0v3" /></>);
export const ArchiveIcon = ({ size = 16 }: P) => svg(size, <><rect x="3" y="4" width="18" height="5" rx="1" /><path d="M5 9v10h14V9M10 13h4" /></>);
export const ChevronIcon = ({ size = 14 }: P) => svg(size, <path d="m6 9 6 6 6-6" />);
export const PlusIcon = ({ size = 16 }: P) => svg(size, <path d="M12 5v14M5 12h14" />);
export const DotsIcon = ({ size = 16 }: P) => svg(size, <><circle cx="5" cy="12" r="1.2" /><circle cx="12" cy="12" r="1.2" /><circle cx="19" cy="12" r="1.2" /></>);
export const SearchIcon = ({ size = 16 }: P) => svg(size, <><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></>);
export const StarIcon = ({ size = 16, filled = false }: P & { filled?: boolean }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="2" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />
  </svg>
);
export const PeopleIcon = ({ size = 16 }: P) => svg(size, <><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6 6 0 0 1 3.5 6" /></>);
export const PinIcon = ({ size = 16 }: P) => svg(size, <path d="M9 4h6l-1 6 4 3v2H6v-2l4-3zM12 15v6" />);
export const FileIcon = ({ size = 16 }: P) => svg(size, <><path d="M14 3H6v18h12V7z" /><path d="M14 3v4h4" /></>);
export const MenuIcon = ({ size = 20 }: P) => svg(size, <path d="M4 6h16M4 12h16M4 18h16" />);
export const BellOffIcon = ({ size = 14 }: P) => svg(size, <><path d="M6 8a6 6 0 0 1 9.5-4.9M18 9c0 6 3 8 3 8H7M10.3 21a2 2 0 0 0 3.4 0M3 3l18 18" /></>);
