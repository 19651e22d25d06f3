import { createContext } from 'svelte';
import type { AppState } from './app-state.svelte';

const [getApp, setApp] = createContext<AppState>();

/** Makes `app` the window's state for the calling component and everything it renders. */
export function provideApp(app: AppState): AppState {
  return setApp(app);
}

/** The window's state, as App.svelte provided it; call during component initialisation. */
export function useApp(): AppState {
  return getApp();
}
