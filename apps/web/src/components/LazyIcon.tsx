import { Suspense, lazy } from 'react';
import type { MenuIconName } from './menu-icons.tsx';

const MenuIcon = lazy(() => import('./menu-icons.tsx'));

/**
 * A route-table menu icon: all of them come in one chunk (menu-icons.tsx), loaded when the menu first renders, so
 * they stay out of the login page and cost one small download instead of one per icon: `icon: lazyIcon('Book')`.
 */
export function lazyIcon(name: MenuIconName) {
  return (
    <Suspense fallback={<span className="anticon" style={{ width: '1em', height: '1em' }} />}>
      <MenuIcon name={name} />
    </Suspense>
  );
}
