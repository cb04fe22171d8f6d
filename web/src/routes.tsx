import { useTitle } from './layout';
import { RecommendationForm } from './recommendation/recommendation-form';
import { RecommendationPage } from './recommendation/recommendation-page';
import { atLeast } from './rules';
import { Link, matchPath, type Location } from './router';
import { AdminOffices } from './screens/admin-offices';
import { AdminUsers } from './screens/admin-users';
import { Dashboard } from './screens/dashboard';
import { MyFollowUps } from './screens/my-follow-ups';
import { RecommendationList } from './screens/recommendation-list';
import { Reports } from './screens/reports';
import { useSession } from './session';

export function Routes({ loc }: { loc: Location }) {
  const { user } = useSession();
  const p = loc.path.replace(/\/+$/, '') || '/';
  if (p === '/' || p === '/sign-in') return <Dashboard />;
  if (p === '/recommendations') return <RecommendationList query={loc.query} />;
  if (p === '/recommendations/new') return <RecommendationForm />;
  const edit = matchPath('/recommendations/:id/edit', p);
  if (edit) return <RecommendationForm id={edit.id} />;
  const rec = matchPath('/recommendations/:id', p);
  if (rec) return <RecommendationPage id={rec.id} />;
  if (p === '/follow-ups') return <MyFollowUps />;
  if (p === '/reports') return <Reports />;
  if (p === '/admin/users' || p === '/admin/offices') {
    if (!atLeast(user, 'admin')) return <AdminOnly />;
    return p === '/admin/users' ? <AdminUsers /> : <AdminOffices />;
  }
  return <NotFound />;
}

function NotFound() {
  useTitle('Not found');
  return (
    <>
      <h1>Nothing here</h1>
      <p>
        This address is not a page of the tracker. <Link href="/">Go to the dashboard</Link>.
      </p>
    </>
  );
}

function AdminOnly() {
  useTitle('Administration');
  return (
    <>
      <h1>Administration</h1>
      <p class="error">Only admins manage users and offices.</p>
    </>
  );
}
