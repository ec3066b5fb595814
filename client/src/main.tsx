import { zodSettings } from './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles/app.css';
import { App } from './App';

// Read so the bundler keeps the setting (see zodConfig.ts).
void zodSettings;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
