import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from './types';

/** The signed-in user (as /auth/me answers), for every screen under the layout. */
export const SessionContext = createContext<{ user: User; signOut: () => void } | null>(null);

export function useSession(): { user: User; signOut: () => void } {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in screen');
  return session;
}
