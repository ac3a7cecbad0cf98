import { render } from 'preact';
import { App } from './app';
import type { ConsoleSettings } from './console-context';
import { setLocale } from './i18n';

const start = async (): Promise<void> => {
  const settings = (await (await fetch('./config.json')).json()) as ConsoleSettings;
  setLocale(navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');
  const root = document.getElementById('app');
  if (root !== null) render(<App settings={settings} />, root);
};

void start();
