/** A drawer's width: `max` on a desktop, the whole screen on a phone (read when the drawer renders). */
export function drawerWidth(max: number): number {
  return Math.min(max, typeof window === 'undefined' ? max : window.innerWidth);
}

/** A modal's width: `max` on a desktop, the screen less a small margin on a phone. */
export function modalWidth(max: number): number {
  return Math.min(max, typeof window === 'undefined' ? max : window.innerWidth - 16);
}
