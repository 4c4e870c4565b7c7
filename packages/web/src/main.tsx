import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The base stylesheet first: the components' own stylesheets (imported by App) come after it and win ties.
import './styles/app.css';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
