import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { setReauthHandler } from '../api/client.ts';

const ReauthDialog = lazy(() => import('./ReauthDialog.tsx'));

/**
 * Asks for the password again when the server answers reauth_required (personal-data exports, settings changes),
 * then lets the refused call go once more. Mounted once in the shell; calls that arrive while it is open wait for
 * the same answer. The dialog itself loads on first use.
 */
export function ReauthHost() {
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const waiting = useRef<((ok: boolean) => void)[]>([]);

  useEffect(() => {
    setReauthHandler(
      () =>
        new Promise<boolean>((resolve) => {
          waiting.current.push(resolve);
          setUsed(true);
          setOpen(true);
        }),
    );
    return () => setReauthHandler(null);
  }, []);

  const done = (ok: boolean) => {
    const all = waiting.current;
    waiting.current = [];
    setOpen(false);
    for (const resolve of all) resolve(ok);
  };

  if (!used) return null;
  return (
    <Suspense fallback={null}>
      <ReauthDialog open={open} onDone={done} />
    </Suspense>
  );
}
