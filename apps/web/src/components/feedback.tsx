import type { MessageInstance } from 'antd/es/message/interface';
import { type ReactNode, Suspense, createContext, lazy, useCallback, useContext, useMemo, useRef, useState } from 'react';

type Level = 'success' | 'error' | 'info' | 'warning';

/** Short toast messages (themed and localised by the ConfigProvider). */
export interface Toast {
  success(text: string): void;
  error(text: string): void;
  info(text: string): void;
  warning(text: string): void;
}

const ToastContext = createContext<Toast | null>(null);

// The message machinery is not needed to paint a page, so it loads with the first toast, which waits in a queue
// until it has.
const MessageHost = lazy(() => import('./MessageHost.tsx'));

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const apiRef = useRef<MessageInstance | null>(null);
  const queue = useRef<[Level, string][]>([]);
  const [wanted, setWanted] = useState(false);
  const toast = useMemo<Toast>(() => {
    const send = (level: Level, text: string) => {
      const api = apiRef.current;
      if (api) void api[level](text);
      else {
        queue.current.push([level, text]);
        setWanted(true);
      }
    };
    return {
      success: (text) => send('success', text),
      error: (text) => send('error', text),
      info: (text) => send('info', text),
      warning: (text) => send('warning', text),
    };
  }, []);
  const onReady = useCallback((api: MessageInstance) => {
    apiRef.current = api;
    for (const [level, text] of queue.current.splice(0)) void api[level](text);
  }, []);
  return (
    <ToastContext.Provider value={toast}>
      {wanted ? (
        <Suspense fallback={null}>
          <MessageHost onReady={onReady} />
        </Suspense>
      ) : null}
      {children}
    </ToastContext.Provider>
  );
}

export function useMessage(): Toast {
  const toast = useContext(ToastContext);
  if (!toast) throw new Error('useMessage outside FeedbackProvider');
  return toast;
}
