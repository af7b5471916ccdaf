import { type ComponentType, type LazyExoticComponent, Suspense, lazy } from 'react';

/**
 * A menu icon loaded on demand, so that route-table icons do not add to the login + shell bundle:
 * `icon: lazyIcon(() => import('@ant-design/icons/BookOutlined'))`.
 */
export function lazyIcon(load: () => Promise<{ default: ComponentType }>) {
  const Icon: LazyExoticComponent<ComponentType> = lazy(load);
  return (
    <Suspense fallback={<span className="anticon" style={{ width: '1em', height: '1em' }} />}>
      <Icon />
    </Suspense>
  );
}
