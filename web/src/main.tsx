import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, endSession, hasSession, onSessionEnded, refreshSession, signedInUser } from './api';
import { forget } from './data';
import { Layout } from './layout';
import { navigate, useLocation } from './router';
import { Routes } from './routes';
import { SignIn } from './screens/sign-in';
import { SessionContext } from './session';
import type { User } from './types';
import { Loading } from './ui';
import './styles.css';

// Started before the first render: a reload's refresh overlaps with drawing the page.
const startup = hasSession() ? refreshSession() : Promise.resolve(false);

function App() {
  const [user, setUser] = useState<User | null | undefined>(hasSession() ? undefined : null);
  const [notice, setNotice] = useState<string | null>(null);
  const loc = useLocation();

  useEffect(() => {
    onSessionEnded(() => {
      forget();
      setUser(null);
      setNotice('Your session has ended. Please sign in again.');
    });
    if (user === undefined) {
      // A reload: the refresh answers who is signed in, sparing a round trip to /auth/me.
      startup
        .then((ok) => signedInUser() ?? (ok ? api<User>('GET', '/auth/me') : null))
        .then(setUser, () => {
          endSession();
          setUser(null);
        });
    }
    // Once, at start: later sign-ins and sign-outs set the user themselves.
  }, []);

  if (user === undefined) return <Loading what="your session" />;
  if (user === null) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(u) => {
          forget();
          setNotice(null);
          setUser(u);
          if (loc.path === '/sign-in') navigate('/', { replace: true });
        }}
      />
    );
  }

  const signOut = () => {
    const refreshToken = sessionStorage.getItem('oversight.refreshToken');
    // Revoke the session on the server; signing out here does not wait for it.
    if (refreshToken) void api('POST', '/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    endSession();
    forget();
    setNotice('You have signed out.');
    setUser(null);
    navigate('/', { replace: true });
  };
  return (
    <SessionContext.Provider value={{ user, signOut }}>
      <Layout loc={loc}>
        <Routes loc={loc} />
      </Layout>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
