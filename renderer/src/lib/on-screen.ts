/**
 * One IntersectionObserver for every element that waits to come on screen: a dashboard of hundreds
 * of cards would otherwise create, and later disconnect, one observer per card.
 */
const waiting = new WeakMap<Element, () => void>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const seen = waiting.get(entry.target);
      observer?.unobserve(entry.target);
      waiting.delete(entry.target);
      seen?.();
    }
  });
  return observer;
}

/** Calls `seen` once, the first time `node` intersects the viewport; the returned function stops waiting. */
export function whenOnScreen(node: Element, seen: () => void): () => void {
  waiting.set(node, seen);
  shared().observe(node);
  return () => {
    waiting.delete(node);
    observer?.unobserve(node);
  };
}
