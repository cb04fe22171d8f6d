import type { Role } from '../src/users/role';

/** A demo office with one user per role, for trying the service out. Never loaded in production. */
export const DEMO_OFFICE_NAME = 'Demo office';
export const DEMO_DEFAULT_PASSWORD = 'demo-password-change-me';

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'viewer@demo.example.org', name: 'Val Viewer', role: 'viewer' },
  { email: 'staffer@demo.example.org', name: 'Sam Staffer', role: 'staffer' },
  { email: 'director@demo.example.org', name: 'Dana Director', role: 'director' },
  { email: 'admin@demo.example.org', name: 'Alex Admin', role: 'admin' },
];
