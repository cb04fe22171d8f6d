import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { atLeast, ROLE_LABEL } from './rules';
import { Link, type Location } from './router';
import { useSession } from './session';

const NAV: { href: string; label: string; exact?: boolean }[] = [
  { href: '/', label: 'Dashboard', exact: true },
  { href: '/recommendations', label: 'Recommendations' },
  { href: '/follow-ups', label: 'My follow-ups' },
  { href: '/reports', label: 'Reports' },
];
const ADMIN_NAV: { href: string; label: string; exact?: boolean }[] = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/offices', label: 'Offices' },
];

/** Sets the tab's title for the screen, so history, bookmarks and screen readers name it. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Oversight tracker`;
  }, [title]);
}

export function Layout({ loc, children }: { loc: Location; children: ComponentChildren }) {
  const { user, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, focus goes to the new screen's heading, as a page load would put
  // a screen reader at the top of the new page.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }, [loc.path]);
  const links = atLeast(user, 'admin') ? [...NAV, ...ADMIN_NAV] : NAV;
  const active = (href: string, exact?: boolean) => (exact ? loc.path === href : loc.path === href || loc.path.startsWith(`${href}/`));
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Oversight tracker</span>
        <nav aria-label="Main">
          <ul>
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} aria-current={active(l.href, l.exact) ? 'page' : undefined}>
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {user.name} <span class="muted">({ROLE_LABEL[user.role]})</span>
          </span>
          <button type="button" class="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        {children}
      </main>
    </>
  );
}
