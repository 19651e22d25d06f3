import { tick } from 'svelte';

/**
 * Runs an action whose button is disabled meanwhile. A disabled button loses the focus, and a
 * keyboard user would be left on the page's body: when nothing else took it, the focus goes back.
 */
export async function keepingFocus<T>(button: HTMLElement | undefined, action: () => Promise<T>): Promise<T> {
  const focused = button !== undefined && document.activeElement === button;
  try {
    return await action();
  } finally {
    if (focused) {
      await tick();
      if (document.activeElement === null || document.activeElement === document.body) button.focus();
    }
  }
}
