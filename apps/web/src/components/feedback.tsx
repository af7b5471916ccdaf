import type { MessageInstance } from 'antd/es/message/interface';
import { type ReactNode, Suspense, createContext, lazy, useCallback, useContext, useMemo, useRef } from 'react';

type Level = 'success' | 'error' | 'info' | 'warning';

/** Short toast messages (themed and localised by the ConfigProvider). */
export interface Toast {
  success(text: string): void;
  error(text: string): void;
  info(text: string): void;
  warning(text: string): void;
}

const ToastContext = createContext<Toast | null>(null);

// The message machinery is not needed to paint the first page, so it loads right after it; toasts raised before
// then are queued.
const MessageHost = lazy(() => import('./MessageHost.tsx'));

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const apiRef = useRef<MessageInstance | null>(null);
  const queue = useRef<[Level, string][]>([]);
  const toast = useMemo<Toast>(() => {
    const send = (level: Level, text: string) => {
      const api = apiRef.current;
      if (api) void api[level](text);
      else queue.current.push([level, text]);
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
      <Suspense fallback={null}>
        <MessageHost onReady={onReady} />
      </Suspense>
      {children}
    </ToastContext.Provider>
  );
}

export function useMessage(): Toast {
  const toast = useContext(ToastContext);
  if (!toast) throw new Error('useMessage outside FeedbackProvider');
  return toast;
}
