import { useState } from 'preact/hooks';
import { api, startSession } from '../api';
import { useTitle } from '../layout';
import type { TokenPair, User } from '../types';
import { ErrorNote, Field, useAction } from '../ui';

export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (user: User) => void }) {
  useTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    let pair: TokenPair | undefined;
    const ok = await action.run(async () => {
      pair = await api<TokenPair>('POST', '/auth/login', { body: { email, password } });
    });
    if (ok && pair) {
      startSession(pair);
      onSignedIn(pair.user);
    }
  };
  return (
    <main id="main" class="sign-in">
      <form onSubmit={(e) => void submit(e)} class="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Oversight tracker</h1>
        <p class="muted">Sign in with your office account.</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <Field label="Email">
          {(id) => (
            <input id={id} type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Password">
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
